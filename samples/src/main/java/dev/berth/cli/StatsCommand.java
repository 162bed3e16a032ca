package dev.berth.cli;

import dev.berth.Berth;
import dev.berth.ContainerSummary;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth stats}: one snapshot of each running container's cgroup: CPU time, memory and
 * pids (<a href="https://docs.docker.com/reference/cli/docker/container/stats/">docker stats
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
            List<ContainerSummary> list = containers.isEmpty()
                    ? berth.listContainers().stream().filter(c -> c.state().running() && c.owner().isPresent()).toList()
                    : containers.stream().map(n -> find(berth, n)).toList();
            Table t = new Table("CONTAINER ID", "NAME", "CPU TIME", "MEM USAGE", "PIDS");
            for (ContainerSummary c : list) {
                ControlClient.Stats s = ControlClient.of(berth.home(), c).stats();
                t.row(c.id().substring(0, 12), c.name(), s.cpuNanos() < 0 ? "--" : String.format("%.2fs", s.cpuNanos() / 1e9),
                        s.memoryBytes() < 0 ? "--" : Human.size(s.memoryBytes()), s.pids() < 0 ? "--" : Long.toString(s.pids()));
            }
            t.print(System.out);
            return 0;
        }
    }

    private static ContainerSummary find(Berth berth, String name) {
        try {
            return berth.findContainer(name);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
