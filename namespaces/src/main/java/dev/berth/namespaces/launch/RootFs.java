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

    private RootFs(List<Path> lowers, Path upper, Path work, Path mountPoint, Path directory) {
        this.lowers = lowers;
        this.upper = upper;
        this.work = work;
        this.mountPoint = mountPoint;
        this.directory = directory;
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
                Objects.requireNonNull(mountPoint, "mountPoint"), null);
    }

    /** A directory used as the root as it is (bound onto itself so that pivot_root works). */
    public static RootFs directory(Path directory) {
        return new RootFs(List.of(), null, null, Objects.requireNonNull(directory, "directory"), directory);
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
        return isOverlay() ? "overlay of " + lowers.size() + " lower(s) on " + mountPoint : "directory " + directory;
    }
}
