package dev.berth.namespaces.cgroup;

import dev.berth.namespaces.linux.Syscalls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The cgroups of one host: where Berth's groups go ({@link CgroupLayout}) and the kernel that
 * makes them, kept as a pair so that the same placement, limit and removal code runs on the real
 * cgroupfs and, in unit tests, on a fake tree. The layout is detected on first use, since a host
 * without any cgroup filesystem still runs containers that ask for no limit.
 *
 * @see <a href="https://docs.kernel.org/admin-guide/cgroup-v2.html">Control Group v2</a>
 */
public final class Cgroups {
    private final Supplier<CgroupLayout> layout;
    private final CgroupKernel kernel;

    Cgroups(Supplier<CgroupLayout> layout, CgroupKernel kernel) {
        this.layout = layout;
        this.kernel = kernel;
    }

    /**
     * This host's cgroupfs, with the layout detected once per JVM ({@link CgroupLayout#system()});
     * {@code sys} loads device programs.
     */
    public static Cgroups of(Syscalls sys) {
        return new Cgroups(CgroupLayout::system, new CgroupKernel(sys));
    }

    /** This host's cgroupfs with groups placed by {@code layout} (a delegated v2 parent, say). */
    public static Cgroups of(CgroupLayout layout, Syscalls sys) {
        return new Cgroups(() -> layout, new CgroupKernel(sys));
    }

    /**
     * Where groups go.
     *
     * @throws CgroupException if no cgroup filesystem is mounted
     */
    public CgroupLayout layout() {
        return layout.get();
    }

    /**
     * Creates the group and writes its limits.
     *
     * @param name one path component: letters, digits, '_', '-' and '.', starting with a letter
     *     or digit, at most 128 characters
     * @throws CgroupException if a limit needs a controller this host does not have, a group of
     *     that name exists, or the kernel refuses a directory or a value; nothing is left behind
     */
    public Cgroup create(String name, CgroupLimits limits) {
        return Cgroup.create(layout(), name, limits, kernel);
    }

    /**
     * The {@code cgroup.procs} files that {@link #create} makes for {@code name}, one per
     * hierarchy in the same order, without making anything: a launcher encodes them while the
     * group is being made.
     */
    public List<Path> procsFiles(String name) {
        CgroupLayout l = layout();
        List<Path> out = new java.util.ArrayList<>();
        for (CgroupHierarchy h : l.hierarchies()) {
            out.add(l.parentDirectory(h).resolve(name).resolve("cgroup.procs"));
        }
        return out;
    }

    /**
     * The group {@code name} that another handle (perhaps another JVM's) made, when it exists in
     * every hierarchy: to freeze, thaw or list its processes. It stays its maker's to remove: do
     * not close it.
     */
    public Optional<Cgroup> existing(String name) {
        return Cgroup.existing(layout(), name, kernel);
    }

    /**
     * The group {@code name} that process {@code pid} is in, found from the kernel's
     * {@code /proc/<pid>/cgroup} rather than from this JVM's placement: a container's group that
     * another JVM made, which on v1 lies under that JVM's own cgroup. Every path is checked to
     * stay inside its cgroup mount and to end in {@code berth/<name>}. Empty when the process has
     * gone or is not in such a group in every hierarchy. It stays its maker's to remove: close it
     * only for a maker that is gone, once the container has exited.
     */
    public Optional<Cgroup> ofProcess(String name, long pid) {
        String procCgroup;
        try {
            procCgroup = java.nio.file.Files.readString(Path.of("/proc", Long.toString(pid), "cgroup"));
        } catch (java.io.IOException gone) {
            return Optional.empty();
        }
        return Cgroup.ofProcess(layout(), name, procCgroup, kernel);
    }

    /**
     * Removes the groups that a crashed JVM left behind: every group under "berth" in each
     * hierarchy that has no processes and is older than {@link Cgroup#LEFTOVER_MIN_AGE}. Meant
     * for start-up.
     *
     * @return the directories removed
     */
    public List<Path> removeLeftovers() {
        return removeLeftovers(Cgroup.LEFTOVER_MIN_AGE);
    }

    /**
     * Removes the empty groups under "berth" in each hierarchy. A group is left alone if it has a
     * process in any hierarchy, or if any of its directories is younger than {@code minAge},
     * because another JVM may have just made it and not yet moved its container in.
     * {@link Duration#ZERO} removes every empty group whatever its age. In v1 hierarchies this
     * sees only groups under this process's own cgroup.
     *
     * @return the directories removed
     */
    public List<Path> removeLeftovers(Duration minAge) {
        return LeftoverCgroups.remove(layout(), minAge, name -> true, kernel);
    }

    /**
     * Removes the empty groups under "berth" whose names start with {@code namePrefix}, whatever
     * their age: for a caller that knows their owner has died (a crashed JVM's containers), so
     * no one else can be about to use them. An empty group that the kernel still reports busy
     * (just after its processes were killed) is retried for up to {@link Cgroup#KILL_TIMEOUT}.
     *
     * @return the directories removed
     */
    public List<Path> removeLeftovers(String namePrefix) {
        return LeftoverCgroups.remove(layout(), Duration.ZERO, name -> name.startsWith(namePrefix), kernel,
                Cgroup.KILL_TIMEOUT);
    }
}
