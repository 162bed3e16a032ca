package dev.berth.cli.format;

import static dev.berth.cli.format.ContainerRows.list;
import static dev.berth.cli.format.ContainerRows.number;
import static dev.berth.cli.format.ContainerRows.text;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code docker stats}' rows: docker's {@code statsContext} fields, computed from one sample of
 * {@code GET /containers/{id}/stats?stream=false} as docker's CLI computes them: CPU % from the
 * CPU time's and the system's deltas since {@code precpu_stats}, memory without the inactive
 * file cache.
 *
 * @see <a href="https://docs.docker.com/reference/cli/docker/container/stats/#format">docker stats --format</a>
 */
public final class StatsRows {
    public static final Row.Columns COLUMNS;

    static {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Container", "CONTAINER");
        h.put("ID", "CONTAINER ID");
        h.put("Name", "NAME");
        h.put("CPUPerc", "CPU %");
        h.put("MemUsage", "MEM USAGE / LIMIT");
        h.put("MemPerc", "MEM %");
        h.put("NetIO", "NET I/O");
        h.put("BlockIO", "BLOCK I/O");
        h.put("PIDs", "PIDS");
        COLUMNS = new Row.Columns("*formatter.statsContext", h,
                "table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}");
    }

    private StatsRows() {
    }

    /**
     * The row of one sample.
     *
     * @param container the container as the command line named it (its short id when listed)
     */
    public static Row of(Map<String, Object> s, String container, boolean trunc) {
        String id = text(s.get("id"));
        String name = text(s.get("name"));
        Map<String, Object> memory = map(s.get("memory_stats"));
        long limit = number(memory.get("limit"));
        long usage = number(memory.get("usage"));
        Map<String, Object> memoryStats = map(memory.get("stats"));
        // docker's calculateMemUsageUnixNoCache: without the inactive file cache
        Object inactive = memoryStats.containsKey("total_inactive_file") ? memoryStats.get("total_inactive_file") : memoryStats.get("inactive_file");
        if (inactive != null && number(inactive) < usage) {
            usage -= number(inactive);
        }
        long rx = 0;
        long tx = 0;
        for (Object n : map(s.get("networks")).values()) {
            rx += number(map(n).get("rx_bytes"));
            tx += number(map(n).get("tx_bytes"));
        }
        long read = 0;
        long write = 0;
        for (Object e : list(map(s.get("blkio_stats")).get("io_service_bytes_recursive"))) {
            String op = text(map(e).get("op")).toLowerCase(Locale.ROOT);
            if (op.equals("read")) {
                read += number(map(e).get("value"));
            } else if (op.equals("write")) {
                write += number(map(e).get("value"));
            }
        }
        return COLUMNS.row()
                .field("Container", container)
                .field("ID", trunc ? ContainerRows.shortId(id) : id)
                .field("Name", name.startsWith("/") ? name.substring(1) : name)
                .field("CPUPerc", percent(cpu(s)))
                .field("MemUsage", GoUnits.bytes(usage) + " / " + GoUnits.bytes(limit))
                .field("MemPerc", percent(limit > 0 ? usage * 100.0 / limit : 0))
                .field("NetIO", GoUnits.size(rx) + " / " + GoUnits.size(tx))
                .field("BlockIO", GoUnits.size(read) + " / " + GoUnits.size(write))
                .field("PIDs", Long.toString(number(map(s.get("pids_stats")).get("current"))))
                .build();
    }

    /** docker's calculateCPUPercentUnix. */
    private static double cpu(Map<String, Object> s) {
        Map<String, Object> cpu = map(s.get("cpu_stats"));
        Map<String, Object> pre = map(s.get("precpu_stats"));
        double cpuDelta = number(map(cpu.get("cpu_usage")).get("total_usage")) - number(map(pre.get("cpu_usage")).get("total_usage"));
        double systemDelta = number(cpu.get("system_cpu_usage")) - number(pre.get("system_cpu_usage"));
        long online = number(cpu.get("online_cpus"));
        if (online == 0) {
            online = list(map(cpu.get("cpu_usage")).get("percpu_usage")).size();
        }
        return systemDelta > 0 && cpuDelta > 0 ? cpuDelta / systemDelta * online * 100 : 0;
    }

    private static String percent(double v) {
        return String.format(Locale.ROOT, "%.2f%%", v);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object v) {
        return v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
