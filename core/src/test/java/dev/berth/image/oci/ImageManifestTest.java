package dev.berth.image.oci;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.image.Digest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Manifests accepted and rejected as image-spec's schema/manifest_test.go does, plus Docker v2.2. */
class ImageManifestTest {
    private static final String CONFIG = "{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"size\":1470,"
            + "\"digest\":\"sha256:c86f7763873b6c0aae22d963bab59b4f5debbed6685761b5951584f6efb0633b\"}";
    private static final String LAYER = "{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"size\":148,"
            + "\"digest\":\"sha256:c57089565e894899735d458f0fd4bb17a0f1e0df8d72da392b85c9b35ee777cd\"}";
    static final String VALID = "{\n  \"schemaVersion\": 2,\n  \"mediaType\": \"application/vnd.oci.image.manifest.v1+json\","
            + "\n  \"config\": " + CONFIG + ",\n  \"layers\": [" + LAYER + "],\n  \"annotations\": {\"key1\": \"value1\"}\n}\n";

    private static Document<ImageManifest> parse(String json) throws ImageFormatException {
        return ImageManifest.parse(json.getBytes(StandardCharsets.UTF_8), "test manifest");
    }

    @Test
    void keepsTheExactBytesAndTheirDigest() throws ImageFormatException {
        byte[] bytes = VALID.getBytes(StandardCharsets.UTF_8);
        Document<ImageManifest> doc = ImageManifest.parse(bytes, "m");
        assertArrayEquals(bytes, doc.bytes());
        assertEquals(Digest.sha256(bytes), doc.digest());
        assertEquals(bytes.length, doc.size());
        assertEquals(MediaType.OCI_MANIFEST, doc.mediaType());
        assertEquals(Digest.parse("sha256:c57089565e894899735d458f0fd4bb17a0f1e0df8d72da392b85c9b35ee777cd"),
                doc.value().layers().get(0).digest());
        // Re-serialising gives different bytes (whitespace), and so a different digest: which is why the original is kept.
        assertTrue(doc.value().toDocument().size() < bytes.length);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"schemaVersion\":2,\"config\":" + CONFIG + ",\"layers\":[" + LAYER + "]}",
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":" + CONFIG
            + ",\"layers\":[{\"mediaType\":\"application/vnd.other.layer\",\"size\":1,\"digest\":\"sha256:c57089565e894899735d458f0fd4bb17a0f1e0df8d72da392b85c9b35ee777cd\"}]}",
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\",\"config\":" + CONFIG + ",\"layers\":[]}",
        "{\"schemaVersion\":2,\"config\":" + CONFIG + ",\"layers\":[" + LAYER + "],\"subject\":" + CONFIG
            + ",\"artifactType\":\"application/vnd.example+json\",\"somethingNew\":true}"})
    void acceptsValidManifests(String json) throws ImageFormatException {
        parse(json);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"schemaVersion\":2,\"mediaType\":\"invalid\",\"config\":" + CONFIG + ",\"layers\":[" + LAYER + "]}",
        "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"size\":\"1470\",\"digest\":\"sha256:c86f7763873b6c0aae22d963bab59b4f5debbed6685761b5951584f6efb0633b\"},\"layers\":[" + LAYER + "]}",
        "{\"schemaVersion\":2,\"config\":" + CONFIG + ",\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"size\":\"675598\",\"digest\":\"sha256:c86f7763873b6c0aae22d963bab59b4f5debbed6685761b5951584f6efb0633b\"}]}",
        "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"size\":1470,\"digest\":\"sha256:c86f7763873b6c0aaehhhhhhhhhhhhhhhhmmmmmmmmmmmmmmmm22d9h3bab59b4f\"},\"layers\":[]}",
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":" + CONFIG + ",\"layers\":[]}",
        "{\"schemaVersion\":1,\"config\":" + CONFIG + ",\"layers\":[" + LAYER + "]}",
        "{\"config\":" + CONFIG + ",\"layers\":[" + LAYER + "]}",
        "{\"schemaVersion\":2,\"layers\":[" + LAYER + "]}",
        "{\"schemaVersion\":2,\"config\":" + CONFIG + "}",
        "{\"schemaVersion\":\"2\",\"config\":" + CONFIG + ",\"layers\":[" + LAYER + "]}",
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"config\":" + CONFIG + ",\"layers\":[" + LAYER + "]}",
        "{\"schemaVersion\":2,\"config\":" + CONFIG + ",\"layers\":[" + LAYER + "],\"annotations\":{\"k\":[]}}"})
    void rejectsInvalidManifests(String json) {
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> parse(json));
        assertTrue(e.getMessage().startsWith("test manifest: $."), e.getMessage());
    }

    @Test
    void badJsonErrorNamesTheDocumentAndWhereItBroke() {
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> parse("{\"schemaVersion\": 2,\n \"config\": }"));
        assertTrue(e.getMessage().startsWith("test manifest is not valid JSON at line 2, column 12: "), e.getMessage());
        assertEquals("test manifest is a JSON array, not an object",
                assertThrows(ImageFormatException.class, () -> parse("[]")).getMessage());
        assertEquals("test manifest is empty, not a JSON object",
                assertThrows(ImageFormatException.class, () -> parse("")).getMessage());
        assertTrue(assertThrows(ImageFormatException.class, () -> parse(VALID + "{}")).getMessage()
                .contains("not valid JSON"));
        assertTrue(assertThrows(ImageFormatException.class, () -> parse("{\"schemaVersion\":2,\"schemaVersion\":2}"))
                .getMessage().contains("Duplicate field"));
    }

    @Test
    void unknownMediaTypeAndSchemaOneAreNamed() {
        String other = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.example.thing+json\",\"config\":" + CONFIG
                + ",\"layers\":[" + LAYER + "]}";
        assertTrue(assertThrows(ImageFormatException.class, () -> parse(other)).getMessage()
                .contains("unsupported manifest media type \"application/vnd.example.thing+json\""));
        String v1 = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v1+prettyjws\",\"config\":"
                + CONFIG + ",\"layers\":[" + LAYER + "]}";
        assertTrue(assertThrows(ImageFormatException.class, () -> parse(v1)).getMessage().contains("schema 1"));
    }

    @Test
    void serialisationIsDeterministicAndRoundTrips() throws ImageFormatException {
        Descriptor config = Descriptor.of(MediaType.OCI_CONFIG, Digest.sha256(new byte[] {1}), 1);
        Descriptor layer = Descriptor.of(MediaType.OCI_LAYER, Digest.sha256(new byte[] {2}), 1)
                .withAnnotations(java.util.Map.of("z", "1", "a", "2"));
        ImageManifest m = ImageManifest.of(MediaType.OCI_MANIFEST, config, List.of(layer));
        byte[] first = m.toJson();
        assertArrayEquals(first, ImageManifest.of(MediaType.OCI_MANIFEST, config, List.of(layer)).toJson());
        assertEquals("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":"
                + "{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + config.digest()
                + "\",\"size\":1},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\""
                + layer.digest() + "\",\"size\":1,\"annotations\":{\"a\":\"2\",\"z\":\"1\"}}]}",
                new String(first, StandardCharsets.UTF_8));
        assertEquals(m, ImageManifest.parse(first, "round trip").value());
    }

    @Test
    void mediaTypeMayBeLeftOutOfAnOciManifest() throws ImageFormatException {
        Document<ImageManifest> doc = parse("{\"schemaVersion\":2,\"config\":" + CONFIG + ",\"layers\":[" + LAYER + "]}");
        assertNull(doc.value().mediaType());
        assertEquals(MediaType.OCI_MANIFEST, doc.mediaType());
    }
}
