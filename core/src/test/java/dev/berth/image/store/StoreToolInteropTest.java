package dev.berth.image.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.image.oci.Document;
import dev.berth.image.oci.ImageManifest;
import dev.berth.image.testing.TestImages;
import dev.berth.namespaces.testing.BusyboxRootfs;
import dev.berth.namespaces.testing.RequiresRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** skopeo and umoci read the store as it is (and skopeo writes into it in a form Berth reads back). */
class StoreToolInteropTest {
    private static final String NAME = "localhost/busybox:test";

    @TempDir
    Path tmp;
    ImageStore store;
    Document<ImageManifest> busybox;

    @BeforeEach
    void busyboxImage() throws IOException {
        store = ImageStore.open(tmp.resolve("store"));
        Path rootfs = BusyboxRootfs.create(tmp.resolve("rootfs"));
        busybox = TestImages.build(store, NAME, List.of(TestImages.tar(rootfs, tmp.resolve("busybox.tar"))), true);
    }

    @Test
    void skopeoReadsTheTaggedManifestByteForByte() throws IOException {
        TestImages.assumeTool("skopeo", "skopeo");
        String raw = TestImages.run("skopeo", "inspect", "--raw", "oci:" + store.root() + ":" + NAME);
        assertArrayEquals(busybox.bytes(), raw.getBytes(StandardCharsets.UTF_8));
        String config = TestImages.run("skopeo", "inspect", "--config", "--raw", "oci:" + store.root() + ":" + NAME);
        assertEquals(busybox.value().config().digest(), dev.berth.image.Digest.sha256(config.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void skopeoCopiesOutOfTheStoreAndBackIntoIt() throws IOException {
        TestImages.assumeTool("skopeo", "skopeo");
        Path archive = tmp.resolve("out.tar");
        TestImages.run("skopeo", "copy", "oci:" + store.root() + ":" + NAME, "docker-archive:" + archive + ":" + NAME);
        assertTrue(Files.size(archive) > 100_000);
        TestImages.run("skopeo", "copy", "docker-archive:" + archive, "oci:" + store.root() + ":docker.io/library/copied:1");
        ImageDetails copied = store.inspect("copied:1");
        assertEquals(busybox.value().layers().size(), copied.manifest().value().layers().size());
        assertEquals(store.inspect(NAME).config().value().rootfs(), copied.config().value().rootfs());
        assertEquals(2, store.list().size());
        assertEquals(List.of(), store.gc().removed().stream()
                .filter(d -> d.equals(busybox.digest()) || d.equals(copied.manifest().digest())).toList());
        store.inspect(NAME);
    }

    @Test
    @RequiresRoot("umoci unpack without --rootless")
    void umociListsAndUnpacksTheStore() throws IOException {
        TestImages.assumeTool("umoci", "umoci");
        String tags = TestImages.run("umoci", "ls", "--layout", store.root().toString());
        assertEquals(List.of(NAME), tags.lines().toList());
        Path bundle = tmp.resolve("bundle");
        TestImages.run("umoci", "unpack", "--image", store.root() + ":" + NAME, bundle.toString());
        assertTrue(Files.isRegularFile(bundle.resolve("rootfs/bin/busybox")));
        assertTrue(Files.readString(bundle.resolve("config.json")).contains("\"PATH=/bin\""));
        assertTrue(Files.readString(bundle.resolve("rootfs/etc/passwd")).startsWith("root:x:0:0:"));
    }
}
