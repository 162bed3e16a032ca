package dev.berth.image.oci;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Descriptors accepted and rejected as image-spec's schema/descriptor_test.go accepts and rejects them. */
class DescriptorTest {
    private static final String D = "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270";

    static Descriptor parse(String json) throws ImageFormatException {
        return Json.parse(json.getBytes(StandardCharsets.UTF_8), "test descriptor", Descriptor::read);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"size\":7682,\"digest\":\"" + D + "\"}",
        "{\"mediaType\":\"application/octet-stream\",\"size\":0,\"digest\":\"sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\"}",
        "{\"mediaType\":\"1234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567/1234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567\",\"size\":7682,\"digest\":\"" + D + "\"}",
        "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"size\":7682,\"digest\":\"" + D + "\",\"urls\":[\"https://example.com/foo\"]}",
        "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"artifactType\":\"application/vnd.oci.image.manifest.v1+json\",\"size\":7682,\"digest\":\"" + D + "\"}",
        "{\"mediaType\":\"text/plain\",\"size\":34,\"data\":\"aHR0cHM6Ly9naXRodWIuY29tL29wZW5jb250YWluZXJzCg==\",\"digest\":\"sha256:2690af59371e9eca9453dc29882643f46e5ca47ec2862bd517b5e17351325153\"}",
        "{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"size\":1470,\"digest\":\"sha256+b64:c86f7763873b6c0aae22d963bab59b4f5debbed6685761b5951584f6efb0633b\"}",
        "{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"size\":1470,\"digest\":\"multihash+base58:QmRZxt2b1FVZPNqd8hsiykDL3TdBDeTSPX9Kv46HmX4Gx8\"}",
        "{\"digest\":\"sha256+b64u:LCa0a2j_xo_5m0U8HTBBNBNCLXBkg7-g-YpeiGJm564\",\"size\":1000000,\"mediaType\":\"application/vnd.oci.image.config.v1+json\"}",
        "{\"mediaType\":\"a/b\",\"size\":1,\"digest\":\"" + D + "\",\"unknownField\":{\"x\":[1,2]}}"})
    void acceptsValidDescriptors(String json) throws ImageFormatException {
        parse(json);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"size\":7682,\"digest\":\"" + D + "\"}",
        "{\"mediaType\":\"application\",\"size\":7682,\"digest\":\"" + D + "\"}",
        "{\"mediaType\":\".foo/bar\",\"size\":7682,\"digest\":\"" + D + "\"}",
        "{\"mediaType\":\"foo/.bar\",\"size\":7682,\"digest\":\"" + D + "\"}",
        "{\"mediaType\":\"12345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678/bar\",\"size\":7682,\"digest\":\"" + D + "\"}",
        "{\"mediaType\":\"foo/12345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678\",\"size\":7682,\"digest\":\"" + D + "\"}",
        "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + D + "\"}",
        "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"size\":\"7682\",\"digest\":\"" + D + "\"}",
        "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"size\":7682}",
        "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"size\":7682,\"digest\":\":5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270\"}",
        "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"size\":7682,\"digest\":\"sha256\"}",
        "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"size\":7682,\"digest\":\"SHA256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270\"}",
        "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"size\":7682,\"digest\":\"sha256:5B0BCABD1ED22E9FB1310CF6C2DEC7CDEF19F0AD69EFA1F392E94A4333501270\"}",
        "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"size\":7682,\"digest\":\"" + D + "\",\"urls\":[\"value\"]}",
        "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"artifactType\":\"foo/.bar\",\"size\":7682,\"digest\":\"" + D + "\"}",
        "{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"size\":1470,\"digest\":\"sha256+foo+-b:c86f7763873b6c0aae22d963bab59b4f5debbed6685761b5951584f6efb0633b\"}",
        "{\"mediaType\":\"text/plain\",\"size\":34,\"data\":\"aHR0cHM6Ly9naXRodWIuY29tL29wZW5jb250YWluZXJzCg\",\"digest\":\"sha256:2690af59371e9eca9453dc29882643f46e5ca47ec2862bd517b5e17351325153\"}",
        "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"size\":-7682,\"digest\":\"" + D + "\"}",
        "{\"mediaType\":\"a/b\",\"size\":1.5,\"digest\":\"" + D + "\"}",
        "{\"mediaType\":\"a/b\",\"size\":1,\"digest\":\"" + D + "\",\"annotations\":{\"k\":1}}",
        "{\"mediaType\":\"a/b\",\"size\":1,\"digest\":\"" + D + "\",\"platform\":{\"os\":\"linux\"}}"})
    void rejectsInvalidDescriptorsNamingTheDocument(String json) {
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> parse(json));
        assertTrue(e.getMessage().startsWith("test descriptor: $."), e.getMessage());
    }

    @Test
    void errorNamesTheJsonPathAndTheProblem() {
        ImageFormatException e = assertThrows(ImageFormatException.class,
                () -> parse("{\"mediaType\":\"a/b\",\"size\":\"7682\",\"digest\":\"" + D + "\"}"));
        assertEquals("test descriptor: $.size: must be an integer, not string \"7682\"", e.getMessage());
    }

    @Test
    void dataDecodesToTheContent() throws ImageFormatException {
        Descriptor d = parse("{\"mediaType\":\"text/plain\",\"size\":34,\"data\":\"aHR0cHM6Ly9naXRodWIuY29tL29wZW5jb250YWluZXJzCg==\","
                + "\"digest\":\"sha256:2690af59371e9eca9453dc29882643f46e5ca47ec2862bd517b5e17351325153\"}");
        assertArrayEquals("https://github.com/opencontainers\n".getBytes(StandardCharsets.UTF_8), d.decodedData().orElseThrow());
    }
}
