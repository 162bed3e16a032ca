package dev.berth.image.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.image.Digest;
import dev.berth.image.ImageReference;
import dev.berth.image.archive.DockerArchiveDestination;
import dev.berth.image.archive.DockerArchiveSource;
import dev.berth.image.archive.OciLayoutDestination;
import dev.berth.image.archive.OciLayoutSource;
import dev.berth.image.oci.Descriptor;
import dev.berth.image.oci.Document;
import dev.berth.image.oci.ImageManifest;
import dev.berth.image.oci.Platform;
import dev.berth.image.remote.RegistryClients;
import dev.berth.image.remote.RegistryDestination;
import dev.berth.image.remote.RegistrySource;
import dev.berth.image.store.ImageDetails;
import dev.berth.image.store.ImageStore;
import dev.berth.image.store.StoreDestination;
import dev.berth.image.store.StoreSource;
import dev.berth.image.testing.TestImages;
import dev.berth.registry.CredentialSource;
import dev.berth.registry.ProgressListener;
import dev.berth.registry.RegistryClient;
import dev.berth.registry.testing.LocalRegistryExtension;
import dev.berth.registry.testing.RequiredTools;
import dev.berth.registry.testing.Skopeo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Round trips from the store through every other transport and back, checking that the manifest, config
 * and layer digests come back the same; the registry is a real one (distribution) on 127.0.0.1.
 */
class ImageCopyTest {
    @RegisterExtension
    static final LocalRegistryExtension REGISTRY = LocalRegistryExtension.plain();
    private static final String TAG = "localhost/app:1";

    @TempDir
    Path tmp;
    ImageStore source;
    ImageStore target;
    Document<ImageManifest> image;

    @BeforeEach
    void twoLayerImage() throws IOException {
        source = ImageStore.open(tmp.resolve("source"));
        target = ImageStore.open(tmp.resolve("target"));
        Path a = TestImages.layerWithFile(Files.createDirectories(tmp.resolve("a")), "etc/a.txt", "first layer\n");
        Path b = TestImages.layerWithFile(Files.createDirectories(tmp.resolve("b")), "etc/b.txt", "second layer\n");
        image = TestImages.build(source, TAG, List.of(a, b), true);
    }

    private static RegistryClients anonymous() {
        return RegistryClients.caching(host -> RegistryClient.builder(host).credentialSource(CredentialSource.none()).build());
    }

    private static List<NamedImage> copy(ImageSource from, ImageDestination to) throws IOException {
        try (from; to) {
            return ImageCopy.copy(from, to);
        }
    }

    private StoreSource fromSource() throws IOException {
        return StoreSource.of(source, List.of(TAG));
    }

    private StoreDestination intoTarget() throws IOException {
        return StoreDestination.of(target, null, null);
    }

    /** The manifest bytes, config and layers arrived unchanged, under the tag. */
    private void assertSameImage(String tag) throws IOException {
        ImageDetails copied = target.inspect(tag);
        assertArrayEquals(image.bytes(), copied.manifest().bytes());
        for (Descriptor layer : image.value().layers()) {
            assertArrayEquals(source.readBlob(layer.digest()), target.readBlob(layer.digest()));
        }
        assertEquals(image.value().config().digest(), copied.config().digest());
    }

    @Test
    void storeToOciArchiveToStoreKeepsDigestsAndTag() throws IOException {
        Path archive = tmp.resolve("app.oci.tar");
        copy(fromSource(), OciLayoutDestination.archive(archive, null));
        List<NamedImage> loaded = copy(OciLayoutSource.archive(archive, null), intoTarget());
        assertEquals(List.of(ImageReference.parse(TAG).toString()), loaded.get(0).names());
        assertEquals(image.digest(), loaded.get(0).top().digest());
        assertSameImage(TAG);
    }

