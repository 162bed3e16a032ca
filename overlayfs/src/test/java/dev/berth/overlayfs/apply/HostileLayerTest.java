package dev.berth.overlayfs.apply;

import dev.berth.namespaces.host.Host;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.namespaces.testing.RequiresRoot;
import dev.berth.overlayfs.LayerException;
import dev.berth.overlayfs.testing.LayerTar;
import dev.berth.overlayfs.testing.Trees;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Layers built to escape or exhaust: each must fail with an error naming the entry, write
 * nothing outside the target, and leave no partly applied layer behind.
 */
@RequiresRoot("applies layers with their owners, device nodes and xattrs")
class HostileLayerTest {
    @TempDir
    Path tmp;
    Path target;
    Path outside;
    Map<String, String> outsideBefore;

    @BeforeEach
    void setUp() throws IOException {
        target = tmp.resolve("layers/layer");
        Files.createDirectories(tmp.resolve("layers"));
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "secret");
        outsideBefore = Trees.describe(tmp.resolve("outside"));
    }

    @AfterEach
    void nothingOutsideChanged() throws IOException {
        assertEquals(outsideBefore, Trees.describe(tmp.resolve("outside")), "the tree outside the layer is untouched");
        try (var s = Files.list(tmp.resolve("layers"))) {
            assertEquals(0, s.count(), "no partly applied layer is left");
        }
        assertFalse(Files.exists(tmp.resolve("pwned")));
    }

    LayerException refused(LayerTar tar, String entry) {
        return refused(LayerApplier.create(Host.system()), tar.bytes(), entry);
    }

    LayerException refused(LayerApplier applier, byte[] tar, String entry) {
        LayerException e = assertThrows(LayerException.class,
                () -> applier.apply(new ByteArrayInputStream(tar), null, target, null));
        assertEquals(entry, e.entry(), e.getMessage());
        assertTrue(e.getMessage().contains(entry), e.getMessage());
        return e;
    }

    /** Applies {@code tar} into a directory beside the layers, and returns it (removed by the caller). */
    Path applied(LayerTar tar) throws IOException {
        Path ok = tmp.resolve("ok");
        LayerApplier.create(Host.system()).apply(new ByteArrayInputStream(tar.bytes()), null, ok, null);
        return ok;
    }

    /** The layer's tree, then the layer removed: what a hostile name led to is checked against it. */
    Map<String, String> treeOf(Path ok) throws IOException {
        Map<String, String> tree = Trees.describe(ok);
        dev.berth.overlayfs.FileTrees.delete(ok);
        return tree;
    }

    /** {@code p} as a name inside the layer (an absolute host path resolves there, as inside a root). */
    static String inside(Path p) {
        return p.toString().substring(1);
    }

    @Test
    void dotDotNamesAreClampedToTheRootAsContainerdCleansThem() throws IOException {
        Map<String, String> tree = treeOf(applied(new LayerTar().file("ok", "x").file("../../pwned", "x")
                .file("a/../../pwned2", "y").dir("d/../../e")));
        assertTrue(tree.containsKey("pwned") && tree.containsKey("pwned2") && tree.containsKey("e"), tree.toString());
        assertFalse(tree.containsKey("a/pwned2"), tree.toString());
    }

    @Test
    void absoluteNamesAreNamesInsideTheRoot() throws IOException {
        Map<String, String> tree = treeOf(applied(new LayerTar().file(tmp.resolve("pwned").toString(), "x")));
        assertTrue(tree.containsKey(inside(tmp.resolve("pwned"))), tree.toString());
    }

    @Test
    void fileWrittenThroughAnAbsoluteSymlinkLandsInsideTheRoot() throws IOException {
        Map<String, String> tree = treeOf(applied(new LayerTar().symlink("etc", outside.toString())
                .file("etc/secret", "pwned")));
        assertTrue(tree.get(inside(outside.resolve("secret"))).startsWith("file"), tree.toString());
        assertTrue(tree.get("etc").startsWith("symlink"), tree.toString());
    }

    @Test
    void relativeSymlinkClimbingOutStopsAtTheRoot() throws IOException {
        Map<String, String> tree = treeOf(applied(new LayerTar().symlink("up", "../../../..").file("up/tmp/pwned", "x")));
        assertTrue(tree.containsKey("tmp/pwned"), tree.toString());
    }

    @Test
    void symlinkChainPointingOutsideResolvesInsideTheRoot() throws IOException {
        Map<String, String> tree = treeOf(applied(new LayerTar().dir("a").symlink("a/b", "../c")
                .symlink("c", "../../outside").file("a/b/secret", "pwned")));
        assertTrue(tree.containsKey("outside/secret"), tree.toString());
    }

    @Test
    void directoryEntryThroughAnAbsoluteSymlinkIsMadeInsideTheRoot() throws IOException {
        Map<String, String> tree = treeOf(applied(new LayerTar().symlink("d", outside.toString()).dir("d/sub")));
        assertTrue(tree.get(inside(outside.resolve("sub"))).startsWith("dir"), tree.toString());
    }

    @Test
    void aSymlinkLoopIsRefused() {
        refused(new LayerTar().symlink("a", "b").symlink("b", "a").file("a/x", "x"), "a/x");
    }

    @Test
    void hardlinkToOutsideIsRefused() {
        refused(new LayerTar().hardlink("h", "../../outside/secret"), "h");
        refused(new LayerTar().hardlink("h", outside.resolve("secret").toString()), "h");
    }

    @Test
    void hardlinkThroughASymlinkedParentIsRefused() {
        refused(new LayerTar().symlink("s", outside.toString()).hardlink("h", "s/secret"), "h");
    }

    @Test
    void hardlinkThroughAnAbsoluteSymlinkLinksTheFileInsideTheRoot() throws IOException {
        Path ok = applied(new LayerTar().symlink("s", outside.toString()).file("s/secret", "inside")
                .hardlink("h", "s/secret"));
        assertEquals("inside", Files.readString(ok.resolve("h")));
        assertEquals(2, (Integer) Files.getAttribute(ok.resolve("h"), "unix:nlink"));
        assertEquals(1, (Integer) Files.getAttribute(outside.resolve("secret"), "unix:nlink"));
        dev.berth.overlayfs.FileTrees.delete(ok);
    }

    @Test
    void hardlinkToALaterEntryIsRefused() {
        refused(new LayerTar().hardlink("h", "later").file("later", "x"), "h");
    }

    @Test
    void deviceNodeIsRefusedWhenDevicesAreNotPermitted() {
        byte[] tar = new LayerTar().file("ok", "x").charDevice("dev/sda", 8, 0).bytes();
        LayerException e = refused(LayerApplier.builder(Host.system()).devices(false).build(), tar, "dev/sda");
        assertTrue(e.getMessage().contains("device"), e.getMessage());
    }

    @Test
    void aZeroZeroCharacterDeviceIsAWhiteoutAndAllowedWhereDevicesAreNot() throws IOException {
        // Overlay's own whiteout form, as a tool exporting an upper directory writes it: not a device,
        // and mknod of 0:0 needs no CAP_MKNOD, so it is kept where real device nodes are left out.
        byte[] tar = new LayerTar().file("ok", "x").charDevice("gone", 0, 0).bytes();
        Path applied = tmp.resolve("applied");
        LayerApplier.builder(Host.system()).devices(false).build().apply(new ByteArrayInputStream(tar), null, applied, null);
        dev.berth.overlayfs.FileStat st = dev.berth.overlayfs.FileStat.of(applied.resolve("gone"));
        assertTrue(st.isWhiteout(), "mode 0" + Integer.toOctalString(st.mode()) + " rdev " + st.rdev());
    }

    @Test
    void whiteoutsWithoutANameAreRefused() {
        refused(new LayerTar().file(".wh.", ""), ".wh.");
        refused(new LayerTar().file("d/.wh..", ""), "d/.wh..");
        refused(new LayerTar().file("d/.wh...", ""), "d/.wh...");
    }

    @Test
    void duplicateSymlinkThenFileReplacesTheSymlinkInsteadOfWritingThroughIt() throws IOException {
        byte[] tar = new LayerTar().symlink("x", outside.resolve("secret").toString()).file("x", "new").bytes();
        Path ok = tmp.resolve("ok");
        LayerApplier.create(Host.system()).apply(new ByteArrayInputStream(tar), null, ok, null);
        assertEquals("new", Files.readString(ok.resolve("x")));
        assertFalse(Files.isSymbolicLink(ok.resolve("x")));
        dev.berth.overlayfs.FileTrees.delete(ok);
    }

    @Test
    void hardlinkToAnOutsidePointingSymlinkLinksTheSymlinkItself() throws IOException {
        byte[] tar = new LayerTar().symlink("s", outside.resolve("secret").toString()).hardlink("h", "s").bytes();
        Path ok = tmp.resolve("ok");
        LayerApplier.create(Host.system()).apply(new ByteArrayInputStream(tar), null, ok, null);
        assertTrue(Files.isSymbolicLink(ok.resolve("h")));
        assertEquals(1, (Integer) Files.getAttribute(outside.resolve("secret"), "unix:nlink"));
        dev.berth.overlayfs.FileTrees.delete(ok);
    }

    @Test
    void fileOverANonEmptyDirectoryOfTheSameLayerIsRefused() {
        refused(new LayerTar().file("d/inner", "x").file("d", "x"), "d");
    }

    @Test
    void hugeDeclaredSizeIsRefusedBeforeAnythingIsWritten() {
        LayerTar tar = new LayerTar().lyingFile("huge", 1L << 40, 512);
        LayerException e = refused(LayerApplier.create(Host.system()), tar.unfinished(), "huge");
        assertTrue(e.getMessage().contains("limit"), e.getMessage());
    }

    @Test
    void truncatedEntryIsRefused() {
        LayerTar tar = new LayerTar().file("ok", "x").lyingFile("short", 10_000, 100);
        refused(LayerApplier.create(Host.system()), tar.unfinished(), "short");
    }

    @Test
    void hugeSparseFileIsRefusedByTheSizeLimit() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        try (java.io.RandomAccessFile r = new java.io.RandomAccessFile(src.resolve("sparse").toFile(), "rw")) {
            r.setLength(1536L << 20); // Commons Compress reads sparse maps only below 2 GiB
        }
        Path tar = tmp.resolve("s.tar");
        Process p = new ProcessBuilder("tar", "--sparse", "--format=posix", "-C", src.toString(), "-cf", tar.toString(), "sparse")
                .inheritIO().start();
        assertEquals(0, p.waitFor());
        dev.berth.overlayfs.FileTrees.delete(src);
        refused(LayerApplier.builder(Host.system()).maxBytes(1L << 30).build(), Files.readAllBytes(tar), "sparse");
    }

    @Test
    void entryCountLimitIsEnforced() {
        LayerTar tar = new LayerTar();
        for (int i = 0; i < 11; i++) {
            tar.file("f" + i, "x");
        }
        LayerException e = refused(LayerApplier.builder(Host.system()).maxEntries(10).build(), tar.bytes(), "f10");
        assertTrue(e.getMessage().contains("10 entries"), e.getMessage());
    }

    @Test
    void totalSizeLimitIsEnforced() {
        byte[] big = new byte[600];
        byte[] tar = new LayerTar().file("a", big, 0644, 0, 0).file("b", big, 0644, 0, 0).bytes();
        refused(LayerApplier.builder(Host.system()).maxBytes(1000).build(), tar, "b");
    }

    @Test
    void uncompressedStreamLimitStopsADecompressionBomb() {
        byte[] zeros = new byte[8 << 20];
        byte[] bomb = LayerTar.gzip(zeros);
        LayerException e = assertThrows(LayerException.class, () -> LayerApplier.builder(Host.system()).maxBytes(1 << 20).maxEntries(10).build()
                .apply(new ByteArrayInputStream(bomb), null, target, null));
        assertTrue(e.getMessage().contains("limit"), e.getMessage());
        assertFalse(Files.exists(target, LinkOption.NOFOLLOW_LINKS));
    }

    /** Found by LayerApplierFuzzTest: a corrupt gzip header or stream is a LayerException, not a bare ZipException. */
    @Test
    void aCorruptCompressedStreamIsALayerException() {
        byte[] tar = new LayerTar().file("a", new byte[4000], 0644, 0, 0).bytes();
        byte[] gzip = LayerTar.gzip(tar);
        byte[] badMethod = gzip.clone();
        badMethod[2] = (byte) 0xfd; // compression method: only 8 (deflate) exists
        byte[] truncated = java.util.Arrays.copyOf(gzip, gzip.length / 2);
        byte[] badZstd = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f};
        for (byte[] blob : new byte[][] {badMethod, truncated, badZstd}) {
            LayerException e = assertThrows(LayerException.class,
                    () -> LayerApplier.create(Host.system()).apply(new ByteArrayInputStream(blob), null, target, null));
            assertTrue(e.getMessage().contains("compressed stream is corrupt"), e.getMessage());
            assertFalse(Files.exists(target, LinkOption.NOFOLLOW_LINKS));
        }
    }
}
