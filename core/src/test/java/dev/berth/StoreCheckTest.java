package dev.berth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.image.oci.Descriptor;
import dev.berth.image.store.ImageDetails;
import dev.berth.image.store.PrivateDirectories;
import dev.berth.overlayfs.store.ChainId;
import dev.berth.overlayfs.store.StoredLayer;
import dev.berth.runtime.ImageLayers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Berth#check()}: problems are found and named, leftovers are listed, and the next open removes them. */
class StoreCheckTest {
    @TempDir
    Path home;

    private ImageDetails image;
    private List<StoredLayer> layers;

    @BeforeEach
    void storeAndUnpackBusybox(@TempDir Path scratch) throws Exception {
        BusyboxImage.store(home, scratch);
        try (Berth berth = Berth.builder().home(home).build()) {
            image = berth.store().inspect(BusyboxImage.REFERENCE);
            layers = ImageLayers.unpack(berth.store(), berth.layers(), image);
        }
    }

    private StoreCheck check() throws Exception {
        try (Berth berth = Berth.builder().home(home).build()) {
            return berth.check();
        }
    }

    private Path blob(Descriptor d) {
        return home.resolve("images/blobs/sha256").resolve(d.digest().encoded());
    }

    @Test
    void aFreshStoreIsClean() throws Exception {
        StoreCheck c = check();
        assertTrue(c.clean(), c.report());
        assertEquals(3, c.blobs(), c.report()); // manifest, config, one layer
        assertEquals(1, c.layers());
        assertTrue(c.bytesVerified() > 100_000, c.report());
    }

    @Test
    void aBlobWhoseBytesChangedIsAProblemNamingItsDigest() throws Exception {
        Path config = blob(image.manifest().value().config());
        Files.writeString(config, Files.readString(config).replace("FROM_IMAGE", "FROM_IMAGf"));
        StoreCheck c = check();
        assertFalse(c.consistent());
        assertTrue(c.problems().get(0).startsWith("blob " + image.manifest().value().config().digest() + " holds bytes that hash to"),
                c.report());
    }

    @Test
    void aMissingLayerBlobAndAMissingLayerDirectoryAreProblems() throws Exception {
        Files.delete(blob(image.manifest().value().layers().get(0)));
        dev.berth.overlayfs.FileTrees.delete(layers.get(0).diff());
        StoreCheck c = check();
        assertEquals(2, c.problems().size(), c.report());
        assertTrue(c.report().contains("names " + image.manifest().value().layers().get(0).digest()), c.report());
        assertTrue(c.report().contains("its files " + layers.get(0).diff() + " are missing"), c.report());
    }

    @Test
    void leftoversOfCrashesAreListedAndTheNextOpenRemovesThem() throws Exception {
        ChainId top = layers.get(0).chainId();
        StoreCheck dirty;
        // Made while a Berth has the home open, as a JVM dying beside it would leave them.
        try (Berth berth = Berth.builder().home(home).build()) {
            Files.write(home.resolve("images/.berth/tmp/blob-123.tmp"), new byte[10]);
            Files.createDirectories(home.resolve("layers/tmp/0e7b5ac2-dead/etc"));
            Files.createDirectories(home.resolve("layers/layers/" + "ab".repeat(32) + "/diff"));
            berth.layers().retain(top, "container 0123"); // a start that died before its directory
            berth.layers().retain(top, "sha256:" + "cd".repeat(32)); // a pull that died before its manifest
            Files.createDirectories(home.resolve("containers/4567"));
            Files.setLastModifiedTime(home.resolve("containers/4567"), FileTime.fromMillis(System.currentTimeMillis() - 60_000));
            dirty = berth.check();
        }
        assertTrue(dirty.consistent(), dirty.report());
        assertEquals(6, dirty.leftovers().size(), dirty.report());
        assertTrue(dirty.report().contains("referenced by container 0123, which is gone"), dirty.report());
        assertTrue(dirty.report().contains("referenced by sha256:" + "cd".repeat(32) + ", which is gone"), dirty.report());
        assertTrue(dirty.report().contains("container 4567 of a JVM that is gone"), dirty.report());

        StoreCheck after = check(); // open removes them first
        assertTrue(after.clean(), after.report());
        try (Berth berth = Berth.builder().home(home).build()) {
            assertEquals(List.of("image " + image.manifest().digest()), berth.layers().holders().get(top));
        }
    }

    @Test
    void aNewHomeAndEachOfItsDirectoriesAreReachableByTheirOwnerOnly(@TempDir Path parent) throws Exception {
        Path fresh = parent.resolve("a/berth");
        try (Berth berth = Berth.builder().home(fresh).runtimeDirectory(parent.resolve("run")).build()) {
            berth.createNetwork("private", "10.251.7.0/24");
            assertEquals("rwx------", mode(fresh));
            for (String d : PrivateDirectories.HOME_DIRECTORIES) {
                assertEquals("rwx------", mode(fresh.resolve(d)), d);
            }
            assertEquals("rwx------", mode(fresh.resolve("networks")));
            assertEquals(List.of(), berth.check().tightened());
        }
    }

    @Test
    void anExistingLooseStoreIsTightenedWhenOpenedAndTheCheckNamesEachPathAndItsMode(@TempDir Path runtime)
            throws Exception {
        // As an earlier Berth made them: the umask's mode.
        for (Path p : List.of(home, home.resolve("layers"), home.resolve("containers"), runtime)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        try (Berth berth = Berth.builder().home(home).runtimeDirectory(runtime).build()) {
            for (Path p : List.of(home, home.resolve("layers"), home.resolve("containers"), runtime)) {
                assertEquals("rwx------", mode(p), p.toString());
            }
            StoreCheck c = berth.check();
            assertTrue(c.consistent(), c.report());
            assertEquals(List.of(home + " 0755 -> 0700", home.resolve("containers") + " 0755 -> 0700",
                    home.resolve("layers") + " 0755 -> 0700", runtime + " 0755 -> 0700"), c.tightened(), c.report());
            assertTrue(c.report().contains("tightened (other host users could reach it until this open): "
                    + home.resolve("layers") + " 0755 -> 0700"), c.report());
        }
        try (Berth berth = Berth.builder().home(home).runtimeDirectory(runtime).build()) {
            assertEquals(List.of(), berth.check().tightened(), "the second open had to tighten again");
        }
    }

    @Test
    void aDirectoryLoosenedWhileTheHomeIsOpenIsAProblemNamingItAndItsMode() throws Exception {
        try (Berth berth = Berth.builder().home(home).build()) {
            Files.setPosixFilePermissions(home.resolve("volumes"), PosixFilePermissions.fromString("rwxr-x--x"));
            StoreCheck c = berth.check();
            assertFalse(c.consistent(), c.report());
            assertEquals(1, c.problems().size(), c.report());
            assertTrue(c.problems().get(0).startsWith(home.resolve("volumes") + " is mode 0751: other host users can reach"),
                    c.report());
        }
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