    @Test
    void storeToOciDirectoryToStoreKeepsDigestsAndSkopeoReadsTheDirectory() throws IOException {
        Path dir = tmp.resolve("layout");
        copy(fromSource(), OciLayoutDestination.directory(dir, "app"));
        copy(OciLayoutSource.directory(dir, "app"), StoreDestination.of(target, null, ImageReference.parse("copied:2")));
        assertSameImage("copied:2");
        RequiredTools.skopeo();
        String raw = Skopeo.run("inspect", "--raw", "oci:" + dir + ":app");
        assertArrayEquals(image.bytes(), raw.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void storeToDockerArchiveToStoreKeepsImageIdAndDiffIds() throws IOException {
        Path archive = tmp.resolve("app.tar");
        copy(fromSource(), DockerArchiveDestination.create(archive, null));
        List<NamedImage> loaded = copy(DockerArchiveSource.open(archive, TAG), intoTarget());
        assertEquals(List.of(TAG), loaded.get(0).names());
        ImageDetails copied = target.inspect(TAG);
        assertEquals(image.value().config().digest(), copied.config().digest());
        List<Digest> diffIds = copied.config().value().rootfs().diffIds();
        List<Descriptor> layers = copied.manifest().value().layers();
        for (int i = 0; i < layers.size(); i++) {
            assertEquals(diffIds.get(i), layers.get(i).digest(), "docker-archive layers are stored uncompressed");
        }
    }

    @Test
    void storeToRegistryToStoreKeepsDigests() throws IOException {
        ImageReference remote = ImageReference.parse(REGISTRY.host() + "/copy/app:1");
        copy(fromSource(), RegistryDestination.of(anonymous(), remote, ProgressListener.NONE));
        List<NamedImage> pulled = copy(RegistrySource.of(anonymous(), remote, Platform.host(), ProgressListener.NONE),
                intoTarget());
        assertEquals(List.of(remote.toString()), pulled.get(0).names());
        assertSameImage(remote.toString());
    }

    @Test
    void ociArchiveToRegistryToOciDirectoryGoesThroughTheGenericCopyAndKeepsDigests() throws IOException {
        Path archive = tmp.resolve("app.oci.tar");
        copy(fromSource(), OciLayoutDestination.archive(archive, null));
        ImageReference remote = ImageReference.parse(REGISTRY.host() + "/copy/from-archive:2");
        copy(OciLayoutSource.archive(archive, null), RegistryDestination.of(anonymous(), remote, ProgressListener.NONE));
        Path dir = tmp.resolve("layout");
        copy(RegistrySource.of(anonymous(), remote, Platform.host(), ProgressListener.NONE),
                OciLayoutDestination.directory(dir, "latest"));
        copy(OciLayoutSource.directory(dir, "latest"), StoreDestination.of(target, null, ImageReference.parse("back:3")));
        assertSameImage("back:3");
        // A second copy finds every blob in place and sends none.
        copy(OciLayoutSource.archive(archive, null), new CountingDestination(
                RegistryDestination.of(anonymous(), remote, ProgressListener.NONE)));
    }

    @Test
    void tamperedLayerFailsNamingItsDigestAndTheStoreKeepsItsTags() throws IOException {
        Path dir = tmp.resolve("layout");
        copy(fromSource(), OciLayoutDestination.directory(dir, null));
        Descriptor layer = image.value().layers().get(1);
        Path blob = dir.resolve("blobs/sha256/" + layer.digest().encoded());
        byte[] bytes = Files.readAllBytes(blob);
        bytes[bytes.length / 2] ^= 1;
        Files.write(blob, bytes);
        dev.berth.image.DigestMismatchException e = assertThrows(dev.berth.image.DigestMismatchException.class,
                () -> copy(OciLayoutSource.directory(dir, null), intoTarget()));
        assertEquals(layer.digest(), e.expected());
        assertTrue(e.getMessage().contains(blob.getFileName().toString()), e.getMessage());
        assertEquals(List.of(), target.entries());
    }

    @Test
    void aRefThatTheArchiveLacksIsNamed() throws IOException {
        Path archive = tmp.resolve("app.oci.tar");
        copy(fromSource(), OciLayoutDestination.archive(archive, "one"));
        IOException e = assertThrows(IOException.class, () -> copy(OciLayoutSource.archive(archive, "two"), intoTarget()));
        assertEquals("oci-archive:" + archive + " has no image named \"two\"; it has [one]", e.getMessage());
    }

    /** Fails the test when a copy sends any blob: the destination has them all. */
    private record CountingDestination(ImageDestination inner) implements ImageDestination {
        @Override
        public String describe() {
            return inner.describe();
        }

        @Override
        public Indexes indexes() {
            return inner.indexes();
        }

        @Override
        public boolean has(Descriptor blob) throws IOException {
            return inner.has(blob);
        }

        @Override
        public void putBlob(Descriptor blob, java.io.InputStream content, String source) {
            throw new AssertionError("sent " + blob.digest() + ", which the destination has");
        }

        @Override
        public void putManifest(Descriptor manifest, byte[] bytes) throws IOException {
            inner.putManifest(manifest, bytes);
        }

        @Override
        public void commit(List<NamedImage> images) throws IOException {
            inner.commit(images);
        }

        @Override
        public void close() throws IOException {
            inner.close();
        }
    }
}
