package dev.berth.dockerapi.containers;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.ContainerStats;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One sample of {@code GET /containers/{id}/stats} in dockerd's shape: the CLI's
 * {@code docker stats} computes CPU % from {@code cpu_stats} and {@code precpu_stats} (the
 * container's and the system's CPU time, a sample apart), memory % from {@code memory_stats}.
 *
 * @see <a href="https://docs.docker.com/reference/api/engine/version/v1.45/#tag/Container/operation/ContainerStats">ContainerStats</a>
 */
record StatsJson(
        @JsonProperty("read") String read,
        @JsonProperty("preread") String preread,
        @JsonProperty("pids_stats") Pids pidsStats,
        @JsonProperty("blkio_stats") Map<String, List<Object>> blkioStats,
        @JsonProperty("num_procs") int numProcs,
        @JsonProperty("storage_stats") Map<String, Object> storageStats,
        @JsonProperty("cpu_stats") Cpu cpuStats,
        @JsonProperty("precpu_stats") Cpu precpuStats,
        @JsonProperty("memory_stats") Memory memoryStats,
        @JsonProperty("name") String name,
        @JsonProperty("id") String id,
        @JsonProperty("networks") Map<String, NetworkStats> networks) {

    /** {@code pids_stats}. */
    record Pids(@JsonProperty("current") long current, @JsonProperty("limit") Long limit) {
    }

    /** {@code cpu_stats}: nanoseconds of the container's CPU time and of the whole system's. */
    record Cpu(@JsonProperty("cpu_usage") CpuUsage cpuUsage, @JsonProperty("system_cpu_usage") Long systemCpuUsage,
            @JsonProperty("online_cpus") Integer onlineCpus, @JsonProperty("throttling_data") Map<String, Long> throttlingData) {
    }

    /** {@code cpu_stats.cpu_usage}; {@code percpu_usage} on cgroup v1 only, as dockerd's (null: left out). */
    record CpuUsage(@JsonProperty("total_usage") long totalUsage, @JsonProperty("percpu_usage") List<Long> perCpu,
            @JsonProperty("usage_in_kernelmode") long kernel, @JsonProperty("usage_in_usermode") long user) {
        CpuUsage(long totalUsage, long kernel, long user) {
            this(totalUsage, null, kernel, user);
        }
    }

    /** {@code memory_stats}; {@code limit} is the container's limit, or the host's memory without one. */
    record Memory(@JsonProperty("usage") Long usage, @JsonProperty("max_usage") Long maxUsage,
            @JsonProperty("stats") Map<String, Long> stats, @JsonProperty("limit") Long limit) {
        /** A container that does not run has none: dockerd writes {@code {}}. */
        static final Memory NONE = new Memory(null, null, null, null);
    }

    /** {@code networks.eth0}. */
    record NetworkStats(@JsonProperty("rx_bytes") long rxBytes, @JsonProperty("rx_packets") long rxPackets,
            @JsonProperty("rx_errors") long rxErrors, @JsonProperty("rx_dropped") long rxDropped,
            @JsonProperty("tx_bytes") long txBytes, @JsonProperty("tx_packets") long txPackets,
            @JsonProperty("tx_errors") long txErrors, @JsonProperty("tx_dropped") long txDropped) {
    }

    /**
     * One reading: the container's stats and the system's CPU time at {@code time}.
     *
     * @param systemCpuNanos the CPU time of every CPU of the host since boot ({@code /proc/stat}),
     *        negative for a container that does not run (dockerd's answer has no times, memory or system CPU)
     */
    record Reading(Instant time, ContainerStats stats, long systemCpuNanos) {
        static Reading notRunning() {
            return new Reading(Instant.EPOCH, ContainerStats.unknown(), -1);
        }
    }

    private static final Map<String, List<Object>> NO_BLKIO = Map.of("io_service_bytes_recursive", List.of(),
            "io_serviced_recursive", List.of(), "io_queue_recursive", List.of(), "io_service_time_recursive", List.of(),
            "io_wait_time_recursive", List.of(), "io_merged_recursive", List.of(), "io_time_recursive", List.of(),
            "sectors_recursive", List.of());
    private static final Map<String, Long> NO_THROTTLING = Map.of("periods", 0L, "throttled_periods", 0L, "throttled_time", 0L);

    /**
     * The sample of {@code now}, with {@code before} as its {@code precpu_stats} (null for the
     * first of a stream, whose precpu is zero, as dockerd's).
     */
    static StatsJson of(String name, String id, Reading now, Reading before, int onlineCpus, long memoryLimit, long pidsLimit,
            Map<String, NetworkStats> networks) {
        ContainerStats s = now.stats();
        if (now.systemCpuNanos() < 0) {
            Cpu none = new Cpu(new CpuUsage(0, 0, 0), null, null, NO_THROTTLING);
            return new StatsJson(ContainerInspection.ZERO_TIME, ContainerInspection.ZERO_TIME, new Pids(0, null), NO_BLKIO, 0, Map.of(),
                    none, none, Memory.NONE, "/" + name, id, null);
        }
        Cpu cpu = cpu(now, onlineCpus);
        Cpu precpu = before == null ? new Cpu(new CpuUsage(0, 0, 0), 0L, 0, NO_THROTTLING) : cpu(before, onlineCpus);
        Memory memory = new Memory(s.memoryUsageBytes().orElse(0), s.memoryPeakBytes().isPresent() ? s.memoryPeakBytes().getAsLong() : null,
                memoryStats(s), memoryLimit);
        return new StatsJson(ContainerInspection.time(now.time()), before == null ? ContainerInspection.ZERO_TIME
                : ContainerInspection.time(before.time()), new Pids(s.pidsCurrent().orElse(0), pidsLimit > 0 ? pidsLimit : null),
                NO_BLKIO, 0, Map.of(), cpu, precpu, memory, "/" + name, id, networks.isEmpty() ? null : networks);
    }

    /** The keys of dockerd 20.10's {@code memory_stats.stats} on cgroup v1, from the group's memory.stat. */
    private static final List<String> V1_MEMORY_KEYS = List.of("active_anon", "active_file", "cache", "dirty",
            "hierarchical_memory_limit", "hierarchical_memsw_limit", "inactive_anon", "inactive_file", "mapped_file", "pgfault",
            "pgmajfault", "pgpgin", "pgpgout", "rss", "rss_huge", "total_active_anon", "total_active_file", "total_cache",
            "total_dirty", "total_inactive_anon", "total_inactive_file", "total_mapped_file", "total_pgfault", "total_pgmajfault",
            "total_pgpgin", "total_pgpgout", "total_rss", "total_rss_huge", "total_unevictable", "total_writeback", "unevictable",
            "writeback");
    /** The keys of dockerd's {@code memory_stats.stats} on cgroup v2. */
    private static final List<String> V2_MEMORY_KEYS = List.of("anon", "file", "kernel_stack", "slab", "sock", "shmem",
            "file_mapped", "file_dirty", "file_writeback", "anon_thp", "inactive_anon", "active_anon", "inactive_file",
            "active_file", "unevictable", "slab_reclaimable", "slab_unreclaimable", "pgfault", "pgmajfault",
            "workingset_refault", "workingset_activate", "workingset_nodereclaim", "pgrefill", "pgscan", "pgsteal",
            "pgactivate", "pgdeactivate", "pglazyfree", "pglazyfreed", "thp_fault_alloc", "thp_collapse_alloc");

    /**
     * {@code memory_stats.stats} as dockerd gives it: its keys for the group's cgroup version (v1
     * has {@code total_cache}), each from memory.stat, 0 where this kernel has no such counter.
     * The docker CLI subtracts {@code total_inactive_file} (v1) or {@code inactive_file} (v2) from
     * the usage for MEM USAGE. Without memory.stat's counters: the inactive file cache under both names.
     */
    static Map<String, Long> memoryStats(ContainerStats s) {
        Map<String, Long> stat = s.memoryStat();
        if (!stat.isEmpty()) {
            Map<String, Long> out = new java.util.TreeMap<>();
            (stat.containsKey("total_cache") ? V1_MEMORY_KEYS : V2_MEMORY_KEYS).forEach(k -> out.put(k, stat.getOrDefault(k, 0L)));
            return out;
        }
        if (s.memoryInactiveFileBytes().isEmpty()) {
            return Map.of();
        }
        long inactive = s.memoryInactiveFileBytes().getAsLong();
        return Map.of("total_inactive_file", inactive, "inactive_file", inactive);
    }

    private static Cpu cpu(Reading r, int onlineCpus) {
        List<Long> perCpu = r.stats().perCpuNanos();
        return new Cpu(new CpuUsage(r.stats().cpuTimeNanos().orElse(0), perCpu.isEmpty() ? null : perCpu, 0, 0),
                r.systemCpuNanos(), onlineCpus, NO_THROTTLING);
    }
}
