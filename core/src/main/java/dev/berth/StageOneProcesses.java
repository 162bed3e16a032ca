package dev.berth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Berth's own processes among a container's: the stage-1 helper's child that runs as the
 * container's init (and as an exec's init). dockerd lists only the container's processes in
 * {@code docker top} and counts only them in {@code pids_stats}, so Berth leaves these out.
 * They are told by their executable, the helper's sealed memfd ({@code /memfd:berth-stage1})
 * or its cache file ({@code berth-stage1-<sha>}), not by a name the container could take.
 */
final class StageOneProcesses {
    private StageOneProcesses() {
    }

    /** {@code pids} without the stage-1 processes; all of them when none is one. */
    static Set<Long> without(Set<Long> pids) {
        Set<Long> left = new LinkedHashSet<>();
        for (long pid : pids) {
            if (!isStageOne(pid)) {
                left.add(pid);
            }
        }
        return left;
    }

    /** How many of {@code pids} are stage-1 processes. */
    static int count(Set<Long> pids) {
        return pids.size() - without(pids).size();
    }

    /** Whether {@code pid}'s executable is the stage-1 helper; false when it is gone or unreadable. */
    static boolean isStageOne(long pid) {
        try {
            String exe = Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "exe")).toString();
            String name = exe.substring(exe.lastIndexOf('/') + 1);
            return name.startsWith("memfd:berth-stage1") || name.startsWith("berth-stage1-");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }
}
