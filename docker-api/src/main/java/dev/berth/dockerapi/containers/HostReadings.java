package dev.berth.dockerapi.containers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code docker stats} needs of the host beside the container's cgroup, read from
 * {@code /proc}: the CPU time of the whole system and a process's network counters
 * (in its network namespace, as {@code /proc/PID/net/dev} shows them).
 */
final class HostReadings {
    /** The kernel's USER_HZ, the unit of /proc/stat, which is 100 on every Linux architecture. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private HostReadings() {
    }

    /** The CPU time of every CPU since boot, in nanoseconds: the sum of the first line of /proc/stat. */
    static long systemCpuNanos() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
                if (line.startsWith("cpu ")) {
                    return systemCpuNanos(line);
                }
            }
        } catch (IOException e) {
            // no /proc: no CPU % is shown
        }
        return 0;
    }

    static long systemCpuNanos(String cpuLine) {
        String[] f = cpuLine.trim().split("\\s+");
        long ticks = 0;
        for (int i = 1; i < f.length && i <= 8; i++) { // user .. steal; guest is counted in user already
            ticks += Long.parseLong(f[i]);
        }
        return ticks * NANOS_PER_TICK;
    }

    /** The counters of each interface but loopback in the network namespace of {@code pid}. */
    static Map<String, StatsJson.NetworkStats> networks(int pid) {
        try {
            return networks(Files.readAllLines(Path.of("/proc", String.valueOf(pid), "net", "dev")));
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
    }

    static Map<String, StatsJson.NetworkStats> networks(List<String> netDev) {
        Map<String, StatsJson.NetworkStats> out = new LinkedHashMap<>();
        for (String line : netDev) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue; // the two header lines
            }
            String name = line.substring(0, colon).trim();
            if (name.equals("lo")) {
                continue;
            }
            String[] f = line.substring(colon + 1).trim().split("\\s+");
            out.put(name, new StatsJson.NetworkStats(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]),
                    Long.parseLong(f[3]), Long.parseLong(f[8]), Long.parseLong(f[9]), Long.parseLong(f[10]), Long.parseLong(f[11])));
        }
        return out;
    }
}
