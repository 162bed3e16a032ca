package dev.berth.registry;

import dev.berth.image.ProgressListener;
import dev.berth.image.TransferProgress;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.image.oci.Descriptor;
import dev.berth.image.oci.ImageIndex;
import dev.berth.image.oci.Platform;
import dev.berth.registry.testing.LocalRegistryExtension;
import dev.berth.registry.testing.TestImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Against distribution 2.8 without authentication. */
class PlainRegistryTest {
    @RegisterExtension
    static final LocalRegistryExtension REGISTRY = LocalRegistryExtension.plain();

    private final RegistryClient client = REGISTRY.clientBuilder().build();

    static void push(RegistryClient c, String repository, String tag, TestImage image) throws IOException {
        c.pushBlob(repository, image.layerDescriptor(), BlobSource.of(image.layer()));
        c.pushBlob(repository, image.configDescriptor(), BlobSource.of(image.config()));
        c.pushManifest(repository, tag, ManifestMediaTypes.OCI_MANIFEST, image.manifest());
    }

    static byte[] pullBlob(RegistryClient c, String repository, BlobDescriptor blob) throws IOException {
        MemoryBlobSink sink = BlobSink.inMemory();
        c.pullBlob(repository, blob, sink, ProgressListener.NONE);
        return sink.bytes();
    }

    static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void pushedImageIsPulledBackByteForByte() throws IOException {
        TestImage image = TestImage.create("amd64", "round trip");
        push(client, "plain/roundtrip", "v1", image);
        ManifestResponse manifest = client.pullManifest("plain/roundtrip", "v1");
        assertArrayEquals(image.manifest(), manifest.bytes());
        assertEquals(ManifestMediaTypes.OCI_MANIFEST, manifest.mediaType());
        assertEquals(image.manifestDigest(), manifest.digest());
        assertArrayEquals(image.layer(), pullBlob(client, "plain/roundtrip", image.layerDescriptor()));
        assertArrayEquals(image.config(), pullBlob(client, "plain/roundtrip", image.configDescriptor()));
    }

    @Test
    void blobCheckFindsABlobOnlyAfterItIsPushedAndPushingAgainSendsNothing() throws IOException {
        byte[] bytes = randomBytes(3000, 1);
        BlobDescriptor blob = BlobDescriptor.of(DigestVerifier.sha256(bytes), bytes.length);
        assertEquals(Optional.empty(), client.checkBlob("plain/check", blob.digest()));
        assertEquals(BlobPushOutcome.UPLOADED, client.pushBlob("plain/check", blob, BlobSource.of(bytes)));
        assertEquals(Optional.of(new BlobDescriptor(blob.digest(), 3000, "")), client.checkBlob("plain/check", blob.digest()));
        assertEquals(BlobPushOutcome.ALREADY_PRESENT, client.pushBlob("plain/check", blob, BlobSource.of(bytes)));
    }

    @Test
    void chunkedUploadStoresTheSameBlob() throws IOException {
        RegistryClient chunked = REGISTRY.clientBuilder().chunkSize(1000).build();
        byte[] bytes = randomBytes(4500, 2);
        BlobDescriptor blob = BlobDescriptor.of(DigestVerifier.sha256(bytes), bytes.length);
        assertEquals(BlobPushOutcome.UPLOADED, chunked.pushBlob("plain/chunked", blob, BlobSource.of(bytes)));
        assertArrayEquals(bytes, pullBlob(client, "plain/chunked", blob));
    }

    @Test
    void blobPushedFromAFileIsUploadedInOnePut(@TempDir Path files) throws IOException {
        byte[] bytes = randomBytes(100_000, 3);
        Path file = Files.write(files.resolve("blob"), bytes);
        BlobDescriptor blob = BlobDescriptor.of(DigestVerifier.sha256(bytes), bytes.length);
        assertEquals(BlobPushOutcome.UPLOADED, client.pushBlob("plain/file", blob, BlobSource.of(file)));
        assertArrayEquals(bytes, pullBlob(client, "plain/file", blob));
    }

    @Test
    void crossRepositoryMountLinksTheBlobWithoutUploading() throws IOException {
        byte[] bytes = randomBytes(2000, 4);
        BlobDescriptor blob = BlobDescriptor.of(DigestVerifier.sha256(bytes), bytes.length);
        client.pushBlob("plain/mount-source", blob, BlobSource.of(bytes));
        BlobSource refusing = new BlobSource() {
            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public java.io.InputStream open() {
                throw new AssertionError("a mounted blob must not be read");
            }
        };
        assertEquals(BlobPushOutcome.MOUNTED, client.pushBlob("plain/mount-target", blob, refusing, "plain/mount-source"));
        assertTrue(client.checkBlob("plain/mount-target", blob.digest()).isPresent());
    }

    @Test
    void mountFromARepositoryWithoutTheBlobFallsBackToUpload() throws IOException {
        byte[] bytes = randomBytes(2000, 5);
        BlobDescriptor blob = BlobDescriptor.of(DigestVerifier.sha256(bytes), bytes.length);
        assertEquals(BlobPushOutcome.UPLOADED, client.pushBlob("plain/mount-fallback", blob, BlobSource.of(bytes), "plain/empty"));
        assertArrayEquals(bytes, pullBlob(client, "plain/mount-fallback", blob));
    }

