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
final class LeftoverCgroups {
    private LeftoverCgroups() {
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
