package dev.berth;

import dev.berth.namespaces.cgroup.CgroupStats;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What a running container has used, as {@code docker stats} shows it, read from its cgroup. A
 * value is empty when the host has no controller for it or the kernel is too old to have the
 * file (cgroup v2 {@code memory.peak} came in Linux 5.19).
 *
 * @param memoryUsageBytes memory charged to the container now
 * @param memoryPeakBytes the most memory charged to it since it started
 * @param pidsCurrent tasks (processes and threads) in it now
 * @param cpuTimeNanos CPU time its tasks used, user and system
 * @param oomKills processes the kernel's OOM killer killed in it
 * @param memoryInactiveFileBytes inactive page cache in the memory usage (cgroup v1
 *        {@code total_inactive_file}, v2 {@code inactive_file}): {@code docker stats} shows usage minus this
 * @param memoryStat every counter of the cgroup's memory.stat, named as its cgroup version names them
 *        (v1 {@code cache}, {@code rss}, {@code total_inactive_file}, ...; v2 {@code anon}, {@code file}, ...)
 * @param perCpuNanos CPU time on each CPU (cgroup v1's {@code cpuacct.usage_percpu}); empty on v2
 * @see <a href="https://docs.kernel.org/admin-guide/cgroup-v2.html#memory-interface-files">cgroup
 *      v2 memory interface files</a>
 * @see <a href="https://docs.docker.com/reference/cli/docker/container/stats/">docker stats</a>
 */
public record ContainerStats(OptionalLong memoryUsageBytes, OptionalLong memoryPeakBytes,
        OptionalLong pidsCurrent, OptionalLong cpuTimeNanos, long oomKills, OptionalLong memoryInactiveFileBytes,
        Map<String, Long> memoryStat, List<Long> perCpuNanos) {

    /** Checks that no value is null. */
    public ContainerStats {
        if (memoryUsageBytes == null || memoryPeakBytes == null || pidsCurrent == null || cpuTimeNanos == null
                || memoryInactiveFileBytes == null) {
            throw new NullPointerException("use OptionalLong.empty() for a value that is not known");
        }
        memoryStat = memoryStat == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(memoryStat));
        perCpuNanos = perCpuNanos == null ? List.of() : List.copyOf(perCpuNanos);
    }

    /** Without memory.stat's counters or the per-CPU times. */
    public ContainerStats(OptionalLong memoryUsageBytes, OptionalLong memoryPeakBytes, OptionalLong pidsCurrent,
            OptionalLong cpuTimeNanos, long oomKills, OptionalLong memoryInactiveFileBytes) {
        this(memoryUsageBytes, memoryPeakBytes, pidsCurrent, cpuTimeNanos, oomKills, memoryInactiveFileBytes, Map.of(), List.of());
    }

    /** Without the inactive file cache figure. */
    public ContainerStats(OptionalLong memoryUsageBytes, OptionalLong memoryPeakBytes, OptionalLong pidsCurrent,
            OptionalLong cpuTimeNanos, long oomKills) {
        this(memoryUsageBytes, memoryPeakBytes, pidsCurrent, cpuTimeNanos, oomKills, OptionalLong.empty());
    }

    /** Nothing known: what {@code docker stats} shows as {@code --} for a container that has exited. */
    public static ContainerStats unknown() {
        return new ContainerStats(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), 0);
    }

    static ContainerStats of(CgroupStats s) {
        return new ContainerStats(s.memoryUsageBytes(), s.memoryPeakBytes(), s.pidsCurrent(), s.cpuTimeNanos(), s.oomKills(),
                s.memoryInactiveFileBytes(), s.memoryStat(), s.perCpuNanos());
    }

    /** These stats with {@code n} fewer tasks (Berth's own processes, which dockerd does not count). */
    ContainerStats withoutTasks(int n) {
        if (n == 0 || pidsCurrent.isEmpty()) {
            return this;
        }
        return new ContainerStats(memoryUsageBytes, memoryPeakBytes, OptionalLong.of(Math.max(0, pidsCurrent.getAsLong() - n)),
                cpuTimeNanos, oomKills, memoryInactiveFileBytes, memoryStat, perCpuNanos);
    }

    /** Whether the OOM killer killed at least one process in the container. */
    public boolean oomKilled() {
        return oomKills > 0;
    }
}
