package dev.berth.overlayfs.testing;

import dev.berth.namespaces.linux.LinuxSyscalls;
import dev.berth.namespaces.linux.Syscalls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A base layer with one of everything, and a set of changes a container might make to it:
 * edits, mode and owner changes, deletions of files and trees, a directory emptied and refilled
 * (opaque), type changes, new hardlinks, FIFOs and xattrs.
 */
public final class SampleChanges {
    private SampleChanges() {
    }

    public static byte[] baseLayer() {
        return new LayerTar()
                .dir("etc").file("etc/hostname", "base\n").file("etc/passwd", "root:x:0:0::/root:/bin/sh\n")
                .dir("bin").file("bin/tool", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8), 0755, 0, 0)
                .symlink("bin/sh", "tool").hardlink("bin/tool2", "bin/tool")
                .file("d/x", "x").file("d/y", "y").file("d/sub/z", "z")
                .file("gone/deep/file", "g").file("file-to-dir", "f").file("dir-to-link/a", "a")
                .dir("tmp", 01777).fifo("run/fifo").charDevice("dev/null", 1, 3)
                .fileWithXattr("etc/labelled", "l", "user.base", "yes")
                .bytes();
    }

    /** Makes the changes in {@code root} (a merged overlay or a copy). */
    public static void make(Path root) throws IOException {
        Syscalls sys = LinuxSyscalls.get();
        Files.writeString(root.resolve("etc/hostname"), "changed\n");
        sys.fchmodat(Syscalls.AT_FDCWD, root.resolve("bin/tool").toString(), 04755, 0);
        sys.lchown(root.resolve("etc/passwd").toString(), 1000, 1000);
        Files.delete(root.resolve("etc/labelled"));
        Files.writeString(root.resolve("etc/new"), "new file\n");
        sys.lsetxattr(root.resolve("etc/new").toString(), "user.added", new byte[] {1, 0, (byte) 0x80, (byte) 0xfe});
        dev.berth.overlayfs.FileTrees.delete(root.resolve("gone"));
        dev.berth.overlayfs.FileTrees.delete(root.resolve("d"));
        Files.createDirectories(root.resolve("d"));
        Files.writeString(root.resolve("d/only"), "only this\n");
        Files.delete(root.resolve("file-to-dir"));
        Files.createDirectories(root.resolve("file-to-dir/inner"));
        dev.berth.overlayfs.FileTrees.delete(root.resolve("dir-to-link"));
        Files.createSymbolicLink(root.resolve("dir-to-link"), Path.of("/etc"));
        Files.createDirectories(root.resolve("srv/data"));
        Files.writeString(root.resolve("srv/data/a"), "a");
        Files.createLink(root.resolve("srv/data/b"), root.resolve("srv/data/a"));
        sys.mknod(root.resolve("srv/pipe").toString(), Syscalls.S_IFIFO | 0640, 0);
        Files.move(root.resolve("etc/passwd"), root.resolve("etc/passwd.moved"));
    }
}