    @Test
    void manifestPushedByDigestIsCheckedAndPulledByDigest() throws IOException {
        TestImage image = TestImage.create("arm64", "by digest");
        client.pushBlob("plain/bydigest", image.layerDescriptor(), BlobSource.of(image.layer()));
        client.pushBlob("plain/bydigest", image.configDescriptor(), BlobSource.of(image.config()));
        String digest = client.pushManifest("plain/bydigest", image.manifestDigest(), ManifestMediaTypes.OCI_MANIFEST, image.manifest());
        assertEquals(image.manifestDigest(), digest);
        ManifestInfo info = client.checkManifest("plain/bydigest", digest).orElseThrow();
        assertEquals(new ManifestInfo(ManifestMediaTypes.OCI_MANIFEST, digest, image.manifest().length), info);
        assertArrayEquals(image.manifest(), client.pullManifest("plain/bydigest", digest).bytes());
        assertEquals(Optional.empty(), client.checkManifest("plain/bydigest", "absent"));
    }

    @Test
    void indexIsPushedAndTheRequestedPlatformsManifestSelected() throws IOException {
        List<TestImage> images = List.of(TestImage.create("amd64", "x86"), TestImage.create("arm64", "arm"));
        for (TestImage image : images) {
            push(client, "plain/multi", image.manifestDigest(), image);
        }
        byte[] index = TestImage.index(images);
        client.pushManifest("plain/multi", "latest", ManifestMediaTypes.OCI_INDEX, index);
        ManifestResponse pulled = client.pullManifest("plain/multi", "latest");
        assertTrue(pulled.isIndex());
        assertArrayEquals(index, pulled.bytes());
        Descriptor arm = ImageIndex.parse(pulled.bytes(), "index").value().manifestFor(Platform.parse("linux/arm64")).orElseThrow();
        assertEquals(images.get(1).manifestDigest(), arm.digest().toString());
        assertArrayEquals(images.get(1).manifest(), client.pullManifest("plain/multi", arm.digest().toString()).bytes());
    }

    @Test
    void allTagsAreListed() throws IOException {
        TestImage image = TestImage.create("amd64", "tags");
        for (String tag : List.of("a", "b", "c", "d", "e")) {
            push(client, "plain/tags", tag, image);
        }
        // distribution 2.8 ignores n= on tag lists and returns them unsorted; paging is covered by the catalog.
        assertEquals(List.of("a", "b", "c", "d", "e"), client.listTags("plain/tags").stream().sorted().toList());
    }

    @Test
    void catalogIsListedAcrossPages() throws IOException {
        for (String name : List.of("plain/cat-a", "plain/cat-b", "plain/cat-c")) {
            push(client, name, "v1", TestImage.create("amd64", name));
        }
        RegistryClient paged = REGISTRY.clientBuilder().pageSize(1).build();
        List<String> all = paged.listRepositories();
        assertTrue(all.containsAll(List.of("plain/cat-a", "plain/cat-b", "plain/cat-c")), all.toString());
        assertEquals(all.size(), Set.copyOf(all).size(), "no repository listed twice: " + all);
    }

    @Test
    void unknownManifestFailsWithManifestUnknownNamingRegistryRepositoryAndOperation() {
        RegistryException e = assertThrows(RegistryException.class, () -> client.pullManifest("plain/nothing", "nope"));
        assertEquals("MANIFEST_UNKNOWN", e.code());
        assertEquals(404, e.statusCode());
        assertTrue(e.getMessage().startsWith(REGISTRY.host() + "/plain/nothing: pull manifest nope failed: MANIFEST_UNKNOWN"), e.getMessage());
    }

    @Test
    void unknownBlobFailsWithBlobUnknownAndNothingIsCommitted() {
        MemoryBlobSink sink = BlobSink.inMemory();
        BlobDescriptor absent = BlobDescriptor.of(DigestVerifier.sha256(new byte[] {42}));
        RegistryException e = assertThrows(RegistryException.class, () -> client.pullBlob("plain/nothing", absent, sink, ProgressListener.NONE));
        assertEquals("BLOB_UNKNOWN", e.code());
        assertTrue(e.getMessage().contains("pull blob " + absent.digest()), e.getMessage());
        assertFalse(sink.isCommitted());
    }

    @Test
    void blobsAreDownloadedConcurrentlyIntoFilesWithProgress(@TempDir Path store) throws IOException {
        List<BlobDescriptor> blobs = new ArrayList<>();
        Map<String, byte[]> contents = new ConcurrentHashMap<>();
        for (int i = 0; i < 6; i++) {
            byte[] bytes = randomBytes(300_000 + i, 10 + i);
            BlobDescriptor blob = BlobDescriptor.of(DigestVerifier.sha256(bytes), bytes.length);
            client.pushBlob("plain/many", blob, BlobSource.of(bytes));
            blobs.add(blob);
            contents.put(blob.digest(), bytes);
        }
        List<TransferProgress> events = new CopyOnWriteArrayList<>();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        client.pullBlobs("plain/many", blobs, b -> BlobSink.toFile(store.resolve(b.digest().substring(7))), p -> {
            events.add(p);
            threads.add(Thread.currentThread().getName());
        });
        for (BlobDescriptor blob : blobs) {
            assertArrayEquals(contents.get(blob.digest()), Files.readAllBytes(store.resolve(blob.digest().substring(7))));
        }
        long total = blobs.stream().mapToLong(BlobDescriptor::size).sum();
        assertEquals(6, events.stream().filter(TransferProgress::blobDone).count());
        assertTrue(events.stream().allMatch(p -> p.totalSize() == total));
        assertEquals(total, events.stream().mapToLong(TransferProgress::totalBytes).max().orElse(0));
        assertTrue(threads.size() <= 3 && threads.size() >= 1, threads.toString());
        try (var files = Files.list(store)) {
            assertEquals(6, files.count(), "no temporary files are left");
        }
    }
}
