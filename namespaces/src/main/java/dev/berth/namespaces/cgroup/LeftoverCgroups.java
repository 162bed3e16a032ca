package dev.berth.namespaces.cgroup;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Finds and removes the groups a crashed JVM left under "berth". A group is judged by its name
 * across all hierarchies at once: if it still has a process in any of them it is in use, and
 * removing it from the others would take limits off a live container.
 *
 * @see <a href="https://docs.kernel.org/admin-guide/cgroup-v2.html#basic-operations">Control Group
 *      v2: basic operations</a>
 */
public final class LeftoverCgroups {
    /** Leftovers younger than this are kept: another JVM may be about to start a process in them. */
    public static final Duration MIN_AGE = Duration.ofSeconds(10);

    private LeftoverCgroups() {
    }

    /**
     * Removes the groups that a crashed JVM left behind: every group under "berth" in each
     * hierarchy of the detected layout that has no processes and is older than
     * {@link #MIN_AGE}. Meant for start-up.
     *
     * @return the directories removed
     */
    public static List<Path> remove() {
        return remove(CgroupLayout.system(), MIN_AGE);
    }

    /**
     * Removes the empty groups under "berth" in each hierarchy of the layout. A group is left
     * alone if it has a process in any hierarchy, or if any of its directories is younger than
     * {@code minAge}, because another JVM may have just made it and not yet moved its container
     * in. {@link Duration#ZERO} removes every empty group whatever its age. In v1 hierarchies
     * this sees only groups under this process's own cgroup.
     *
     * @return the directories removed
     */
    public static List<Path> remove(CgroupLayout layout, Duration minAge) {
        return remove(layout, minAge, name -> true, CgroupKernel.REAL);
    }

    /**
     * Removes the empty groups under "berth" whose names start with {@code namePrefix}, whatever
     * their age: for a caller that knows their owner has died (a crashed JVM's containers), so
     * no one else can be about to use them. An empty group that the kernel still reports busy
     * (just after its processes were killed) is retried for up to {@link Cgroup#KILL_TIMEOUT}.
     *
     * @return the directories removed
     */
    public static List<Path> removeNamed(String namePrefix) {
        return remove(CgroupLayout.system(), Duration.ZERO, name -> name.startsWith(namePrefix), CgroupKernel.REAL,
                Cgroup.KILL_TIMEOUT);
    }

    static List<Path> remove(CgroupLayout layout, Duration minAge, Predicate<String> names,
            CgroupKernel kernel) {
        return remove(layout, minAge, names, kernel, Duration.ZERO);
    }

    /**
     * As above; {@code busyWait} is how long an empty group that still refuses rmdir is retried
     * (the kernel answers EBUSY for a moment after its last process was killed).
     */
    static List<Path> remove(CgroupLayout layout, Duration minAge, Predicate<String> names,
            CgroupKernel kernel, Duration busyWait) {
        Instant cutoff = Instant.now().minus(minAge);
        Map<String, Map<CgroupHierarchy, Path>> groups = new TreeMap<>();
        Set<Path> parents = new LinkedHashSet<>();
        for (CgroupHierarchy h : layout.hierarchies()) {
            Path parent = layout.parentDirectory(h);
            parents.add(parent);
            try {
                for (Path dir : kernel.childGroups(parent)) {
                    String name = dir.getFileName().toString();
                    if (names.test(name)) {
                        groups.computeIfAbsent(name, n -> new LinkedHashMap<>()).put(h, dir);
                    }
                }
            } catch (NoSuchFileException e) {
                // no "berth" parent in this hierarchy: nothing was left here
            } catch (IOException e) {
                throw new CgroupException("cannot list leftover cgroups in " + parent + ": "
                        + CgroupException.reason(e), e);
            }
        }
        List<Path> removed = new ArrayList<>();
        for (Map.Entry<String, Map<CgroupHierarchy, Path>> e : groups.entrySet()) {
            Cgroup group = new Cgroup(layout, e.getKey(), CgroupLimits.none(), kernel, e.getValue());
            // A zero age skips the age check: directory times on cgroupfs come from the
            // kernel's clock, which was seen a few milliseconds ahead of the JVM's clock.
            boolean young = !minAge.isZero() && group.isYoungerThan(cutoff);
            if (young || group.hasProcesses()) {
                continue;
            }
            try {
                // By default one try only: a busy leftover has just been taken into use.
                group.removeDirectories(System.nanoTime() + busyWait.toNanos(), null);
                removed.addAll(e.getValue().values());
            } catch (CgroupException busy) {
                // a process joined it meanwhile: it is in use after all
            }
        }
        Cgroup.removeParents(parents, kernel);
        return removed;
    }
}
