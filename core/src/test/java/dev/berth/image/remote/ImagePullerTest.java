package dev.berth.image.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.image.Digest;
import dev.berth.image.ImageReference;
import dev.berth.image.oci.Descriptor;
import dev.berth.image.oci.Document;
import dev.berth.image.oci.ImageManifest;
import dev.berth.image.oci.MediaType;
import dev.berth.image.oci.Platform;
import dev.berth.image.store.ImageDetails;
import dev.berth.image.store.ImageStore;
import dev.berth.namespaces.host.Host;
import dev.berth.overlayfs.store.LayerStore;
import dev.berth.overlayfs.store.StoredLayer;
import dev.berth.registry.BlobSource;
import dev.berth.registry.CredentialSource;
import dev.berth.registry.ManifestMediaTypes;
import dev.berth.image.ProgressListener;
import dev.berth.registry.RegistryClient;
import dev.berth.image.TransferProgress;
import dev.berth.registry.testing.LocalRegistryExtension;
import dev.berth.registry.testing.RequiredTools;
import dev.berth.registry.testing.TestImage;
import dev.berth.registry.BlobDescriptor;
import java.io.IOException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Pulls from a real registry (distribution 2.8) into empty stores. */
class ImagePullerTest {
    @RegisterExtension
    static final LocalRegistryExtension REGISTRY = LocalRegistryExtension.plain();
    private static final AtomicInteger REPOSITORIES = new AtomicInteger();

    @TempDir
    Path work;
    ImageStore images;
    LayerStore layers;
    ImagePuller puller;

    static RegistryClients anonymous() {
        return RegistryClients.caching(host -> RegistryClient.builder(host).credentialSource(CredentialSource.none()).build());
    }

    @BeforeEach
    void openStores() throws IOException {
        images = ImageStore.open(work.resolve("images"));
        layers = LayerStore.open(work.resolve("layers"), Host.system());
        puller = ImagePuller.create(images, layers, anonymous());
    }

    /** A three-layer image built from directories and pushed by skopeo; returns its manifest. */
    private Document<ImageManifest> pushedBySkopeo(ImageReference to, List<Path> dirs) throws IOException {
        RequiredTools.skopeo();
        ImageStore source = ImageStore.open(work.resolve("source"));
        Document<ImageManifest> manifest = RemoteTestImages.build(source, "berth.test/source:v1", dirs);
        RemoteTestImages.skopeoPush(source, "berth.test/source:v1", to);
        return manifest;
    }

    private static ImageReference newReference(String tag) {
        return ImageReference.parse(REGISTRY.host() + "/pull/app" + REPOSITORIES.incrementAndGet() + ":" + tag);
    }

    @Test
    void multiLayerImagePushedBySkopeoIsStoredTaggedAndUnpacked() throws Exception {
        ImageReference ref = newReference("v1");
        List<Path> dirs = RemoteTestImages.layerDirs(work.resolve("dirs"));
        Document<ImageManifest> pushed = pushedBySkopeo(ref, dirs);

        List<TransferProgress> progress = new CopyOnWriteArrayList<>();
        PullResult result = puller.pull(ref, Platform.host(), progress::add);

        assertEquals(pushed.digest(), result.manifest().digest());
        assertEquals(result.manifest(), result.target());
        ImageDetails details = images.inspect(ref.toString());
        assertArrayEquals(pushed.bytes(), details.manifest().bytes(), "manifest stored with the exact bytes served");
        assertEquals(pushed.value().config().digest(), details.config().digest());
        assertEquals(List.of(ref), details.tags());
        List<StoredLayer> stack = layers.stack(result.topLayer());
        assertEquals(3, stack.size());
        for (int i = 0; i < 3; i++) {
            StoredLayer layer = stack.get(2 - i);
            assertEquals(details.config().value().rootfs().diffIds().get(i).toString(), layer.diffId());
            assertEquals(RemoteTestImages.snapshot(dirs.get(i)), RemoteTestImages.snapshot(layer.diff()), "layer " + i);
            assertEquals(1, layers.references(layer.chainId()));
        }
        long total = pushed.value().config().size() + pushed.value().layers().stream().mapToLong(Descriptor::size).sum();
        TransferProgress last = progress.get(progress.size() - 1);
        assertEquals(total, last.totalSize());
        assertEquals(total, progress.stream().mapToLong(TransferProgress::totalBytes).max().orElseThrow());
        assertEquals(4, progress.stream().filter(TransferProgress::blobDone).count());
        assertEquals(3, result.unpackedWhileDownloading(), "every layer was unpacked from its download stream");
        for (Descriptor layer : pushed.value().layers()) { // published after the layers' sync, each with its exact bytes
            assertEquals(layer.digest(), dev.berth.image.Digest.fromHash(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(images.readBlob(layer.digest()))), "blob " + layer.digest());
        }
        try (java.util.stream.Stream<Path> left = Files.list(images.root().resolve(".berth/tmp"))) {
            assertEquals(List.of(), left.toList(), "nothing left in the image store's staging");
        }
    }

