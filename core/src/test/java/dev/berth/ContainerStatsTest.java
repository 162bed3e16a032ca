package dev.berth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.namespaces.cgroup.CgroupStats;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** A container's stats keep the cgroup's figures, the inactive file cache too, when Berth's own tasks are taken off. */
class ContainerStatsTest {
    @Test
    void theInactiveFileCacheComesFromTheCgroupAndSurvivesDroppingStageOne() {
        ContainerStats s = ContainerStats.of(new CgroupStats(OptionalLong.of(10_000), OptionalLong.empty(), OptionalLong.of(3),
                OptionalLong.of(5), 0, OptionalLong.of(4096)));
        assertEquals(OptionalLong.of(4096), s.memoryInactiveFileBytes());
        ContainerStats withoutStageOne = s.withoutTasks(1);
        assertEquals(OptionalLong.of(2), withoutStageOne.pidsCurrent());
        assertEquals(OptionalLong.of(4096), withoutStageOne.memoryInactiveFileBytes());
        assertEquals(OptionalLong.empty(), ContainerStats.unknown().memoryInactiveFileBytes());
    }

    @Test
    void memoryStatAndPerCpuTimesComeFromTheCgroupAndSurviveDroppingStageOne() {
        ContainerStats s = ContainerStats.of(new CgroupStats(OptionalLong.of(10_000), OptionalLong.empty(), OptionalLong.of(3),
                OptionalLong.of(5), 0, OptionalLong.of(4096), java.util.Map.of("cache", 8192L, "rss", 1024L),
                java.util.List.of(2L, 3L)));
        ContainerStats withoutStageOne = s.withoutTasks(1);
        assertEquals(java.util.Map.of("cache", 8192L, "rss", 1024L), withoutStageOne.memoryStat());
        assertEquals(java.util.List.of(2L, 3L), withoutStageOne.perCpuNanos());
        assertEquals(java.util.Map.of(), ContainerStats.unknown().memoryStat());
    }
}
