package dev.berth.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlatformSelectorTest {
    private static String digest(char c) {
        return "sha256:" + String.valueOf(c).repeat(64);
    }

    private static String entry(char c, String platform) {
        return "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + digest(c) + "\",\"size\":7,"
                + "\"platform\":" + platform + "}";
    }

    private static final byte[] INDEX = ("{\"schemaVersion\":2,\"manifests\":["
            + entry('0', "{\"architecture\":\"unknown\",\"os\":\"unknown\"}") + ","
            + entry('1', "{\"architecture\":\"amd64\",\"os\":\"linux\"}") + ","
            + entry('2', "{\"architecture\":\"arm64\",\"os\":\"linux\"}") + ","
            + entry('3', "{\"architecture\":\"arm\",\"os\":\"linux\",\"variant\":\"v6\"}") + ","
            + entry('4', "{\"architecture\":\"arm\",\"os\":\"linux\",\"variant\":\"v7\"}") + ","
            + entry('5', "{\"architecture\":\"amd64\",\"os\":\"windows\"}") + "]}").getBytes(StandardCharsets.UTF_8);

    private static Optional<String> pick(String platform) {
        return PlatformSelector.select(INDEX, Platform.parse(platform)).map(BlobDescriptor::digest);
    }

    @Test
    void exactOsAndArchitectureIsChosen() {
        assertEquals(Optional.of(digest('1')), pick("linux/amd64"));
        assertEquals(Optional.of(digest('5')), pick("windows/amd64"));
    }

    @Test
    void arm64HostMatchesAnEntryWithoutVariant() {
        assertEquals(Optional.of(digest('2')), pick("linux/arm64/v8"));
    }

    @Test
    void armPrefersItsOwnVariantAndFallsBackToOlderOnes() {
        assertEquals(Optional.of(digest('4')), pick("linux/arm/v7"));
        assertEquals(Optional.of(digest('3')), pick("linux/arm/v6"));
        assertTrue(pick("linux/arm/v5").isEmpty());
    }

    @Test
    void noMatchingPlatformGivesNothingEvenWithAttestationEntries() {
        assertTrue(pick("linux/s390x").isEmpty());
        byte[] onlyAttestation = ("{\"manifests\":[" + entry('0', "{\"architecture\":\"unknown\",\"os\":\"unknown\"}") + "]}")
                .getBytes(StandardCharsets.UTF_8);
        assertTrue(PlatformSelector.select(onlyAttestation, Platform.parse("linux/amd64")).isEmpty());
    }

    @Test
    void selectedDescriptorCarriesSizeAndMediaType() {
        BlobDescriptor d = PlatformSelector.select(INDEX, Platform.parse("linux/amd64")).orElseThrow();
        assertEquals(7, d.size());
        assertEquals(ManifestMediaTypes.OCI_MANIFEST, d.mediaType());
    }

    @Test
    void notAnIndexIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> PlatformSelector.select("{\"layers\":[]}".getBytes(StandardCharsets.UTF_8),
                Platform.parse("linux/amd64")));
    }

    @Test
    void hostPlatformUsesOciArchitectureNames() {
        Platform host = Platform.host();
        assertEquals("linux", host.os());
        assertTrue(host.architecture().equals("amd64") || host.architecture().equals("arm64") || host.architecture().equals("arm"),
                host.toString());
        assertEquals("amd64", Platform.normalizeArchitecture("x86_64"));
        assertEquals("arm64", Platform.normalizeArchitecture("aarch64"));
    }
}
