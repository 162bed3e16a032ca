package dev.berth.overlayfs.apply;

import dev.berth.namespaces.host.Host;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.namespaces.linux.LinuxSyscalls;
import dev.berth.namespaces.testing.RequiresRoot;
import dev.berth.overlayfs.LayerException;
import dev.berth.overlayfs.testing.LayerTar;
import dev.berth.overlayfs.testing.Trees;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Applying honest layers as root: every entry type and attribute, every compression. */
@RequiresRoot("applies layers with their owners, device nodes and xattrs")
class LayerApplierTest {
    @TempDir
    Path tmp;
    Path target;

    @BeforeEach
    void setUp() {
        target = tmp.resolve("layer");
    }

    static AppliedLayer apply(byte[] blob, Path target) throws IOException {
        return LayerApplier.create(Host.system()).apply(new ByteArrayInputStream(blob), null, target, null);
    }

    static Map<String, Object> stat(Path p) throws IOException {
        return Files.readAttributes(p, "unix:*", LinkOption.NOFOLLOW_LINKS);
    }

    @Test
    @RequiresRoot("gives the whiteout device the entry's owner")
    void aWhiteoutDeviceTakesTheOwnerOfItsEntryAsContainerdGivesIt() throws IOException {
        byte[] tar = new LayerTar().file("d/.wh.owned", new byte[0], 0, 1000, 1001).file("d/.wh.root", "").bytes();
        apply(tar, target);
        Map<String, Object> owned = stat(target.resolve("d/owned"));
        assertEquals(0020000, (int) owned.get("mode") & 0170000, "a character device");
        assertEquals(0L, ((Number) owned.get("rdev")).longValue(), "0:0, overlay's whiteout");
        assertEquals(1000, owned.get("uid"));
        assertEquals(1001, owned.get("gid"));
        assertEquals(0, stat(target.resolve("d/root")).get("uid"));
    }

    @Test
    void keepsEveryEntryTypeWithSpecialModesOwnersAndMtimes() throws IOException {
        byte[] tar = new LayerTar().mtime(1_600_000_000L)
                .dir("tmp", 01777)
                .dir("bin")
                .file("bin/su", "setuid".getBytes(StandardCharsets.UTF_8), 04755, 0, 0)
                .file("bin/wall", "setgid".getBytes(StandardCharsets.UTF_8), 02755, 0, 5)
                .file("home/user/notes", "mine".getBytes(StandardCharsets.UTF_8), 0600, 1000, 1000)
                .file("bin/group-writable", "gw".getBytes(StandardCharsets.UTF_8), 0664, 0, 0)
                .symlink("bin/sh", "busybox")
                .hardlink("bin/su2", "bin/su")
                .charDevice("dev/null", 1, 3)
                .blockDevice("dev/loop7", 7, 7)
                .fifo("run/fifo")
                .fileWithXattr("etc/labelled", "x", "user.berth.test", "value")
                .bytes();
        apply(tar, target);
        assertEquals("dir 1777 0:0", Trees.describeOne(target.resolve("tmp")));
        assertTrue(Trees.describeOne(target.resolve("bin/su")).startsWith("file 4755 0:0 6 "));
        assertTrue(Trees.describeOne(target.resolve("bin/wall")).startsWith("file 2755 0:5 6 "));
        assertTrue(Trees.describeOne(target.resolve("home/user/notes")).startsWith("file 0600 1000:1000 "));
        assertTrue(Trees.describeOne(target.resolve("bin/group-writable")).startsWith("file 0664 0:0 "));
        assertEquals("symlink 0:0 -> busybox", Trees.describeOne(target.resolve("bin/sh")));
        assertEquals(stat(target.resolve("bin/su")).get("ino"), stat(target.resolve("bin/su2")).get("ino"));
        assertEquals("chardev 0666 0:0 259", Trees.describeOne(target.resolve("dev/null")));
        assertEquals("blockdev 0660 0:0 1799", Trees.describeOne(target.resolve("dev/loop7")));
        assertEquals("fifo 0600 0:0", Trees.describeOne(target.resolve("run/fifo")));
        assertArrayEquals("value".getBytes(StandardCharsets.UTF_8),
                LinuxSyscalls.get().lgetxattr(target.resolve("etc/labelled").toString(), "user.berth.test"));
        FileTime t = FileTime.fromMillis(1_600_000_000_000L);
        assertEquals(t, Files.getLastModifiedTime(target.resolve("bin/su"), LinkOption.NOFOLLOW_LINKS));
        assertEquals(t, Files.getLastModifiedTime(target.resolve("bin/sh"), LinkOption.NOFOLLOW_LINKS));
        assertEquals(t, Files.getLastModifiedTime(target.resolve("bin"), LinkOption.NOFOLLOW_LINKS),
                "a directory's mtime is set after its entries are written");
        assertEquals("dir 0755 0:0", Trees.describeOne(target.resolve("home")), "implicit parents are 0755");
    }

