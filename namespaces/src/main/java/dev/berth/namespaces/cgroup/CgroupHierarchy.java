package dev.berth.namespaces.cgroup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One mounted cgroup hierarchy that serves some of the {@link CgroupController controllers} Berth
 * uses: a v1 hierarchy (one or more co-mounted controllers, such as {@code cpu,cpuacct}) or the
 * unified cgroup2 hierarchy.
 *
 * <p>It knows where it is mounted, which part of the hierarchy the mount shows (a container often
 * sees only its own subtree) and which cgroup this process is in, so that a cgroup path as the
 * kernel prints it in {@code /proc/self/cgroup} can be turned into a directory.
 *
 * @see <a href="https://docs.kernel.org/admin-guide/cgroup-v2.html">Control Group v2</a>
 * @see <a href="https://docs.kernel.org/admin-guide/cgroup-v1/cgroups.html">Control Groups (v1)</a>
 */
public final class CgroupHierarchy {
    private final int version;
    private final Path mountPoint;
    private final String mountRoot;
    private final String ownPath;
    private final Set<CgroupController> controllers;

    CgroupHierarchy(int version, Path mountPoint, String mountRoot, String ownPath,
            Set<CgroupController> controllers) {
        if (version != 1 && version != 2) {
            throw new IllegalArgumentException("cgroup version must be 1 or 2: " + version);
        }
        this.version = version;
        this.mountPoint = Objects.requireNonNull(mountPoint, "mountPoint");
        this.mountRoot = normalize(mountRoot);
        this.ownPath = normalize(ownPath);
        this.controllers = controllers.isEmpty()
                ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(controllers));
    }

    /** 1 for a v1 hierarchy, 2 for the unified hierarchy. */
    public int version() {
        return version;
    }

    /** Whether this is the unified (cgroup2) hierarchy. */
    public boolean isUnified() {
        return version == 2;
    }

    /** The directory the hierarchy is mounted on, such as {@code /sys/fs/cgroup/memory}. */
    public Path mountPoint() {
        return mountPoint;
    }

    /** This process's cgroup in this hierarchy, as {@code /proc/self/cgroup} prints it. */
    public String ownPath() {
        return ownPath;
    }

    /** The directory of this process's own cgroup. */
    public Path ownDirectory() {
        return directoryOf(ownPath);
    }

    /** The controllers this hierarchy serves for Berth. */
    public Set<CgroupController> controllers() {
        return controllers;
    }

    /** Whether this hierarchy serves the controller. */
    public boolean serves(CgroupController controller) {
        return controllers.contains(controller);
    }

    /**
     * The directory of a cgroup given by its path in the hierarchy. The part of the path that the
     * mount does not show (the mount's root in mountinfo, as in a container that was given only
     * its own subtree) is taken off first.
     *
     * @throws CgroupException if the path lies outside what this mount shows, which the kernel
     *     prints with {@code ..} components when a cgroup namespace hides it
     */
    public Path directoryOf(String cgroupPath) {
        List<String> path = components(cgroupPath);
        List<String> root = components(mountRoot);
        if (path.size() >= root.size() && path.subList(0, root.size()).equals(root)) {
            path = path.subList(root.size(), path.size());
        }
        if (path.contains("..")) {
            throw new CgroupException("cgroup " + cgroupPath + " is outside what the " + this
                    + " mount shows (mount root " + mountRoot + ")");
        }
        Path dir = mountPoint;
        for (String c : path) {
            dir = dir.resolve(c);
        }
        return dir;
    }

    /** A path with one slash between components and none at the end; "/" for the root. */
    static String normalize(String cgroupPath) {
        return "/" + String.join("/", components(cgroupPath));
    }

    /**
     * The non-empty components of a cgroup path. ".." is kept as it is: the kernel prints it for
     * cgroups outside this process's cgroup namespace, and {@link #directoryOf} refuses it.
     */
    static List<String> components(String cgroupPath) {
        List<String> out = new ArrayList<>();
        for (String c : cgroupPath.split("/")) {
            if (!c.isEmpty() && !c.equals(".")) {
                out.add(c);
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CgroupHierarchy h && h.version == version && h.mountPoint.equals(mountPoint)
                && h.mountRoot.equals(mountRoot) && h.ownPath.equals(ownPath)
                && h.controllers.equals(controllers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, mountPoint, mountRoot, ownPath, controllers);
    }

    @Override
    public String toString() {
        return "v" + version + " " + controllers + " at " + mountPoint + " (own cgroup " + ownPath + ")";
    }
}
