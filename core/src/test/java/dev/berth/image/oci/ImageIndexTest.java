package dev.berth.image.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Indexes accepted and rejected as image-spec's schema/imageindex_test.go does, plus Docker manifest lists. */
class ImageIndexTest {
    private static final String PPC = "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"size\":7143,"
            + "\"digest\":\"sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f\","
            + "\"platform\":{\"architecture\":\"ppc64le\",\"os\":\"linux\"}}";
    private static final String AMD = "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"size\":7682,"
            + "\"digest\":\"sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270\","
            + "\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\",\"features\":[\"sse4\"]}}";

    private static Document<ImageIndex> parse(String json) throws ImageFormatException {
        return ImageIndex.parse(json.getBytes(StandardCharsets.UTF_8), "test index");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"size\":7682,\"digest\":\"sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270\"}]}",
        "{\"schemaVersion\":2,\"manifests\":[" + PPC + "," + AMD + "],\"annotations\":{\"com.example.key1\":\"value1\"}}",
        "{\"schemaVersion\":2,\"manifests\":[" + PPC + "]}",
        "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"application/customized.manifest+json\",\"size\":7143,\"digest\":\"sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f\"}]}",
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.list.v2+json\",\"manifests\":[]}"})
    void acceptsValidIndexes(String json) throws ImageFormatException {
        parse(json);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"invalid\",\"size\":7143,\"digest\":\"sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f\"}]}",
        "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"size\":\"7682\",\"digest\":\"sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270\"}]}",
        "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"size\":7682}]}",
        "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"\",\"size\":7682,\"digest\":\"sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270\"}]}",
        "{\"schemaVersion\":2}",
        "{\"manifests\":[]}",
        "{\"schemaVersion\":3,\"manifests\":[]}",
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"manifests\":[]}",
        "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"a/b\",\"size\":1,\"digest\":\"sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270\",\"platform\":{\"architecture\":\"amd64\"}}]}"})
    void rejectsInvalidIndexes(String json) {
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> parse(json));
        assertTrue(e.getMessage().startsWith("test index: $."), e.getMessage());
    }

    @Test
    void selectsTheManifestForAPlatform() throws ImageFormatException {
        ImageIndex index = parse("{\"schemaVersion\":2,\"manifests\":[" + PPC + "," + AMD + "]}").value();
        assertEquals("sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270",
                index.manifestFor(Platform.of("linux", "amd64")).orElseThrow().digest().toString());
        assertTrue(index.manifestFor(Platform.of("linux", "s390x")).isEmpty());
    }

    @Test
    void roundTripsThroughDeterministicJson() throws ImageFormatException {
        ImageIndex index = parse("{\"schemaVersion\":2,\"manifests\":[" + AMD + "," + PPC + "]}").value();
        byte[] json = index.toJson();
        assertEquals(index, ImageIndex.parse(json, "again").value());
        assertEquals(new String(json, StandardCharsets.UTF_8), new String(index.toJson(), StandardCharsets.UTF_8));
    }
}