    @Test
    void gzipZstdAndPlainTarGiveTheSameTreeAndTheDiffIdOfTheUncompressedStream() throws IOException {
        byte[] tar = new LayerTar().dir("etc").file("etc/hostname", "box\n").symlink("etc/mtab", "/proc/mounts").bytes();
        AppliedLayer plain = apply(tar, tmp.resolve("plain"));
        AppliedLayer gz = apply(LayerTar.gzip(tar), tmp.resolve("gz"));
        AppliedLayer zst = LayerApplier.create(Host.system()).apply(new ByteArrayInputStream(LayerTar.zstd(tar)),
                "application/vnd.oci.image.layer.v1.tar+zstd", tmp.resolve("zst"), null);
        assertEquals(LayerTar.sha256(tar), plain.diffId());
        assertEquals(plain.diffId(), gz.diffId());
        assertEquals(plain.diffId(), zst.diffId());
        assertEquals(tar.length, gz.uncompressedSize());
        assertEquals(Trees.describe(tmp.resolve("plain")), Trees.describe(tmp.resolve("gz")));
        assertEquals(Trees.describe(tmp.resolve("plain")), Trees.describe(tmp.resolve("zst")));
    }

    @Test
    void theContentSizeCountsFilesAndSymlinkTargetsOnceAsDockerdSizesALayer() throws IOException {
        // dockerd's layer size is its diff directory's: file bytes (a hard link once) and symlink
        // targets; neither tar headers nor directories
        byte[] tar = new LayerTar().dir("bin").file("bin/busybox", new byte[5000], 0755, 0, 0)
                .symlink("bin/sh", "busybox").symlink("bin/ls", "busybox").hardlink("bin/bb", "bin/busybox")
                .dir("empty").bytes();
        AppliedLayer applied = apply(tar, target);
        assertEquals(5000 + 7 + 7, applied.contentSize());
        assertTrue(applied.uncompressedSize() > applied.contentSize(), "the tar has headers and padding");
    }

    @Test
    void mediaTypeClaimingACompressionTheBytesLackFails() {
        byte[] tar = new LayerTar().file("a", "a").bytes();
        LayerException e = assertThrows(LayerException.class, () -> LayerApplier.create(Host.system()).apply(
                new ByteArrayInputStream(tar), "application/vnd.oci.image.layer.v1.tar+gzip", target, null));
        assertTrue(e.getMessage().contains("declares GZIP"), e.getMessage());
        assertFalse(Files.exists(target));
        assertThrows(LayerException.class, () -> LayerApplier.create(Host.system()).apply(
                new ByteArrayInputStream(tar), "application/vnd.oci.image.config.v1+json", target, null));
    }

    @Test
    void matchingDiffIdIsAcceptedAndAMismatchRemovesTheLayer() throws IOException {
        byte[] tar = new LayerTar().file("a", "a").bytes();
        LayerApplier.create(Host.system()).apply(new ByteArrayInputStream(LayerTar.gzip(tar)), null, target, LayerTar.sha256(tar));
        assertTrue(Files.isRegularFile(target.resolve("a")));
        Path other = tmp.resolve("other");
        LayerException e = assertThrows(LayerException.class, () -> LayerApplier.create(Host.system()).apply(
                new ByteArrayInputStream(tar), null, other, "sha256:" + "0".repeat(64)));
        assertTrue(e.getMessage().contains("diffID mismatch"), e.getMessage());
        assertFalse(Files.exists(other));
    }

