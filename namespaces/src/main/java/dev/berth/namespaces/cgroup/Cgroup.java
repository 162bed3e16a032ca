package dev.berth.namespaces.cgroup;

import dev.berth.namespaces.cgroup.device.DevicePolicy;
import dev.berth.namespaces.linux.SyscallException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * One container's group, made in every hierarchy that serves a controller Berth uses (one
 * directory on a pure v2 host, one per v1 hierarchy on v1 and hybrid hosts), with its limits
 * written.
 *
 * <p>The native launcher puts the container's first process into the group by writing its pid to
 * each of {@link #procsFiles()} before releasing it, so that nothing the container allocates or
 * forks escapes the limits. {@link #close()} kills whatever is left in the group and removes its
 * directories; it is idempotent, so a {@code try}-with-resources and an explicit close can both
 * run.
 *
 * <p>Where groups go is decided by {@link CgroupLayout}: {@code <own cgroup>/berth/<name>} in v1
 * hierarchies and {@code <v2 parent>/<name>} in the unified one, with the controllers enabled in
 * each ancestor's {@code cgroup.subtree_control} as cgroup v2 requires.
 *
 * @see <a href="https://docs.kernel.org/admin-guide/cgroup-v2.html">Control Group v2</a>
 * @see <a href="https://docs.kernel.org/admin-guide/cgroup-v1/cgroups.html">Control Groups (v1)</a>
 */
public final class Cgroup implements AutoCloseable {
    /** How long {@link #close()} and {@link #kill()} wait for the group to empty. */
    public static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);
    /** Leftovers younger than this are kept: another JVM may be about to start a process in them. */
    public static final Duration LEFTOVER_MIN_AGE = Duration.ofSeconds(10);

    private final CgroupLayout layout;
    private final String name;
    private final CgroupLimits limits;
    private final CgroupKernel kernel;
    private final Map<CgroupHierarchy, Path> directories;
    private boolean closed;

    Cgroup(CgroupLayout layout, String name, CgroupLimits limits, CgroupKernel kernel,
            Map<CgroupHierarchy, Path> directories) {
        this.layout = layout;
        this.name = name;
        this.limits = limits;
        this.kernel = kernel;
        this.directories = Collections.unmodifiableMap(new LinkedHashMap<>(directories));
    }

    /**
     * Creates the group and writes its limits.
     *
     * @param name one path component: letters, digits, '_', '-' and '.', starting with a letter
     *     or digit, at most 128 characters
     * @throws CgroupException if a limit needs a controller this host does not have, a group of
     *     that name exists, or the kernel refuses a directory or a value; nothing is left behind
     */
    static Cgroup create(CgroupLayout layout, String name, CgroupLimits limits, CgroupKernel kernel) {
        CgroupPlacement placement = new CgroupPlacement(layout, name, limits, kernel);
        placement.checkControllers();
        Map<CgroupHierarchy, Path> created = new LinkedHashMap<>();
        try {
            for (CgroupHierarchy h : layout.hierarchies()) {
                created.put(h, placement.makeLeaf(h));
            }
            Cgroup group = new Cgroup(layout, name, limits, kernel, created);
            group.applyLimits();
            group.applyDevicePolicy();
            return group;
        } catch (RuntimeException e) {
            // No process can be in the group yet, so undoing is only rmdir.
            new Cgroup(layout, name, limits, kernel, created).removeDirectories(System.nanoTime(), e);
            throw e;
        }
    }

    /** A read-only view of the group {@code name} when it exists in every hierarchy of {@code layout}. */
    static Optional<Cgroup> existing(CgroupLayout layout, String name, CgroupKernel kernel) {
        Map<CgroupHierarchy, Path> found = new LinkedHashMap<>();
        for (CgroupHierarchy h : layout.hierarchies()) {
            Path dir = layout.parentDirectory(h).resolve(name);
            if (java.nio.file.Files.isDirectory(dir)) {
                found.put(h, dir);
            }
        }
        // All or nothing: a group is made in every hierarchy, so a partial one is being removed.
        return found.size() != layout.hierarchies().size() ? Optional.empty()
                : Optional.of(new Cgroup(layout, name, CgroupLimits.builder().build(), kernel, found));
    }

    /**
     * A read-only view of the group {@code name} that a process is in, found from its
     * {@code /proc/<pid>/cgroup} text rather than from {@code layout}'s placement: the group
     * another JVM made under its own v1 cgroups, say. In each hierarchy the process's path is cut
     * after its first {@code berth/<name>} pair (the process may sit in a subgroup the container
     * made). Empty when a hierarchy has no such line or path, when a path leaves what the mount
     * shows (the ".." the kernel prints outside this cgroup namespace), or when a directory is gone.
     */
    static Optional<Cgroup> ofProcess(CgroupLayout layout, String name, String procCgroup, CgroupKernel kernel) {
        List<CgroupLayout.CgroupLine> lines = CgroupLayout.CgroupLine.parseAll(procCgroup);
        Map<CgroupHierarchy, Path> found = new LinkedHashMap<>();
        for (CgroupHierarchy h : layout.hierarchies()) {
            Optional<String> group = lines.stream().filter(l -> l.isIn(h)).findFirst()
                    .flatMap(l -> groupPath(l.path, name));
            if (group.isEmpty()) {
                return Optional.empty();
            }
            Path dir;
            try {
                dir = h.directoryOf(group.get());
            } catch (CgroupException outsideTheMount) {
                return Optional.empty();
            }
            if (!dir.startsWith(h.mountPoint()) || !java.nio.file.Files.isDirectory(dir)) {
                return Optional.empty();
            }
            found.put(h, dir);
        }
        return found.isEmpty() ? Optional.empty()
                : Optional.of(new Cgroup(layout, name, CgroupLimits.builder().build(), kernel, found));
    }

    /** {@code path} up to its first ".../berth/<name>", or empty when it has none. */
    private static Optional<String> groupPath(String path, String name) {
        List<String> c = CgroupHierarchy.components(path);
        for (int i = 1; i < c.size(); i++) {
            if (c.get(i - 1).equals(CgroupLayout.PARENT_NAME) && c.get(i).equals(name)) {
                return Optional.of("/" + String.join("/", c.subList(0, i + 1)));
            }
        }
        return Optional.empty();
    }

    private void applyLimits() {
        if (limits.memoryBytes().isPresent()) {
            CgroupHierarchy h = hierarchy(CgroupController.MEMORY);
            CgroupFiles.of(h).limitMemory(writer, directories.get(h), limits.memoryBytes().getAsLong());
        }
        if (limits.pidsMax().isPresent()) {
            Path dir = directories.get(hierarchy(CgroupController.PIDS));
            writer.set(CgroupController.PIDS, dir.resolve("pids.max"), Long.toString(limits.pidsMax().getAsLong()));
        }
        if (limits.cpuQuotaMicros().isPresent()) {
            CgroupHierarchy h = hierarchy(CgroupController.CPU);
            CgroupFiles.of(h).limitCpu(writer, directories.get(h), limits.cpuQuotaMicros().getAsLong(),
                    limits.cpuPeriodMicros().getAsLong());
        }
        if (limits.cpuShares().isPresent()) {
            CgroupHierarchy h = hierarchy(CgroupController.CPU);
            CgroupFiles.of(h).shareCpu(writer, directories.get(h), limits);
        }
    }

    /**
     * Puts the device policy in force before any process is in the group: v1 devices files, a
     * v2 eBPF program (see {@link CgroupFiles#limitDevices}); the rmdir on close removes either.
     */
    private void applyDevicePolicy() {
        if (limits.devices().isPresent()) {
            CgroupHierarchy h = hierarchy(CgroupController.DEVICES);
            CgroupFiles.of(h).limitDevices(writer, directories.get(h), limits.devices().get());
        }
    }

    /** Writes this group's limit files; a refusal names the group and the limit. */
    private final CgroupFiles.Writer writer = new CgroupFiles.Writer() {
        @Override
        public void set(CgroupController c, Path file, String value) {
            try {
                kernel.write(file, value);
            } catch (IOException e) {
                throw new CgroupException("cannot set the " + limits.describe(c) + " of cgroup '" + name
                        + "': writing '" + value + "' to " + file + " failed: "
                        + CgroupException.reason(e), e);
            }
        }

        @Override
        public boolean exists(Path file) {
            return kernel.exists(file);
        }

        @Override
        public void attachDeviceProgram(Path dir, DevicePolicy policy) {
            try {
                kernel.attachDeviceProgram(dir, policy.program());
            } catch (SyscallException e) {
                throw new CgroupException("cannot set the " + limits.describe(CgroupController.DEVICES) + " of cgroup '"
                        + name + "': attaching a BPF_PROG_TYPE_CGROUP_DEVICE program to " + dir + " failed: "
                        + e.getMessage(), e);
            }
        }
    };

    private CgroupHierarchy hierarchy(CgroupController c) {
        return layout.hierarchyOf(c).orElseThrow(() -> new CgroupException("no " + c + " controller"));
    }

    /** The name given at creation. */
    public String name() {
        return name;
    }

    /** The limits written at creation. */
    public CgroupLimits limits() {
        return limits;
    }

    /** The layout the group was made in. */
    public CgroupLayout layout() {
        return layout;
    }

    /** The group's directory in each hierarchy, memory's first. */
    public List<Path> directories() {
        return List.copyOf(directories.values());
    }

    /** The group's directory in the hierarchy that serves the controller, if the host has it. */
    public Optional<Path> directory(CgroupController controller) {
        return layout.hierarchyOf(controller).map(directories::get);
    }

    /**
     * The {@code cgroup.procs} file of each directory. Writing a pid to every one of them moves
     * that process (all its threads) into the group; the native launcher does so for the
     * container's first process before it runs anything.
     */
    public List<Path> procsFiles() {
        List<Path> out = new ArrayList<>();
        for (Path dir : directories.values()) {
            out.add(dir.resolve("cgroup.procs"));
        }
        return out;
    }

    /**
     * Moves a process into the group in every hierarchy, as the launcher does. Children it forks
     * afterwards are born in the group.
     *
     * @throws CgroupException if a write fails, for instance because the process has exited
     */
    public synchronized void addProcess(long pid) {
        if (closed) {
            throw new IllegalStateException("cgroup '" + name + "' is closed");
        }
        for (Path procs : procsFiles()) {
            try {
                kernel.write(procs, Long.toString(pid));
            } catch (IOException e) {
                throw new CgroupException("cannot move process " + pid + " into cgroup '" + name
                        + "': writing to " + procs + " failed: " + CgroupException.reason(e), e);
            }
        }
    }

    /** The pids of the processes in the group or in groups the container made inside it. */
    public Set<Long> pids() {
        Set<Long> out = new TreeSet<>();
        for (Path dir : directories.values()) {
            collectPids(dir, out);
        }
        return Collections.unmodifiableSet(out);
    }

    private void collectPids(Path dir, Set<Long> out) {
        try {
            for (String line : kernel.read(dir.resolve("cgroup.procs")).split("\n")) {
                if (!line.isBlank()) {
                    out.add(Long.parseLong(line.trim()));
                }
            }
            for (Path child : kernel.childGroups(dir)) {
                collectPids(child, out);
            }
        } catch (NoSuchFileException e) {
            // removed already, or removed while we looked: no processes there
        } catch (IOException e) {
            throw new CgroupException("cannot list the processes of cgroup " + dir + ": "
                    + CgroupException.reason(e), e);
        }
    }

    /**
     * Whether any process is still in the group. In the unified hierarchy this is the kernel's
     * own "populated" flag of cgroup.events, which also counts processes that are exiting.
     */
    public boolean hasProcesses() {
        for (Map.Entry<CgroupHierarchy, Path> e : directories.entrySet()) {
            OptionalLong populated = CgroupFiles.of(e.getKey()).populated(kernel, e.getValue());
            if (populated.isPresent()) {
                if (populated.getAsLong() != 0) {
                    return true;
                }
                continue;
            }
            Set<Long> pids = new HashSet<>();
            collectPids(e.getValue(), pids);
            if (!pids.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** What the group has used so far; values the host cannot give are empty. */
    public CgroupStats stats() {
        OptionalLong usage = OptionalLong.empty();
        OptionalLong peak = OptionalLong.empty();
        OptionalLong inactiveFile = OptionalLong.empty();
        Map<String, Long> memoryStat = Map.of();
        Optional<CgroupHierarchy> memory = layout.hierarchyOf(CgroupController.MEMORY);
        if (memory.isPresent()) {
            CgroupFiles files = CgroupFiles.of(memory.get());
            usage = files.memoryUsage(kernel, directories.get(memory.get()));
            peak = files.memoryPeak(kernel, directories.get(memory.get()));
            inactiveFile = files.memoryInactiveFile(kernel, directories.get(memory.get()));
            memoryStat = files.memoryStat(kernel, directories.get(memory.get()));
        }
        OptionalLong pids = directory(CgroupController.PIDS)
                .map(d -> kernel.readNumber(d.resolve("pids.current"))).orElse(OptionalLong.empty());
        OptionalLong cpu = layout.hierarchyOf(CgroupController.CPUACCT)
                .map(h -> CgroupFiles.of(h).cpuTimeNanos(kernel, directories.get(h))).orElse(OptionalLong.empty());
        java.util.List<Long> perCpu = layout.hierarchyOf(CgroupController.CPUACCT)
                .map(h -> CgroupFiles.of(h).perCpuNanos(kernel, directories.get(h))).orElse(java.util.List.of());
        return new CgroupStats(usage, peak, pids, cpu, oomKillCount(), inactiveFile, memoryStat, perCpu);
    }

    /**
     * How many processes of the group the kernel's OOM killer has killed: the {@code oom_kill}
     * line of v1 memory.oom_control or v2 memory.events. 0 without a memory controller.
     */
    public long oomKillCount() {
        return layout.hierarchyOf(CgroupController.MEMORY)
                .map(h -> CgroupFiles.of(h).oomKills(kernel, directories.get(h))).orElse(0L);
    }

    /**
     * Freezes every process of the group ({@code docker pause}): asks the kernel through the
     * freezer (v1 freezer.state, v2 cgroup.freeze) and waits, at most {@link #KILL_TIMEOUT}, until
     * it reports them all frozen. A frozen process runs no code and takes no signal until thawed,
     * SIGKILL included.
     *
     * @throws CgroupException without a freezer, or when the group does not freeze in time (it
     *     is thawed again)
     */
    public synchronized void freeze() {
        CgroupHierarchy h = hierarchy(CgroupController.FREEZER);
        Path dir = directories.get(h);
        CgroupFiles files = CgroupFiles.of(h);
        long deadline = System.nanoTime() + KILL_TIMEOUT.toNanos();
        long pauseMillis = 1;
        long paused = 0; // counted too, so the limit holds where pauses take no time (a test's kernel)
        try {
            while (true) {
                // v1 may stay FREEZING while a task is in an uninterruptible sleep; asking again retries it.
                files.requestFrozen(kernel, dir, true);
                if (files.frozen(kernel, dir)) {
                    return;
                }
                if (System.nanoTime() - deadline > 0 || paused > KILL_TIMEOUT.toMillis()) {
                    files.requestFrozen(kernel, dir, false);
                    throw new CgroupException("cannot freeze cgroup '" + name + "': " + dir
                            + " did not report frozen within " + KILL_TIMEOUT.toSeconds() + " s");
                }
                kernel.pause(pauseMillis);
                paused += pauseMillis;
                pauseMillis = Math.min(pauseMillis * 2, 50);
            }
        } catch (IOException e) {
            throw new CgroupException("cannot freeze cgroup '" + name + "' through " + dir + ": "
                    + CgroupException.reason(e), e);
        }
    }

    /**
     * Thaws the group's processes ({@code docker unpause}); they run again and take the signals
     * that came while they were frozen.
     *
     * @throws CgroupException without a freezer, or when the kernel refuses
     */
    public synchronized void thaw() {
        CgroupHierarchy h = hierarchy(CgroupController.FREEZER);
        Path dir = directories.get(h);
        try {
            CgroupFiles.of(h).requestFrozen(kernel, dir, false);
        } catch (IOException e) {
            throw new CgroupException("cannot thaw cgroup '" + name + "' through " + dir + ": "
                    + CgroupException.reason(e), e);
        }
    }

    /**
     * Whether a freeze is in force (frozen, or still freezing): what Docker reports as paused.
     * False without a freezer or once the group is gone.
     */
    public boolean isFrozen() {
        Optional<CgroupHierarchy> h = layout.hierarchyOf(CgroupController.FREEZER);
        if (h.isEmpty()) {
            return false;
        }
        try {
            return CgroupFiles.of(h.get()).freezeRequested(kernel, directories.get(h.get()));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Kills every process in the group and waits, at most {@link #KILL_TIMEOUT}, until it is
     * empty. The group itself stays.
     *
     * @throws CgroupException if processes are still there after the timeout
     */
    public synchronized void kill() {
        killAll(System.nanoTime() + KILL_TIMEOUT.toNanos());
    }

    /**
     * Kills whatever is left in the group, then removes its directory in every hierarchy, and the
     * shared "berth" parents where that left them empty. Does nothing the second time.
     *
     * @throws CgroupException if processes survive {@link #KILL_TIMEOUT} or a directory cannot be
     *     removed; the group stays open so close can be tried again
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        if (!removeIfEmpty()) {
            long deadline = System.nanoTime() + KILL_TIMEOUT.toNanos();
            killAll(deadline);
            removeDirectories(deadline, null);
        }
        closed = true;
        Set<Path> parents = new LinkedHashSet<>();
        directories.values().forEach(d -> parents.add(d.getParent()));
        removeParents(parents, kernel); // best effort: busy while other groups are in it
    }

    /**
     * The usual case, a group whose processes have all exited: rmdir succeeds only on a group
     * with no process and no child group, so it needs no listing first. False when some
     * directory is busy; the thorough path then kills and retries.
     */
    private boolean removeIfEmpty() {
        boolean all = true;
        for (Path dir : directories.values()) {
            try {
                kernel.rmdir(dir);
            } catch (NoSuchFileException gone) {
                // removed already
            } catch (IOException busy) {
                all = false;
            }
        }
        return all;
    }

    /**
     * Kills the subtree at once where the version can (v2 cgroup.kill); then, as where it cannot
     * (v1, older kernels), each pid gets SIGKILL until none is left, since a process may fork
     * between listing and killing.
     */
    private void killAll(long deadline) {
        directories.forEach((h, dir) -> CgroupFiles.of(h).killAll(kernel, dir));
        long pauseMillis = 2;
        while (true) {
            Set<Long> pids = pids();
            if (pids.isEmpty() && !hasProcesses()) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new CgroupException("cannot empty cgroup '" + name + "': "
                        + (pids.isEmpty() ? "it is still populated" : "processes " + pids
                        + " are still in it") + " after " + KILL_TIMEOUT.toSeconds() + " s of SIGKILL");
            }
            kernel.kill(pids, this::pids);
            kernel.pause(pauseMillis);
            pauseMillis = Math.min(pauseMillis * 2, 100);
        }
    }

    /**
     * rmdir of each leaf, children first (a container may have made groups inside its own), then
     * of each "berth" parent. The kernel answers EBUSY for a moment after the last process died,
     * so a leaf is retried until the deadline. A parent that is busy or gone is someone else's
     * concern: another container is in it, or a concurrent close removed it.
     *
     * @param suppressInto when not null, failures are added to it instead of thrown (rollback)
     */
    void removeDirectories(long deadline, Throwable suppressInto) {
        for (Path dir : directories.values()) {
            try {
                removeTree(dir, deadline);
            } catch (CgroupException e) {
                if (suppressInto == null) {
                    throw e;
                }
                suppressInto.addSuppressed(e);
            }
        }
    }

    /** Removes the "berth" parents among these that are empty; others are left as they are. */
    static void removeParents(Set<Path> parents, CgroupKernel kernel) {
        for (Path parent : parents) {
            if (parent.getFileName() != null
                    && parent.getFileName().toString().equals(CgroupLayout.PARENT_NAME)) {
                try {
                    kernel.rmdir(parent);
                } catch (IOException ignored) {
                    // EBUSY: other groups in it; ENOENT: removed concurrently
                }
            }
        }
    }

    private void removeTree(Path dir, long deadline) {
        List<Path> children;
        try {
            children = kernel.childGroups(dir);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw new CgroupException("cannot list cgroup " + dir + ": " + CgroupException.reason(e), e);
        }
        for (Path child : children) {
            removeTree(child, deadline);
        }
        while (true) {
            try {
                kernel.rmdir(dir);
                return;
            } catch (NoSuchFileException e) {
                return;
            } catch (IOException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw new CgroupException("cannot remove cgroup " + dir + ": "
                            + CgroupException.reason(e), e);
                }
                kernel.pause(10);
            }
        }
    }

    /** Whether any of the group's directories was made after the instant. */
    boolean isYoungerThan(Instant cutoff) {
        for (Path dir : directories.values()) {
            try {
                if (kernel.createdAt(dir).isAfter(cutoff)) {
                    return true;
                }
            } catch (IOException e) {
                return true; // cannot tell: keep it
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "Cgroup[" + name + " " + directories.values() + (closed ? " closed" : "") + "]";
    }
}
