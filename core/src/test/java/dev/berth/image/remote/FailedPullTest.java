package dev.berth.image.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.image.ImageReference;
import dev.berth.image.oci.Descriptor;
import dev.berth.image.oci.Document;
import dev.berth.image.oci.ImageManifest;
import dev.berth.image.oci.Platform;
import dev.berth.image.store.ImageStore;
import dev.berth.image.testing.TestImages;
import dev.berth.namespaces.host.Host;
import dev.berth.overlayfs.store.LayerStore;
import dev.berth.overlayfs.store.StoredLayer;
import dev.berth.image.ProgressListener;
import dev.berth.registry.testing.FaultServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Pulls from a server that serves a two-layer image with one blob broken, into stores that already hold an image. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FailedPullTest {
    @TempDir
    Path work;
    FaultServer server;
    ImageStore images;
    LayerStore layers;
    Document<ImageManifest> image;
    ImageStore source;
    byte[] indexBefore;

    @BeforeEach
    void serveImage() throws IOException {
        server = FaultServer.start();
        source = ImageStore.open(work.resolve("source"));
        image = TestImages.build(source, null, List.of(TestImages.layerWithFile(work.resolve("a"), "a.txt", "layer a"),
                TestImages.layerWithFile(work.resolve("b"), "b.txt", "layer b")), true);
        server.on("GET", "/v2/bad/app/manifests/v1", (ex, call) -> FaultServer.respond(ex, 200, image.mediaType(), image.bytes()));
        serveBlob(image.value().config(), false);
        serveBlob(image.value().layers().get(0), false);
        images = ImageStore.open(work.resolve("images"));
        layers = LayerStore.open(work.resolve("layers"), Host.system());
        TestImages.build(images, "berth.test/existing:v1", List.of(TestImages.layerWithFile(work.resolve("c"), "c.txt", "c")), true);
        indexBefore = Files.readAllBytes(images.root().resolve("index.json"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void serveBlob(Descriptor blob, boolean corrupt) throws IOException {
        byte[] bytes = source.readBlob(blob.digest());
        if (corrupt) {
            bytes[bytes.length / 2] ^= 1;
        }
        byte[] body = bytes;
        server.on("GET", "/v2/bad/app/blobs/" + blob.digest(), (ex, call) -> FaultServer.respond(ex, 200, "application/octet-stream", body));
    }

    private ImageTransferException failedPull() {
        ImagePuller puller = ImagePuller.create(images, layers, ImagePullerTest.anonymous());
        ImageReference ref = ImageReference.parse(server.host() + "/bad/app:v1");
        ImageTransferException e = assertThrows(ImageTransferException.class, () -> puller.pull(ref, Platform.host(), ProgressListener.NONE));
        assertTrue(e.getMessage().contains(ref.toString()) && e.getMessage().contains(server.host()), e.getMessage());
        return e;
    }

    private void assertStoresUnchanged() throws IOException {
        assertArrayEquals(indexBefore, Files.readAllBytes(images.root().resolve("index.json")), "index.json byte-identical");
        for (StoredLayer layer : layers.list()) {
            assertEquals(0, layers.references(layer.chainId()), "no reference left on " + layer.chainId());
        }
        assertTrue(!images.hasBlob(image.digest()), "the manifest is not stored");
    }

    @Test
    void corruptedLayerFailsNamingItsDigestAndLeavesIndexAndLayerReferencesAsTheyWere() throws IOException {
        Descriptor broken = image.value().layers().get(1);
        serveBlob(broken, true);

        ImageTransferException e = failedPull();

        assertTrue(e.getMessage().contains("blob " + broken.digest() + " does not match its digest"), e.getMessage());
        assertTrue(!images.hasBlob(broken.digest()), "the corrupt blob is not committed");
        assertStoresUnchanged();
    }

    @Test
    void missingBlobFailsNamingIt() throws IOException {
        Descriptor missing = image.value().layers().get(1);

        ImageTransferException e = failedPull();

        assertTrue(e.getMessage().contains(missing.digest().toString()), e.getMessage());
        assertStoresUnchanged();
    }

    @Test
    void layerNotMatchingItsDiffIdFailsAndReleasesTheLayersItUnpacked() throws IOException {
        // A config whose second diffID is wrong: layer a unpacks (and is referenced) before layer b is refused.
        Descriptor second = image.value().layers().get(1);
        serveBlob(second, false);
        Path tampered = work.resolve("tampered");
        ImageStore other = ImageStore.open(tampered);
        Document<ImageManifest> wrong = TestImages.build(other, null, List.of(TestImages.layerWithFile(work.resolve("a2"), "a.txt",
                "layer a"), TestImages.layerWithFile(work.resolve("z"), "z.txt", "not b")), true);
        byte[] config = other.readBlob(wrong.value().config().digest());
        Document<ImageManifest> mixed = ImageManifest.of(image.value().mediaType(), wrong.value().config(), image.value().layers())
                .toDocument();
        server.on("GET", "/v2/bad/app/manifests/v1", (ex, call) -> FaultServer.respond(ex, 200, mixed.mediaType(), mixed.bytes()));
        server.on("GET", "/v2/bad/app/blobs/" + wrong.value().config().digest(),
                (ex, call) -> FaultServer.respond(ex, 200, "application/octet-stream", config));

        ImageTransferException e = failedPull();

        assertTrue(e.getMessage().contains("layer 2 of 2 (" + second.digest()) && e.getMessage().contains("diffID"), e.getMessage());
        assertEquals(1, layers.list().size(), "layer a was unpacked before layer b failed");
        assertStoresUnchanged();
        // Layer blobs are published only with the image (after one sync for all): none is in blobs/, none is left in staging.
        for (Descriptor layer : image.value().layers()) {
            assertTrue(!images.hasBlob(layer.digest()), "layer blob " + layer.digest() + " is not in the store");
        }
        Path staging = images.root().resolve(".berth/tmp");
        try (java.util.stream.Stream<Path> left = Files.exists(staging) ? Files.list(staging) : java.util.stream.Stream.empty()) {
            assertEquals(List.of(), left.toList(), "nothing left in the image store's staging");
        }
    }
}
