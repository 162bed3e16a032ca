package dev.berth.registry;

import dev.berth.image.ProgressListener;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.image.oci.Descriptor;
import dev.berth.image.oci.ImageIndex;
import dev.berth.image.oci.Platform;
import dev.berth.registry.testing.LocalRegistry;
import dev.berth.registry.testing.LocalRegistryExtension;
import dev.berth.registry.testing.RequiredTools;
import dev.berth.registry.testing.Skopeo;
import dev.berth.registry.testing.TestImage;
import dev.berth.registry.testing.TokenServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Berth and skopeo read what the other wrote, through distribution 2.8. */
class SkopeoInteropTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final LocalRegistryExtension REGISTRY = LocalRegistryExtension.plain();

    private final RegistryClient client = REGISTRY.clientBuilder().build();

    @BeforeEach
    void needsSkopeo() {
        RequiredTools.skopeo();
    }

    private static List<BlobDescriptor> layersAndConfig(byte[] manifest) throws IOException {
        JsonNode m = JSON.readTree(manifest);
        List<BlobDescriptor> blobs = new ArrayList<>();
        blobs.add(descriptor(m.path("config")));
        m.path("layers").forEach(l -> blobs.add(descriptor(l)));
        return blobs;
    }

    private static BlobDescriptor descriptor(JsonNode d) {
        return new BlobDescriptor(d.path("digest").asText(), d.path("size").asLong(), d.path("mediaType").asText());
    }

    @Test
    void imagePushedBySkopeoIsPulledAndVerifiedByBerth(@TempDir Path work) throws IOException {
        TestImage image = TestImage.create("amd64", "from skopeo");
        Path layout = work.resolve("layout");
        image.writeLayout(layout, "v1");
        Skopeo.run("copy", "--dest-tls-verify=false", "oci:" + layout + ":v1", "docker://" + REGISTRY.host() + "/skopeo/pushed:v1");

        ManifestResponse manifest = client.pullManifest("skopeo/pushed", "v1");
        assertEquals(ManifestMediaTypes.OCI_MANIFEST, manifest.mediaType());
        assertEquals(image.manifestDigest(), manifest.digest());
        Path blobs = Files.createDirectories(work.resolve("blobs"));
        client.pullBlobs("skopeo/pushed", layersAndConfig(manifest.bytes()), b -> BlobSink.toFile(blobs.resolve(b.digest().substring(7))),
                ProgressListener.NONE);
        assertArrayEquals(image.layer(), Files.readAllBytes(blobs.resolve(image.layerDescriptor().digest().substring(7))));
        assertArrayEquals(image.config(), Files.readAllBytes(blobs.resolve(image.configDescriptor().digest().substring(7))));
    }

    @Test
    void multiArchIndexPushedBySkopeoYieldsTheHostPlatformsImage(@TempDir Path work) throws IOException {
        List<TestImage> images = List.of(TestImage.create("amd64", "amd64 layer"), TestImage.create("arm64", "arm64 layer"));
        Path layout = work.resolve("layout");
        byte[] index = TestImage.writeIndexLayout(layout, "multi", images);
        Skopeo.run("copy", "--all", "--dest-tls-verify=false", "oci:" + layout + ":multi", "docker://" + REGISTRY.host() + "/skopeo/multi:v1");

        ManifestResponse pulled = client.pullManifest("skopeo/multi", "v1");
        assertTrue(pulled.isIndex(), pulled.mediaType());
        assertEquals(DigestVerifier.sha256(index), pulled.digest());
        for (String arch : List.of("amd64", "arm64")) {
            Descriptor chosen = ImageIndex.parse(pulled.bytes(), "index").value().manifestFor(Platform.of("linux", arch)).orElseThrow();
            ManifestResponse manifest = client.pullManifest("skopeo/multi", chosen.digest().toString());
            BlobDescriptor config = layersAndConfig(manifest.bytes()).get(0);
            MemoryBlobSink sink = BlobSink.inMemory();
            client.pullBlob("skopeo/multi", config, sink, ProgressListener.NONE);
            assertEquals(arch, JSON.readTree(sink.bytes()).path("architecture").asText());
        }
        String host = Platform.host().architecture();
        if (host.equals("amd64") || host.equals("arm64")) {
            Descriptor mine = ImageIndex.parse(pulled.bytes(), "index").value().manifestFor(Platform.host()).orElseThrow();
            assertEquals(images.get(host.equals("amd64") ? 0 : 1).manifestDigest(), mine.digest().toString());
        }
    }

    @Test
    void imagePushedByBerthIsInspectedAndCopiedBySkopeo(@TempDir Path work) throws IOException {
        TestImage image = TestImage.create("arm64", "from berth");
        PlainRegistryTest.push(client, "berth/pushed", "v1", image);

        JsonNode inspect = JSON.readTree(Skopeo.run("inspect", "--tls-verify=false", "docker://" + REGISTRY.host() + "/berth/pushed:v1"));
        assertEquals(image.manifestDigest(), inspect.path("Digest").asText());
        assertEquals("arm64", inspect.path("Architecture").asText());
        assertEquals(image.layerDescriptor().digest(), inspect.path("Layers").path(0).asText());

        Path copy = work.resolve("copy");
        Skopeo.run("copy", "--src-tls-verify=false", "docker://" + REGISTRY.host() + "/berth/pushed:v1", "oci:" + copy + ":v1");
        assertArrayEquals(image.layer(), Files.readAllBytes(copy.resolve("blobs/sha256/" + image.layerDescriptor().digest().substring(7))));
    }

    @Test
    void indexPushedByBerthIsCopiedWholeBySkopeo(@TempDir Path work) throws IOException {
        List<TestImage> images = List.of(TestImage.create("amd64", "a"), TestImage.create("arm64", "b"));
        for (TestImage image : images) {
            PlainRegistryTest.push(client, "berth/multi", image.manifestDigest(), image);
        }
        String digest = client.pushManifest("berth/multi", "v1", ManifestMediaTypes.OCI_INDEX, TestImage.index(images));
        Path copy = work.resolve("copy");
        Skopeo.run("copy", "--all", "--src-tls-verify=false", "docker://" + REGISTRY.host() + "/berth/multi:v1", "oci:" + copy + ":v1");
        assertTrue(Files.exists(copy.resolve("blobs/sha256/" + digest.substring(7))));
        for (TestImage image : images) {
            assertTrue(Files.exists(copy.resolve("blobs/sha256/" + image.layerDescriptor().digest().substring(7))));
        }
    }

    @Test
    void skopeoAndBerthShareATokenAuthenticatedRegistry(@TempDir Path work) throws IOException {
        try (TokenServer tokens = TokenServer.start(work.resolve("tokens")).user("sam", "sam-pw");
                LocalRegistry secured = LocalRegistry.startWithTokens(work.resolve("registry"), tokens)) {
            TestImage image = TestImage.create("amd64", "tokens");
            Path layout = work.resolve("layout");
            image.writeLayout(layout, "v1");
            Skopeo.run("copy", "--dest-tls-verify=false", "--dest-creds", "sam:sam-pw", "oci:" + layout + ":v1",
                    "docker://" + secured.host() + "/shared/app:v1");
            RegistryClient berth = RegistryClient.builder(secured.host()).credentials(Credentials.basic("sam", "sam-pw")).build();
            assertEquals(image.manifestDigest(), berth.pullManifest("shared/app", "v1").digest());
            PlainRegistryTest.push(berth, "shared/app", "v2", TestImage.create("amd64", "tokens 2"));
            JsonNode inspect = JSON.readTree(Skopeo.run("inspect", "--tls-verify=false", "--creds", "sam:sam-pw",
                    "docker://" + secured.host() + "/shared/app:v2"));
            assertEquals("amd64", inspect.path("Architecture").asText());
        }
    }
}
