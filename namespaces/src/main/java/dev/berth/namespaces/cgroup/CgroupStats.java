package dev.berth.namespaces.cgroup;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A snapshot of what a container's group has used. A value is empty when the host has no
 * controller for it or the kernel is too old to have the file (v2 {@code memory.peak} came in
 * Linux 5.19).
 *
 * <p>Where each value comes from:
 * <ul>
 * <li>memory usage: v1 {@code memory.usage_in_bytes}, v2 {@code memory.current};
 * <li>memory peak: v1 {@code memory.max_usage_in_bytes}, v2 {@code memory.peak};
 * <li>pids: {@code pids.current};
 * <li>CPU time: v1 {@code cpuacct.usage} (nanoseconds), v2 the {@code usage_usec} line of
 *     {@code cpu.stat} (microseconds, given here in nanoseconds);
 * <li>inactive file cache: v1 {@code total_inactive_file}, v2 {@code inactive_file} in {@code memory.stat};
 * <li>OOM kills: the {@code oom_kill} line of v1 {@code memory.oom_control} or v2
 *     {@code memory.events}; 0 when there is no memory controller.
 * </ul>
 *
 * @param memoryUsageBytes memory charged to the group now
 * @param memoryPeakBytes the most memory charged to the group since it was created
 * @param pidsCurrent tasks (processes and threads) in the group now
 * @param cpuTimeNanos CPU time used by the group's tasks, user and system
 * @param oomKills processes the kernel's OOM killer killed in the group
 * @param memoryInactiveFileBytes inactive page cache in the usage, which the kernel reclaims first
 * @param memoryStat every counter of memory.stat, named as the group's cgroup version names them
 *     (v1 {@code cache}, {@code rss}, {@code total_inactive_file}; v2 {@code anon}, {@code file}, ...)
 * @param perCpuNanos CPU time on each CPU (v1 {@code cpuacct.usage_percpu}); empty on v2, which has none
 * @see <a href="https://docs.kernel.org/admin-guide/cgroup-v2.html#memory-interface-files">cgroup
 *      v2 memory interface files</a>
 * @see <a href="https://docs.kernel.org/admin-guide/cgroup-v1/memory.html">Memory Resource
 *      Controller (v1)</a>
 * @see <a href="https://docs.kernel.org/admin-guide/cgroup-v1/cpuacct.html">CPU Accounting
 *      Controller (v1)</a>
 */
public record CgroupStats(OptionalLong memoryUsageBytes, OptionalLong memoryPeakBytes,
        OptionalLong pidsCurrent, OptionalLong cpuTimeNanos, long oomKills, OptionalLong memoryInactiveFileBytes,
        Map<String, Long> memoryStat, List<Long> perCpuNanos) {

    /** Checks that no value is null. */
    public CgroupStats {
        if (memoryUsageBytes == null || memoryPeakBytes == null || pidsCurrent == null
                || cpuTimeNanos == null || memoryInactiveFileBytes == null) {
            throw new NullPointerException("use OptionalLong.empty() for a value that is not known");
        }
        memoryStat = memoryStat == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(memoryStat));
        perCpuNanos = perCpuNanos == null ? List.of() : List.copyOf(perCpuNanos);
    }

    /** Without memory.stat's counters or the per-CPU times. */
    public CgroupStats(OptionalLong memoryUsageBytes, OptionalLong memoryPeakBytes, OptionalLong pidsCurrent,
            OptionalLong cpuTimeNanos, long oomKills, OptionalLong memoryInactiveFileBytes) {
        this(memoryUsageBytes, memoryPeakBytes, pidsCurrent, cpuTimeNanos, oomKills, memoryInactiveFileBytes, Map.of(), List.of());
    }

    /** Without the inactive file cache figure. */
    public CgroupStats(OptionalLong memoryUsageBytes, OptionalLong memoryPeakBytes, OptionalLong pidsCurrent,
            OptionalLong cpuTimeNanos, long oomKills) {
        this(memoryUsageBytes, memoryPeakBytes, pidsCurrent, cpuTimeNanos, oomKills, OptionalLong.empty());
    }

    /** Whether the OOM killer killed at least one process of the group. */
    public boolean oomKilled() {
        return oomKills > 0;
    }
}
