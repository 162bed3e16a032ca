package dev.berth.namespaces.launch;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The launched process's root file system: an overlay of lower directories (highest first) with
 * an upper and a work directory, or a plain directory bound onto itself. The overlay is mounted
 * inside the process's own mount namespace on {@code mountPoint}, so it vanishes with the
 * process. See <a href="https://docs.kernel.org/filesystems/overlayfs.html">overlayfs</a>.
 */
public final class RootFs {
    private final List<Path> lowers;
    private final Path upper;
    private final Path work;
    private final Path mountPoint;
    private final Path directory;
    private final boolean volatileUpper;

    private RootFs(List<Path> lowers, Path upper, Path work, Path mountPoint, Path directory, boolean volatileUpper) {
        this.lowers = lowers;
        this.upper = upper;
        this.work = work;
        this.mountPoint = mountPoint;
        this.directory = directory;
        this.volatileUpper = volatileUpper;
    }

    /**
     * An overlay: {@code lowers} highest first; {@code upper} and {@code work} on the same file
     * system (both null for a read-only stack); mounted on {@code mountPoint}, an empty
     * directory.
     */
    public static RootFs overlay(List<Path> lowers, Path upper, Path work, Path mountPoint) {
        if (lowers.isEmpty()) {
            throw new IllegalArgumentException("an overlay root needs at least one lower directory");
        }
        if ((upper == null) != (work == null)) {
            throw new IllegalArgumentException("an overlay root needs both upper and work, or neither");
        }
        return new RootFs(List.copyOf(lowers), upper, work,
                Objects.requireNonNull(mountPoint, "mountPoint"), null, false);
    }

    /** A directory used as the root as it is (bound onto itself so that pivot_root works). */
    public static RootFs directory(Path directory) {
        return new RootFs(List.of(), null, null, Objects.requireNonNull(directory, "directory"), directory, false);
    }

    /**
     * This overlay with a volatile upper (overlayfs {@code volatile}): the upper file system is
     * never synced, so a host crash may lose or corrupt the process's changes. Meant for
     * throw-away containers, as podman uses it for transient ones: unmounting a durable overlay
     * syncs the upper file system, which costs milliseconds on every exit (about 2 ms on ext4).
     * The launcher clears overlay's volatile marker in the work directory before each mount, so
     * the same upper can be mounted again.
     */
    public RootFs volatileUpper() {
        if (!isOverlay() || upper == null) {
            throw new IllegalStateException("only an overlay with an upper directory can be volatile: " + this);
        }
        return new RootFs(lowers, upper, work, mountPoint, null, true);
    }

    /** True when the upper is mounted {@code volatile}. */
    public boolean isVolatileUpper() {
        return volatileUpper;
    }

    /** True for an overlay. */
    public boolean isOverlay() {
        return directory == null;
    }

    public List<Path> lowers() {
        return lowers;
    }

    public Path upper() {
        return upper;
    }

    public Path work() {
        return work;
    }

    /** Where the root is assembled before pivot_root. */
    public Path mountPoint() {
        return mountPoint;
    }

    /** The directory of a plain root, or null for an overlay. */
    public Path directory() {
        return directory;
    }

    @Override
    public String toString() {
        return isOverlay() ? "overlay of " + lowers.size() + " lower(s) on " + mountPoint + (volatileUpper ? " (volatile)" : "")
                : "directory " + directory;
    }
}
