package dev.berth.overlayfs.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.namespaces.host.Host;
import dev.berth.namespaces.testing.RequiresRoot;
import dev.berth.overlayfs.FileStat;
import dev.berth.overlayfs.testing.LayerTar;
import dev.berth.overlayfs.testing.Trees;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Layers applied onto the layers below them as containerd applies them onto the merged view:
 * names resolve inside the root through this layer's and the lower layers' symlinks, hardlinks
 * may name lower files, implicit parents keep the lower directory's metadata, and whiteouts go
 * through lower symlinks. A sibling canary directory shows that nothing is written outside.
 */
@RequiresRoot("applies layers with their owners and trusted.overlay xattrs")
class LowerLayersApplyTest {
    @TempDir
    Path tmp;
    Path canary;
    Map<String, String> canaryBefore;

    @BeforeEach
    void setUp() throws IOException {
        canary = Files.createDirectories(tmp.resolve("canary"));
        Files.writeString(canary.resolve("secret"), "secret");
        canaryBefore = Trees.describe(canary);
    }

    @AfterEach
    void nothingOutsideTheLayers() throws IOException {
        assertEquals(canaryBefore, Trees.describe(canary), "the sibling outside the layers is untouched");
        assertFalse(Files.exists(tmp.resolve("pwned"), LinkOption.NOFOLLOW_LINKS));
    }

    Path apply(String name, LayerTar tar, Path... lowers) throws IOException {
        Path dir = tmp.resolve(name);
        LayerApplier.create(Host.system()).apply(new ByteArrayInputStream(tar.bytes()), null, dir, null, List.of(lowers));
        return dir;
    }

    static FileStat stat(Path p) throws IOException {
        return FileStat.of(p);
    }

    @Test
    void entriesUnderASymlinkOfTheSameLayerGoWhereItPoints() throws IOException {
        Path l = apply("l", new LayerTar().dir("usr/lib").symlink("lib", "usr/lib").symlink("abs", "/usr/lib")
                .file("lib/a", "a").file("abs/b", "b").dir("lib/sub"));
        assertEquals("a", Files.readString(l.resolve("usr/lib/a")));
        assertEquals("b", Files.readString(l.resolve("usr/lib/b")));
        assertTrue(stat(l.resolve("usr/lib/sub")).isDirectory());
        assertTrue(Files.isSymbolicLink(l.resolve("lib")));
    }

    @Test
    void aHardlinkToALowerFileCopiesItUpWithItsMetadataAndLinksIt() throws IOException {
        Path l1 = apply("l1", new LayerTar().mtime(1_500_000_000L)
                .file("bin/busybox", "bb".getBytes(), 04755, 7, 8));
        Files.setAttribute(l1.resolve("bin/busybox"), "user:origin", "lower".getBytes());
        Path l2 = apply("l2", new LayerTar().hardlink("bin/sh", "bin/busybox").hardlink("/usr/bin/env", "../bin/busybox"), l1);
        FileStat up = stat(l2.resolve("bin/busybox"));
        assertEquals("bb", Files.readString(l2.resolve("bin/sh")));
        assertEquals(up.ino(), stat(l2.resolve("bin/sh")).ino());
        assertEquals(up.ino(), stat(l2.resolve("usr/bin/env")).ino());
        assertEquals(3, up.nlink());
        assertEquals(04755, up.permissions());
        assertEquals(7, up.uid());
        assertEquals(8, up.gid());
        assertEquals(1_500_000_000L * 1_000_000_000L, up.mtimeNanos());
        assertEquals("lower", new String((byte[]) Files.getAttribute(l2.resolve("bin/busybox"), "user:origin")));
        assertEquals(1, stat(l1.resolve("bin/busybox")).nlink(), "the lower layer is only read");
    }

    @Test
    void aHardlinkThroughALowerSymlinkLinksTheFileItLeadsTo() throws IOException {
        Path l1 = apply("l1", new LayerTar().file("usr/lib/libc.so", "libc").symlink("lib", "/usr/lib"));
        Path l2 = apply("l2", new LayerTar().hardlink("libc.so", "lib/libc.so"), l1);
        assertEquals(stat(l2.resolve("usr/lib/libc.so")).ino(), stat(l2.resolve("libc.so")).ino());
        assertFalse(Files.exists(l2.resolve("lib"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void anImplicitParentTakesTheLowerDirectorysModeOwnerAndMtime() throws IOException {
        Path l1 = apply("l1", new LayerTar().mtime(1_500_000_000L).dir("etc", 0750).file("etc/old", "o"));
        Files.setAttribute(l1.resolve("etc"), "unix:uid", 7);
        Path l2 = apply("l2", new LayerTar().mtime(1_700_000_000L).file("etc/new", "n").file("opt/x/y", "y"), l1);
        FileStat etc = stat(l2.resolve("etc"));
        assertEquals(1_500_000_000L * 1_000_000_000L, etc.mtimeNanos(), "not the time of the apply");
        assertEquals(0750, etc.permissions());
        assertEquals(7, etc.uid());
        assertEquals(0755, stat(l2.resolve("opt/x")).permissions(), "no lower directory: containerd's default");
    }

    @Test
    void entriesAndWhiteoutsUnderALowerSymlinkResolveThroughIt() throws IOException {
        Path l1 = apply("l1", new LayerTar().file("usr/lib/foo", "f").file("usr/lib/bar", "b")
                .symlink("lib", "usr/lib").symlink("up", "../../../.."));
        Path l2 = apply("l2", new LayerTar().whiteout("lib/foo").file("lib/new", "n").file("up/tmp/pwned", "x"), l1);
        assertTrue(stat(l2.resolve("usr/lib/foo")).isWhiteout());
        assertEquals("n", Files.readString(l2.resolve("usr/lib/new")));
        assertTrue(Files.exists(l2.resolve("tmp/pwned")), "a lower symlink climbing out stops at the root");
        assertFalse(Files.exists(l2.resolve("lib"), LinkOption.NOFOLLOW_LINKS), "the lower symlink stays in the merged view");
    }

    @Test
    void aLowerSymlinkToAnAbsoluteHostPathResolvesInsideTheRoot() throws IOException {
        Path l1 = apply("l1", new LayerTar().symlink("c", canary.toString()));
        Path l2 = apply("l2", new LayerTar().file("c/secret", "pwned").whiteout("c/other").hardlink("h", "c/secret"), l1);
        Path inside = l2.resolve(canary.toString().substring(1));
        assertEquals("pwned", Files.readString(inside.resolve("secret")));
        assertTrue(stat(inside.resolve("other")).isWhiteout());
    }

    @Test
    void whatAHigherLayerHidesIsNotResolvedThrough() throws IOException {
        Path l1 = apply("l1", new LayerTar().dir("real").symlink("s", "real").dir("d").symlink("d/s", "/real"));
        Path l2 = apply("l2", new LayerTar().whiteout("s").opaque("d"), l1);
        Path l3 = apply("l3", new LayerTar().file("s/x", "x").file("d/s/y", "y"), l2, l1);
        assertTrue(stat(l3.resolve("s")).isDirectory(), "the whiteout hides the lower symlink");
        assertTrue(stat(l3.resolve("d/s")).isDirectory(), "the opaque directory hides the lower symlink");
        assertFalse(Files.exists(l3.resolve("real"), LinkOption.NOFOLLOW_LINKS));
    }
}
