package dev.berth.overlayfs;

import dev.berth.namespaces.linux.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Copies a tree of a {@link LayerStack}'s merged view into a real directory, as overlayfs shows
 * it: modes, owners, xattrs (but overlay's own), mtimes, device nodes, symlinks as symlinks,
 * and hardlinks kept as hardlinks within one copy. What the copy ("vfs") driver materialises
 * a root with, and how an image's files seed a new volume.
 */
public final class MergedCopy {
    private final Syscalls sys;
    private final Map<String, Path> inodes = new HashMap<>();

    public MergedCopy(Syscalls sys) {
        this.sys = sys;
    }

    /** Copies {@code n} (and, for a directory, everything below it) to {@code target}, which must not exist. */
    public void copy(LayerStack.Node n, Path target) throws IOException {
        FileStat st = n.stat();
        Path src = n.source();
        switch (st.type()) {
            case FileStat.S_IFDIR:
                Files.createDirectory(target);
                for (LayerStack.Node c : n.children()) {
                    copy(c, target.resolve(c.source().getFileName().toString()));
                }
                break;
            case FileStat.S_IFREG:
                String key = st.dev() + ":" + st.ino();
                Path first = st.nlink() > 1 ? inodes.putIfAbsent(key, target) : null;
                if (first != null) {
                    Files.createLink(target, first);
                    return; // the inode already has its metadata
                }
                Files.copy(src, target);
                break;
            case FileStat.S_IFLNK:
                Files.createSymbolicLink(target, Files.readSymbolicLink(src));
                break;
            default:
                sys.mknod(target.toString(), st.mode(), st.rdev());
        }
        metadata(src, st, target);
    }

    private void metadata(Path src, FileStat st, Path target) {
        String t = target.toString();
        sys.lchown(t, st.uid(), st.gid());
        if (!st.isSymlink()) {
            sys.fchmodat(Syscalls.AT_FDCWD, t, st.permissions(), 0);
        }
        for (String name : sys.llistxattr(src.toString())) {
            if (!Whiteouts.isOverlayPrivate(name)) {
                byte[] v = sys.lgetxattr(src.toString(), name);
                if (v != null) {
                    sys.lsetxattr(t, name, v);
                }
            }
        }
        sys.lutimes(t, st.mtimeNanos(), st.mtimeNanos());
    }
}
