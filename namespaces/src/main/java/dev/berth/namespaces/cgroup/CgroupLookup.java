package dev.berth.namespaces.cgroup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A group that another handle (perhaps another JVM's, as for a detached container) made on this
 * host's layout, found by its name while it exists. Only reads: the group stays its maker's to
 * remove.
 */
public final class CgroupLookup {
    private CgroupLookup() {
    }

    /** What the group {@code name} has used so far; empty when it does not exist. */
    public static Optional<CgroupStats> statsOf(String name) {
        return existing(name).map(Cgroup::stats);
    }

    /**
     * The {@code cgroup.procs} files of the group {@code name}: what an exec into a container
     * started elsewhere is written into. Empty when the group does not exist.
     */
    public static Optional<List<Path>> procsFilesOf(String name) {
        return existing(name).map(Cgroup::procsFiles);
    }

    /** A read-only view of the group {@code name} when it exists in every hierarchy of this host's layout. */
    private static Optional<Cgroup> existing(String name) {
        CgroupLayout layout = CgroupLayout.system();
        Map<CgroupHierarchy, Path> found = new LinkedHashMap<>();
        for (CgroupHierarchy h : layout.hierarchies()) {
            Path dir = layout.parentDirectory(h).resolve(name);
            if (Files.isDirectory(dir)) {
                found.put(h, dir);
            }
        }
        // All or nothing: a group is made in every hierarchy, so a partial one is being removed.
        return found.size() != layout.hierarchies().size() ? Optional.empty()
                : Optional.of(new Cgroup(layout, name, CgroupLimits.builder().build(), CgroupKernel.REAL, found));
    }
}
