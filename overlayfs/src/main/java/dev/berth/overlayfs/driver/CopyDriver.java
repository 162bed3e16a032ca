package dev.berth.overlayfs.driver;

import dev.berth.namespaces.launch.RootFs;
import dev.berth.namespaces.linux.Syscalls;
import dev.berth.overlayfs.FileStat;
import dev.berth.overlayfs.FileTrees;
import dev.berth.overlayfs.LayerStack;
import dev.berth.overlayfs.Whiteouts;
import dev.berth.overlayfs.diff.DiffResult;
import dev.berth.overlayfs.diff.LayerDiff;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The copy ("vfs") driver: the merged view of the layers ({@link LayerStack}, as overlayfs would
 * show it) is copied into {@code dir/rootfs}, keeping modes, owners, times, xattrs, devices and
 * hardlinks; changes are found by comparing that directory with the layers again. Slower and
 * larger than overlay, but it works on any file system and without mount rights. See
 * <a href="https://docs.kernel.org/filesystems/overlayfs.html">overlayfs</a> for the semantics it copies.
 */
final class CopyDriver implements StorageDriver {
    private final Syscalls sys;

    CopyDriver(Syscalls sys) {
        this.sys = sys;
    }

    @Override
    public String name() {
        return "vfs";
    }

    @Override
    public ContainerRoot create(List<Path> layers, Path dir) throws IOException {
        Files.createDirectory(dir);
        Path rootfs = dir.resolve("rootfs");
        try {
            new Copy().node(new LayerStack(sys, layers).root(), rootfs);
        } catch (IOException | RuntimeException e) {
            FileTrees.delete(dir);
            throw e;
        }
        return new Root(List.copyOf(layers), dir, rootfs);
    }

    /** One materialisation: remembers copied inodes so that hardlinks stay hardlinks. */
    private final class Copy {
        private final Map<String, Path> inodes = new HashMap<>();

        void node(LayerStack.Node n, Path target) throws IOException {
            FileStat st = n.stat();
            Path src = n.source();
            switch (st.type()) {
                case FileStat.S_IFDIR:
                    Files.createDirectory(target);
                    for (LayerStack.Node c : n.children()) {
                        node(c, target.resolve(c.source().getFileName().toString()));
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

    private final class Root extends DirectoryRoot {
        private final List<Path> layers;
        private final Path rootfs;

        Root(List<Path> layers, Path dir, Path rootfs) {
            super(name(), dir);
            this.layers = new ArrayList<>(layers);
            this.rootfs = rootfs;
        }

        @Override
        public RootFs rootFs() {
            return RootFs.directory(rootfs);
        }

        @Override
        public Path mount() {
            return rootfs;
        }

        @Override
        public void unmount() {
            // a plain directory: nothing is mounted
        }

        @Override
        public DiffResult diff(LayerDiff diff, OutputStream out) throws IOException {
            return diff.ofCopy(layers, rootfs, out);
        }
    }
}
