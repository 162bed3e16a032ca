package dev.berth.overlayfs.driver;

import dev.berth.namespaces.host.Host;
import dev.berth.namespaces.launch.RootFs;
import dev.berth.namespaces.linux.Syscalls;
import dev.berth.overlayfs.FileTrees;
import dev.berth.overlayfs.diff.DiffResult;
import dev.berth.overlayfs.diff.LayerDiff;
import dev.berth.overlayfs.mount.MountedOverlay;
import dev.berth.overlayfs.mount.OverlayMount;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The overlay driver: {@code dir/upper}, {@code dir/work} and {@code dir/merged} over the layers;
 * changes are the upper directory. See <a href="https://docs.kernel.org/filesystems/overlayfs.html">overlayfs</a>.
 */
final class OverlayDriver implements StorageDriver {
    private final Syscalls sys;

    OverlayDriver(Syscalls sys) {
        this.sys = sys;
    }

    @Override
    public String name() {
        return "overlay";
    }

    /** This driver with {@code sys} if an overlay mounts in {@code scratch}, else the copy driver. */
    static StorageDriver detect(Host host, Path scratch) {
        OverlayDriver overlay = new OverlayDriver(host.syscalls());
        return overlay.works(scratch) ? overlay : new CopyDriver(host);
    }

    /** Whether a writable overlay mounts in {@code scratch}; the trial leaves nothing behind. */
    boolean works(Path scratch) {
        Path trial = null;
        try {
            Files.createDirectories(scratch);
            trial = Files.createTempDirectory(scratch, "overlay-probe-");
            Path lower = Files.createDirectory(trial.resolve("lower"));
            OverlayMount m = OverlayMount.of(sys, List.of(lower), Files.createDirectory(trial.resolve("upper")),
                    Files.createDirectory(trial.resolve("work")));
            try (MountedOverlay mounted = m.mountOn(Files.createDirectory(trial.resolve("merged")))) {
                return true;
            }
        } catch (IOException | RuntimeException e) {
            return false;
        } finally {
            if (trial != null) {
                try {
                    FileTrees.delete(trial);
                } catch (IOException e) {
                    // a probe directory left in scratch is harmless
                }
            }
        }
    }

    @Override
    public ContainerRoot create(List<Path> layers, Path dir) throws IOException {
        Files.createDirectory(dir);
        OverlayMount overlay = OverlayMount.of(sys, layers, Files.createDirectory(dir.resolve("upper")),
                Files.createDirectory(dir.resolve("work")));
        return new Root(overlay, dir, Files.createDirectory(dir.resolve("merged")));
    }

    private final class Root extends DirectoryRoot {
        private final OverlayMount overlay;
        private final Path merged;
        private MountedOverlay mounted;

        Root(OverlayMount overlay, Path dir, Path merged) {
            super(name(), dir);
            this.overlay = overlay;
            this.merged = merged;
        }

        @Override
        public RootFs rootFs() {
            return overlay.rootFs(merged);
        }

        @Override
        public synchronized Path mount() throws IOException {
            if (mounted == null) {
                mounted = overlay.mountOn(merged);
            }
            return merged;
        }

        @Override
        public synchronized void unmount() throws IOException {
            if (mounted != null) {
                mounted.close();
                mounted = null;
            }
        }

        @Override
        public DiffResult diff(LayerDiff diff, OutputStream out) throws IOException {
            return diff.ofUpper(overlay.upper(), overlay.lowers(), out);
        }
    }
}
