package dev.berth.cli;

import dev.berth.Berth;
import dev.berth.Container;
import dev.berth.namespaces.cgroup.CgroupStats;
import java.util.List;
import java.util.OptionalLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth stats}: one snapshot of each running container's cgroup: CPU time, memory and
 * pids ({@code --} where not known, as for a container without a cgroup) (<a href="https://docs.docker.com/reference/cli/docker/container/stats/">docker stats
 * --no-stream</a>).
 */
@Command(name = "stats", description = "Display a snapshot of containers' resource usage")
final class StatsCommand extends Verb {
    @Option(names = "--no-stream", description = "Print one snapshot (the only mode)")
    boolean noStream;

    @Parameters(arity = "0..*", paramLabel = "CONTAINER", description = "Containers (default: all running)")
    List<String> containers = List.of();

    @Override
    public Integer call() throws Exception {
        try (Berth berth = top.open()) {
            List<Container> list = containers.isEmpty()
                    ? berth.listContainers().stream().filter(Container::isRunning).toList()
                    : containers.stream().map(n -> find(berth, n)).toList();
            Table t = new Table("CONTAINER ID", "NAME", "CPU TIME", "MEM USAGE", "PIDS");
            for (Container c : list) {
                if (!c.isRunning()) {
                    throw new IllegalStateException("container " + c.name() + " is not running");
                }
                // A container another process started has no cgroup handle here yet: shown as unknown.
                CgroupStats s = c.stats().orElse(new CgroupStats(OptionalLong.empty(), OptionalLong.empty(),
                        OptionalLong.empty(), OptionalLong.empty(), 0));
                t.row(c.id().substring(0, 12), c.name(),
                        s.cpuTimeNanos().isPresent() ? String.format("%.2fs", s.cpuTimeNanos().getAsLong() / 1e9) : "--",
                        s.memoryUsageBytes().isPresent() ? Human.size(s.memoryUsageBytes().getAsLong()) : "--",
                        s.pidsCurrent().isPresent() ? Long.toString(s.pidsCurrent().getAsLong()) : "--");
            }
            t.print(System.out);
            return 0;
        }
    }

    private static Container find(Berth berth, String name) {
        try {
            return Containers.find(berth, name);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
