package dev.berth.image.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.image.Digest;
import dev.berth.image.DigestMismatchException;
import dev.berth.image.ImageReference;
import dev.berth.image.oci.Descriptor;
import dev.berth.image.oci.Document;
import dev.berth.image.oci.ImageFormatException;
import dev.berth.image.oci.ImageIndex;
import dev.berth.image.oci.ImageManifest;
import dev.berth.image.oci.MediaType;
import dev.berth.image.oci.Platform;
import dev.berth.image.testing.TestImages;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageStoreTest {
    @TempDir
    Path tmp;
    ImageStore store;

    @BeforeEach
    void open() throws IOException {
        store = ImageStore.open(tmp.resolve("store"));
    }

    private Document<ImageManifest> image(String ref, String... files) throws IOException {
        List<Path> layers = new java.util.ArrayList<>();
        for (String f : files) {
            Path dir = Files.createTempDirectory(tmp, "layer");
            layers.add(TestImages.layerWithFile(dir, f, "content of " + f + "\n"));
        }
        return TestImages.build(store, ref, layers, false);
    }

    @Test
    void newStoreIsAnEmptyOciImageLayout() throws IOException {
        Path root = store.root();
        assertEquals("{\"imageLayoutVersion\":\"1.0.0\"}", Files.readString(root.resolve("oci-layout")));
        assertEquals(List.of(), ImageIndex.parse(Files.readAllBytes(root.resolve("index.json")), "index").value().manifests());
        assertTrue(Files.isDirectory(root.resolve("blobs/sha256")));
        ImageStore.open(root);
        assertEquals(List.of(), store.list());
    }

    @Test
    void refusesALayoutOfAnotherVersion() throws IOException {
        Path other = Files.createDirectories(tmp.resolve("other"));
        Files.writeString(other.resolve("oci-layout"), "{\"imageLayoutVersion\":\"2.0.0\"}");
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> ImageStore.open(other));
        assertTrue(e.getMessage().contains("imageLayoutVersion 1.0.0"), e.getMessage());
    }

    @Test
    void blobIsStoredUnderTheDigestOfItsBytes() throws IOException {
        byte[] content = "hello\n".getBytes(StandardCharsets.UTF_8);
        Digest d = store.putBlob(new ByteArrayInputStream(content));
        assertEquals(Digest.sha256(content), d);
        assertTrue(store.hasBlob(d));
        assertEquals(6, store.blobSize(d));
        assertArrayEquals(content, store.readBlob(d));
        assertArrayEquals(content, Files.readAllBytes(store.root().resolve("blobs/sha256/" + d.encoded())));
    }

    @Test
    void blobThatDoesNotMatchItsDigestFailsNamingItAndChangesNothing() throws IOException {
        image("localhost/base:1", "a.txt");
        Map<String, String> before = StoreSnapshot.of(store.root());
        Digest claimed = Digest.sha256("the real content".getBytes(StandardCharsets.UTF_8));
        DigestMismatchException e = assertThrows(DigestMismatchException.class, () -> store.putBlob(
                new ByteArrayInputStream("tampered content".getBytes(StandardCharsets.UTF_8)), claimed));
        assertTrue(e.getMessage().contains(claimed.toString()), e.getMessage());
        assertEquals(claimed, e.expected());
        assertFalse(store.hasBlob(claimed));
        assertEquals(before, StoreSnapshot.of(store.root()));
    }

    @Test
    void truncatedBlobFailsAndChangesNothing() throws IOException {
        byte[] whole = "0123456789".getBytes(StandardCharsets.UTF_8);
        Digest d = Digest.sha256(whole);
        Map<String, String> before = StoreSnapshot.of(store.root());
        IOException e = assertThrows(IOException.class,
                () -> store.putBlob(new ByteArrayInputStream(whole, 0, 4), d, whole.length, "layer x"));
        assertTrue(e.getMessage().contains(d.toString()), e.getMessage());
        assertEquals(before, StoreSnapshot.of(store.root()));
    }

    @Test
    void manifestNamingAMissingBlobIsRefused() throws IOException {
        Digest missing = Digest.sha256("never stored".getBytes(StandardCharsets.UTF_8));
        Digest config = store.putBlob("{}".getBytes(StandardCharsets.UTF_8));
        ImageManifest m = ImageManifest.of(MediaType.OCI_MANIFEST, Descriptor.of(MediaType.OCI_CONFIG, config, 2),
                List.of(Descriptor.of(MediaType.OCI_LAYER, missing, 12)));
        Document<ImageManifest> doc = m.toDocument();
        BlobNotFoundException e = assertThrows(BlobNotFoundException.class, () -> store.putManifest(doc.bytes()));
        assertEquals("manifest " + doc.digest() + " names layer " + missing + ", which is not in the image store "
                + store.root(), e.getMessage());
        assertFalse(store.hasBlob(doc.digest()));
    }

    @Test
    void tagIsRecordedAsRefNameAnnotationWithTheCanonicalReference() throws IOException {
        Document<ImageManifest> m = image("alpine", "etc/hostname");
        List<Descriptor> entries = store.entries();
        assertEquals(1, entries.size());
        assertEquals(Map.of(Descriptor.REF_NAME, "docker.io/library/alpine:latest"), entries.get(0).annotations());
        assertEquals(m.digest(), entries.get(0).digest());
        assertEquals(MediaType.OCI_MANIFEST, entries.get(0).mediaType());
        assertEquals(m.size(), entries.get(0).size());
    }

    @Test
    void resolvesByTagDigestImageIdAndPrefix() throws IOException {
        Document<ImageManifest> m = image("localhost:5000/app:1.0", "app.txt");
        Digest imageId = m.value().config().digest();
        for (String name : List.of("localhost:5000/app:1.0", m.digest().toString(), m.digest().encoded(),
                imageId.toString(), imageId.encoded(), imageId.encoded().substring(0, 12),
                // the short ID docker images prints, with the algorithm as docker rmi takes it
                "sha256:" + imageId.encoded().substring(0, 12), "localhost:5000/app@" + m.digest())) {
            assertEquals(m.digest(), store.resolve(name).digest(), name);
        }
        ImageNotFoundException e = assertThrows(ImageNotFoundException.class, () -> store.resolve("localhost:5000/app:2.0"));
        assertEquals("no image localhost:5000/app:2.0 (localhost:5000/app:2.0) in the image store " + store.root(),
                e.getMessage());
    }

    @Test
    void anIdOrItsPrefixIsNoTagSoRemovingByItRemovesTheImage() throws IOException {
        Document<ImageManifest> m = image("localhost:5000/app:1.0", "app.txt");
        String shortId = m.value().config().digest().encoded().substring(0, 12);
        for (String id : List.of(shortId, "sha256:" + shortId, m.value().config().digest().encoded())) {
            assertTrue(store.tagNamedBy(id).isEmpty(), id + " was taken for a tag");
        }
        assertEquals("localhost:5000/app:1.0", store.tagNamedBy("localhost:5000/app:1.0").orElseThrow().toString());
        // A hex name that is a tag stays a tag.
        store.tag(ImageReference.parse("cafe1234"), m.digest());
        assertEquals("docker.io/library/cafe1234:latest", store.tagNamedBy("cafe1234").orElseThrow().toString());
    }

    @Test
    void inspectReturnsManifestConfigAndTags() throws IOException {
        Document<ImageManifest> m = image("busybox:1", "bin/sh");
        store.tag(ImageReference.parse("busybox:latest"), m.digest());
        ImageDetails d = store.inspect("busybox:1");
        assertEquals(m.digest(), d.manifest().digest());
        assertEquals(m.value().config().digest(), d.config().digest());
        assertEquals(List.of("PATH=/bin"), d.config().value().config().env());
        assertEquals(List.of(ImageReference.parse("busybox:1"), ImageReference.parse("busybox:latest")), d.tags());
    }

    @Test
    void retaggingMovesTheTagAndUntagRemovesIt() throws IOException {
        Document<ImageManifest> one = image("app:v", "one");
        Document<ImageManifest> two = image("app:v", "two");
        assertEquals(1, store.entries().size());
        assertEquals(two.digest(), store.resolve("app:v").digest());
        assertTrue(store.untag(ImageReference.parse("app:v")));
        assertFalse(store.untag(ImageReference.parse("app:v")));
        assertThrows(ImageNotFoundException.class, () -> store.resolve("app:v"));
        assertTrue(store.hasBlob(one.digest()));
    }

    @Test
    void listShowsEveryImageWithIdSizeAndCreation() throws IOException {
        Document<ImageManifest> m = image("docker.io/user/tool:2", "x");
        store.retain(m.digest());
        List<ImageSummary> list = store.list();
        assertEquals(2, list.size());
        ImageSummary tagged = list.get(0);
        assertEquals("docker.io/user/tool:2", tagged.name());
        assertEquals("user/tool:2", tagged.reference().orElseThrow().familiar());
        assertEquals(m.value().config().digest(), tagged.configDigest());
        long expected = m.size() + m.value().config().size() + m.value().layers().get(0).size();
        assertEquals(expected, tagged.size());
        assertEquals(java.time.Instant.parse("2024-01-02T03:04:05Z"), tagged.created());
        assertTrue(list.get(1).reference().isEmpty());
    }

    @Test
    void garbageCollectionRemovesOnlyWhatNoImageReaches() throws IOException {
        Path shared = TestImages.layerWithFile(Files.createTempDirectory(tmp, "shared"), "lib", "shared\n");
        Path onlyA = TestImages.layerWithFile(Files.createTempDirectory(tmp, "a"), "a", "a\n");
        Path onlyB = TestImages.layerWithFile(Files.createTempDirectory(tmp, "b"), "b", "b\n");
        Document<ImageManifest> a = TestImages.build(store, "img:a", List.of(shared, onlyA), false);
        Document<ImageManifest> b = TestImages.build(store, "img:b", List.of(shared, onlyB), false);
        Digest stray = store.putBlob("unreferenced".getBytes(StandardCharsets.UTF_8));

        assertEquals(List.of(stray), store.gc().removed());
        List<Descriptor> removed = store.remove("img:a");
        assertEquals(1, removed.size());
        GarbageCollection gc = store.gc();
        List<Digest> expected = new java.util.ArrayList<>(List.of(a.digest(), a.value().config().digest(),
                a.value().layers().get(1).digest()));
        expected.sort(null);
        List<Digest> actual = new java.util.ArrayList<>(gc.removed());
        actual.sort(null);
        assertEquals(expected, actual);
        assertTrue(gc.bytesFreed() > 0);
        ImageDetails remaining = store.inspect("img:b");
        for (Descriptor layer : remaining.manifest().value().layers()) {
            assertTrue(store.hasBlob(layer.digest()));
        }
        assertEquals(b.digest(), remaining.manifest().digest());
    }

    @Test
    void removeByDigestDropsEveryTagOfTheImage() throws IOException {
        Document<ImageManifest> m = image("one:1", "f");
        store.tag(ImageReference.parse("two:2"), m.digest());
        assertEquals(2, store.remove(m.digest().toString()).size());
        assertEquals(List.of(), store.entries());
    }

    @Test
    void garbageCollectionWaitsForOpenLeases() throws Exception {
        Lease lease = store.lease();
        Digest unreferenced = store.putBlob("written under a lease".getBytes(StandardCharsets.UTF_8));
        CompletableFuture<GarbageCollection> gc = CompletableFuture.supplyAsync(() -> {
            try {
                return store.gc();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThrows(TimeoutException.class, () -> gc.get(500, TimeUnit.MILLISECONDS));
        assertTrue(store.hasBlob(unreferenced));
        lease.close();
        assertEquals(List.of(unreferenced), gc.get(30, TimeUnit.SECONDS).removed());
    }

    @Test
    void gcOnAThreadHoldingALeaseIsRefusedInsteadOfDeadlocking() throws IOException {
        try (Lease lease = store.lease()) {
            assertThrows(IllegalStateException.class, store::gc);
        }
    }

    @Test
    void indexIsFollowedToTheManifestForThePlatform() throws IOException {
        Document<ImageManifest> m = image(null, "x");
        Descriptor forHost = m.descriptor().withPlatform(Platform.host());
        Descriptor other = Descriptor.of(MediaType.OCI_MANIFEST, Digest.sha256(new byte[] {9}), 100)
                .withPlatform(Platform.of("linux", "s390x-other"));
        Document<ImageIndex> index = ImageIndex.of(List.of(other, forHost)).toDocument();
        store.putManifest(index.bytes());
        store.tag(ImageReference.parse("multi:1"), index.digest());
        ImageDetails d = store.inspect("multi:1");
        assertEquals(index.digest(), d.resolved().digest());
        assertEquals(m.digest(), d.manifest().digest());
        assertEquals(index.digest(), d.index().orElseThrow().digest());
        ImageNotFoundException e = assertThrows(ImageNotFoundException.class,
                () -> store.inspect("multi:1", Platform.of("linux", "riscv64")));
        assertTrue(e.getMessage().contains("no manifest for platform linux/riscv64"), e.getMessage());
        assertEquals(List.of(), store.gc().removed());
    }

    @Test
    void artifactWithAnUnknownConfigMediaTypeIsNotAnImage() throws IOException {
        Digest config = store.putBlob("{}".getBytes(StandardCharsets.UTF_8));
        Digest layer = store.putBlob("payload".getBytes(StandardCharsets.UTF_8));
        ImageManifest m = ImageManifest.of(MediaType.OCI_MANIFEST, Descriptor.of("application/vnd.example.config+json", config, 2),
                List.of(Descriptor.of("application/vnd.example.payload", layer, 7)));
        Descriptor stored = store.putManifest(m.toDocument().bytes());
        store.tag(ImageReference.parse("artifact:1"), stored.digest());
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> store.inspect("artifact:1"));
        assertTrue(e.getMessage().contains("application/vnd.example.config+json, not an image config"), e.getMessage());
    }

    @Test
    void berthHomeFollowsTheEnvironment() {
        assertEquals(Path.of("/srv/berth"), StoreLocation.berthHome(Map.of("BERTH_HOME", "/srv/berth"), true, "/root"));
        assertEquals(Path.of("/var/lib/berth"), StoreLocation.berthHome(Map.of(), true, "/root"));
        assertEquals(Path.of("/data/berth"), StoreLocation.berthHome(Map.of("XDG_DATA_HOME", "/data"), false, "/home/u"));
        assertEquals(Path.of("/home/u/.local/share/berth"),
                StoreLocation.berthHome(Map.of("XDG_DATA_HOME", "relative"), false, "/home/u"));
        assertEquals(Path.of("/var/lib/berth/images"), StoreLocation.imageStore(Path.of("/var/lib/berth")));
    }
}