    /**
     * The second layer whites out and adds a file through the first layer's symlink and has no
     * entry for the directory it writes in: streamed without its parent, it is applied again onto
     * it, as containerd applies onto the parent snapshot.
     */
    @Test
    void aLayerThatNamesPathsThroughItsParentsSymlinkIsAppliedOntoTheParent() throws IOException {
        ImageReference ref = newReference("lower");
        byte[] base = tar(t -> {
            entry(t, "usr/", TarConstants.LF_DIR, null, null);
            entry(t, "usr/lib/", TarConstants.LF_DIR, null, null);
            entry(t, "usr/lib/foo", TarConstants.LF_NORMAL, "foo", null);
            entry(t, "lib", TarConstants.LF_SYMLINK, null, "usr/lib");
        });
        byte[] top = tar(t -> {
            entry(t, "lib/.wh.foo", TarConstants.LF_NORMAL, "", null);
            entry(t, "lib/new", TarConstants.LF_NORMAL, "new", null);
        });
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var config = json.createObjectNode().put("architecture", Platform.host().architecture()).put("os", "linux");
        config.putObject("rootfs").put("type", "layers").putArray("diff_ids")
                .add(dev.berth.registry.DigestVerifier.sha256(base)).add(dev.berth.registry.DigestVerifier.sha256(top));
        byte[] configBytes = json.writeValueAsBytes(config);
        var manifest = json.createObjectNode().put("schemaVersion", 2).put("mediaType", ManifestMediaTypes.OCI_MANIFEST);
        manifest.set("config", descriptor(json, TestImage.CONFIG_TYPE, configBytes));
        manifest.putArray("layers").add(descriptor(json, LAYER_TAR, base)).add(descriptor(json, LAYER_TAR, top));
        byte[] manifestBytes = json.writeValueAsBytes(manifest);
        RegistryClient client = REGISTRY.clientBuilder().build();
        for (byte[] blob : List.of(base, top)) {
            client.pushBlob(ref.repository(), new BlobDescriptor(dev.berth.registry.DigestVerifier.sha256(blob), blob.length, LAYER_TAR),
                    BlobSource.of(blob));
        }
        client.pushBlob(ref.repository(), new BlobDescriptor(dev.berth.registry.DigestVerifier.sha256(configBytes), configBytes.length,
                TestImage.CONFIG_TYPE), BlobSource.of(configBytes));
        client.pushManifest(ref.repository(), ref.tag().orElseThrow(), ManifestMediaTypes.OCI_MANIFEST, manifestBytes);

        puller.pull(ref, Platform.host(), ProgressListener.NONE);

        Path diff = layers.stack(dev.berth.overlayfs.store.ChainId.of(List.of(dev.berth.registry.DigestVerifier.sha256(base),
                dev.berth.registry.DigestVerifier.sha256(top)))).get(0).diff();
        assertTrue(dev.berth.overlayfs.FileStat.of(diff.resolve("usr/lib/foo")).isWhiteout());
        assertEquals("new", Files.readString(diff.resolve("usr/lib/new")));
        assertTrue(Files.notExists(diff.resolve("lib"), java.nio.file.LinkOption.NOFOLLOW_LINKS), "the parent's symlink stays");
    }

    private static final String LAYER_TAR = "application/vnd.oci.image.layer.v1.tar";

    private interface TarBody {
        void write(TarArchiveOutputStream t) throws IOException;
    }