    @Test
    void binaryXattrValuesFromGnuTarArriveByteForByte() throws Exception {
        Path src = tmp.resolve("src");
        Files.createDirectories(src);
        Path f = Files.writeString(src.resolve("f"), "data");
        byte[] value = {0x01, 0x00, (byte) 0x80, (byte) 0xff, (byte) 0xc3, 0x28, 0x00, 0x02};
        LinuxSyscalls.get().lsetxattr(f.toString(), "user.binary", value);
        Path tar = tmp.resolve("x.tar");
        Process p = new ProcessBuilder("tar", "--xattrs", "--xattrs-include=user.*", "--format=posix",
                "-C", src.toString(), "-cf", tar.toString(), "f").inheritIO().start();
        assertEquals(0, p.waitFor());
        apply(Files.readAllBytes(tar), target);
        assertArrayEquals(value, LinuxSyscalls.get().lgetxattr(target.resolve("f").toString(), "user.binary"));
    }

    @Test
    void sparseFileStaysSparseAndReadsBackTheSame() throws Exception {
        Path src = tmp.resolve("src");
        Files.createDirectories(src);
        Path f = src.resolve("sparse");
        try (java.io.RandomAccessFile r = new java.io.RandomAccessFile(f.toFile(), "rw")) {
            r.setLength(256L << 20);
            r.seek(128L << 20);
            r.write("middle".getBytes(StandardCharsets.UTF_8));
        }
        Path tar = tmp.resolve("s.tar");
        Process p = new ProcessBuilder("tar", "--sparse", "--format=posix", "-C", src.toString(), "-cf", tar.toString(), "sparse")
                .inheritIO().start();
        assertEquals(0, p.waitFor());
        assertTrue(Files.size(tar) < (1 << 20), "GNU tar wrote it sparse");
        apply(Files.readAllBytes(tar), target);
        Path out = target.resolve("sparse");
        assertEquals(256L << 20, Files.size(out));
        Process du = new ProcessBuilder("du", "-k", out.toString()).start();
        long kb = Long.parseLong(new String(du.getInputStream().readAllBytes()).split("\\s+")[0]);
        assertTrue(kb < 4096, "holes stay holes, uses " + kb + " KiB");
        try (java.io.RandomAccessFile r = new java.io.RandomAccessFile(out.toFile(), "r")) {
            byte[] b = new byte[6];
            r.seek(128L << 20);
            r.readFully(b);
            assertEquals("middle", new String(b, StandardCharsets.UTF_8));
        }
    }

    @Test
    void dotSlashRootEntrySetsTheLayerRootMetadata() throws IOException {
        byte[] tar = new LayerTar().dir("./", 0750).file("./a", "a").bytes();
        apply(tar, target);
        assertEquals("dir 0750 0:0", Trees.describeOne(target));
        assertTrue(Files.isRegularFile(target.resolve("a")));
    }

    @Test
    void nonAsciiNamesAndLinkTargetsAreKept() throws IOException {
        byte[] tar = new LayerTar().file("certs/Főtanúsítvány.crt", "c").symlink("certs/link", "Főtanúsítvány.crt")
                .hardlink("certs/ハード", "certs/Főtanúsítvány.crt").bytes();
        apply(tar, target);
        assertEquals("c", Files.readString(target.resolve("certs/Főtanúsítvány.crt")));
        assertEquals("Főtanúsítvány.crt", Files.readSymbolicLink(target.resolve("certs/link")).toString());
        assertEquals("c", Files.readString(target.resolve("certs/ハード")));
    }

    @Test
    void laterDuplicateReplacesTheEarlierEntry() throws IOException {
        byte[] tar = new LayerTar().file("a", "first").file("a", "second")
                .dir("d").dir("d", 0700)
                .file("x", "file").dir("x")
                .bytes();
        apply(tar, target);
        assertEquals("second", Files.readString(target.resolve("a")));
        assertEquals("dir 0700 0:0", Trees.describeOne(target.resolve("d")));
        assertTrue(Files.isDirectory(target.resolve("x"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void overlayPrivateXattrInALayerIsRefusedAndNamesTheEntry() {
        byte[] tar = new LayerTar().fileWithXattr("bad", "x", "trusted.overlay.redirect", "/etc").bytes();
        LayerException e = assertThrows(LayerException.class, () -> apply(tar, target));
        assertEquals("bad", e.entry());
        assertNull(LinuxSyscalls.get().lgetxattr(tmp.toString(), "trusted.overlay.redirect"));
        assertFalse(Files.exists(target));
    }
}
