package dev.berth.overlayfs.driver;

import dev.berth.namespaces.host.Host;
import dev.berth.namespaces.launch.RootFs;
import dev.berth.namespaces.linux.Syscalls;
import dev.berth.namespaces.userns.UserNamespaceMap;
import dev.berth.overlayfs.FileTrees;
import dev.berth.overlayfs.LayerStack;
import dev.berth.overlayfs.MergedCopy;
import dev.berth.overlayfs.diff.DiffResult;
import dev.berth.overlayfs.diff.LayerDiff;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The copy ("vfs") driver: the merged view of the layers ({@link LayerStack}, as overlayfs would
 * show it) is copied into {@code dir/rootfs}, keeping modes, owners, times, xattrs, devices and
 * hardlinks; changes are found by comparing that directory with the layers again. Slower and
 * larger than overlay, but it works on any file system and without mount rights. See
 * <a href="https://docs.kernel.org/filesystems/overlayfs.html">overlayfs</a> for the semantics it copies.
 */
final class CopyDriver implements StorageDriver {
    private final Host host;
    private final Syscalls sys;

    CopyDriver(Host host) {
        this.host = host;
        this.sys = host.syscalls();
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
            UserNamespaceMap ids = sys.privilegedRoot() ? null : UserNamespaceMap.ofCurrentUser();
            if (ids != null && !ids.isSingle() && FileTrees.hasUnreadable(sys, layers)) {
                UserNamespaceCopy.copy(host.launcher(), ids, layers, rootfs);
            } else {
                new MergedCopy(sys).copy(new LayerStack(sys, layers).root(), rootfs);
            }
        } catch (IOException | RuntimeException e) {
            FileTrees.delete(dir);
            throw e;
        }
        return new Root(List.copyOf(layers), dir, rootfs);
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