    private static byte[] tar(TarBody body) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
            body.write(t);
        }
        return out.toByteArray();
    }

    private static void entry(TarArchiveOutputStream t, String name, byte type, String content, String link) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, type);
        byte[] data = content == null ? new byte[0] : content.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        e.setSize(type == TarConstants.LF_NORMAL ? data.length : 0);
        e.setMode(type == TarConstants.LF_DIR ? 0755 : 0644);
        if (link != null) {
            e.setLinkName(link);
        }
        t.putArchiveEntry(e);
        if (type == TarConstants.LF_NORMAL) {
            t.write(data);
        }
        t.closeArchiveEntry();
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode descriptor(com.fasterxml.jackson.databind.ObjectMapper json,
            String mediaType, byte[] bytes) {
        return json.createObjectNode().put("mediaType", mediaType).put("digest", dev.berth.registry.DigestVerifier.sha256(bytes))
                .put("size", bytes.length);
    }

    @Test
    void pullByDigestKeepsTheImageUntagged() throws IOException {
        ImageReference tagged = newReference("v1");
        Document<ImageManifest> pushed = pushedBySkopeo(tagged, RemoteTestImages.layerDirs(work.resolve("dirs")));
        ImageReference byDigest = ImageReference.parse(tagged.name() + "@" + pushed.digest());

        PullResult result = puller.pull(byDigest, Platform.host(), ProgressListener.NONE);

        assertEquals(pushed.digest(), result.target().digest());
        List<Descriptor> entries = images.entries();
        assertEquals(1, entries.size());
        assertEquals(pushed.digest(), entries.get(0).digest());
        assertTrue(entries.get(0).annotation(Descriptor.REF_NAME).isEmpty(), entries.toString());
        assertEquals(pushed.value().config().digest(), images.inspect(pushed.digest().toString()).config().digest());
    }

    @Test
    void multiArchIndexYieldsTheHostPlatformsImageAndTagsTheIndex() throws IOException {
        String arch = Platform.host().architecture();
        org.junit.jupiter.api.Assumptions.assumeTrue(arch.equals("amd64") || arch.equals("arm64"), "host is " + arch);
        ImageReference ref = newReference("multi");
        RegistryClient client = REGISTRY.clientBuilder().build();
        List<TestImage> platforms = List.of(TestImage.create("amd64", "x86 layer"), TestImage.create("arm64", "arm layer"));
        for (TestImage image : platforms) {
            client.pushBlob(ref.repository(), image.layerDescriptor(), BlobSource.of(image.layer()));
            client.pushBlob(ref.repository(), image.configDescriptor(), BlobSource.of(image.config()));
            client.pushManifest(ref.repository(), image.manifestDigest(), ManifestMediaTypes.OCI_MANIFEST, image.manifest());
        }
        byte[] index = TestImage.index(platforms);
        client.pushManifest(ref.repository(), "multi", ManifestMediaTypes.OCI_INDEX, index);
        TestImage mine = platforms.get(arch.equals("amd64") ? 0 : 1);

        PullResult result = puller.pull(ref, Platform.host(), ProgressListener.NONE);

        assertEquals(mine.manifestDigest(), result.manifest().digest().toString());
        assertEquals(Digest.sha256(index), result.target().digest());
        assertEquals(MediaType.OCI_INDEX, result.target().mediaType());
        ImageDetails details = images.inspect(ref.toString(), Platform.host());
        assertEquals(mine.manifestDigest(), details.manifest().digest().toString());
        assertArrayEquals(index, images.readBlob(Digest.sha256(index)));
        assertEquals(List.of(Digest.parse(mine.configDescriptor().digest()), Digest.parse(mine.layerDescriptor().digest())),
                result.downloaded(), "the other platform's blobs are not fetched");
        assertTrue(Files.isRegularFile(layers.get(result.topLayer()).orElseThrow().diff().resolve("hello.txt")));
    }

    @Test
    void secondPullDownloadsOnlyTheManifest() throws IOException {
        ImageReference ref = newReference("v1");
        pushedBySkopeo(ref, RemoteTestImages.layerDirs(work.resolve("dirs")));
        PullResult first = puller.pull(ref, Platform.host(), ProgressListener.NONE);
        byte[] indexJson = Files.readAllBytes(images.root().resolve("index.json"));

        List<TransferProgress> progress = new CopyOnWriteArrayList<>();
        PullResult second = puller.pull(ref, Platform.host(), progress::add);

        assertEquals(4, first.downloaded().size());
        assertEquals(List.of(), second.downloaded());
        assertEquals(List.of(), progress, "no blob bytes moved");
        assertEquals(first.topLayer(), second.topLayer());
        assertArrayEquals(indexJson, Files.readAllBytes(images.root().resolve("index.json")));
        assertEquals(1, layers.references(second.topLayer()), "one holder, the manifest, however often it is pulled");
    }

    @Test
    void missingImageFailsNamingTheReferenceAndRegistry() throws IOException {
        ImageReference ref = newReference("absent");
        ImageTransferException e = assertThrows(ImageTransferException.class,
                () -> puller.pull(ref, Platform.host(), ProgressListener.NONE));
        assertTrue(e.getMessage().contains(ref.toString()) && e.getMessage().contains(REGISTRY.host()), e.getMessage());
        assertEquals(ref, e.reference());
        assertEquals(List.of(), images.entries(), "nothing was tagged");
    }
}
