package dev.berth.image.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link ImageIndex#manifestFor} ranks variants the way containerd's platform matcher does. */
class PlatformPreferenceTest {
    private static String digest(char c) {
        return "sha256:" + String.valueOf(c).repeat(64);
    }

    private static String entry(char c, String platform) {
        return "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + digest(c) + "\",\"size\":7,"
                + "\"platform\":" + platform + "}";
    }

    private static ImageIndex index(String... entries) throws ImageFormatException {
        return ImageIndex.parse(("{\"schemaVersion\":2,\"manifests\":[" + String.join(",", entries) + "]}")
                .getBytes(StandardCharsets.UTF_8), "test index").value();
    }

    private static final String ATTESTATION = entry('0', "{\"architecture\":\"unknown\",\"os\":\"unknown\"}");

    private static Optional<String> pick(String platform) throws ImageFormatException {
        ImageIndex index = index(ATTESTATION,
                entry('1', "{\"architecture\":\"amd64\",\"os\":\"linux\"}"),
                entry('2', "{\"architecture\":\"arm64\",\"os\":\"linux\"}"),
                entry('3', "{\"architecture\":\"arm\",\"os\":\"linux\",\"variant\":\"v6\"}"),
                entry('4', "{\"architecture\":\"arm\",\"os\":\"linux\",\"variant\":\"v7\"}"),
                entry('5', "{\"architecture\":\"amd64\",\"os\":\"windows\"}"));
        return index.manifestFor(Platform.parse(platform)).map(d -> d.digest().toString());
    }

    @Test
    void exactOsAndArchitectureIsChosen() throws ImageFormatException {
        assertEquals(Optional.of(digest('1')), pick("linux/amd64"));
        assertEquals(Optional.of(digest('5')), pick("windows/amd64"));
    }

    @Test
    void arm64HostMatchesAnEntryWithoutVariant() throws ImageFormatException {
        assertEquals(Optional.of(digest('2')), pick("linux/arm64/v8"));
    }

    @Test
    void armPrefersItsOwnVariantAndFallsBackToOlderOnes() throws ImageFormatException {
        assertEquals(Optional.of(digest('4')), pick("linux/arm/v7"));
        assertEquals(Optional.of(digest('3')), pick("linux/arm/v6"));
        assertTrue(pick("linux/arm/v5").isEmpty());
    }

    @Test
    void exactVariantWinsOverAnEarlierCompatibleEntry() throws ImageFormatException {
        ImageIndex index = index(entry('6', "{\"architecture\":\"arm\",\"os\":\"linux\",\"variant\":\"v6\"}"),
                entry('7', "{\"architecture\":\"arm\",\"os\":\"linux\",\"variant\":\"v7\"}"));
        assertEquals(digest('7'), index.manifestFor(Platform.parse("linux/arm/v7")).orElseThrow().digest().toString());
    }

    @Test
    void noMatchingPlatformGivesNothingEvenWithAttestationEntries() throws ImageFormatException {
        assertTrue(pick("linux/s390x").isEmpty());
        assertTrue(index(ATTESTATION).manifestFor(Platform.parse("linux/amd64")).isEmpty());
    }

    @Test
    void hostPlatformUsesGoArchitectureNames() {
        Platform host = Platform.host();
        assertEquals("linux", host.os());
        assertTrue(host.architecture().equals("amd64") || host.architecture().equals("arm64") || host.architecture().equals("arm"),
                host.toString());
        assertTrue(host.accepts(Platform.of("linux", "x86_64")) == host.architecture().equals("amd64"));
    }

    @Test
    void parseRejectsTextThatIsNotOsSlashArchitecture() {
        assertThrows(IllegalArgumentException.class, () -> Platform.parse("linux"));
        assertEquals("linux/arm/v7", Platform.parse("linux/arm/v7").toString());
    }
}
