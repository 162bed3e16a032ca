package dev.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.Berth;
import dev.berth.Container;
import dev.berth.cli.format.ContainerRows;
import dev.berth.cli.format.Format;
import dev.berth.cli.format.JsonValues;
import dev.berth.cli.format.Row;
import dev.berth.cli.format.StatsRows;
import dev.berth.dockerapi.EngineJson;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth stats}: one sample of each container's cgroup, as the Engine API's
 * {@code GET /containers/{id}/stats?stream=false} answers it (CPU % over one second), printed
 * as docker's CLI prints it (<a href="https://docs.docker.com/reference/cli/docker/container/stats/">docker stats
 * --no-stream</a>). A container that does not run shows zeros, as docker's.
 */
@Command(name = "stats", description = "Display a snapshot of containers' resource usage")
final class StatsCommand extends Verb {
    @Option(names = "--no-stream", description = "Print one snapshot (the only mode)")
    boolean noStream;

    @Option(names = {"-a", "--all"}, description = "Show all containers (default shows just running)")
    boolean all;

    @Option(names = "--format", paramLabel = "string", description = "Format output using a custom template: 'table', 'table TEMPLATE', 'json' or a Go template")
    String format;

    @Option(names = "--no-trunc", description = "Do not truncate output")
    boolean noTrunc;

    @Parameters(arity = "0..*", paramLabel = "CONTAINER", description = "Containers (default: all running)")
    List<String> containers = List.of();

    @Override
    public Integer call() throws Exception {
        Format f = ListingOptions.parse(format, StatsRows.COLUMNS);
        try (Berth berth = top.open()) {
            List<Container> list = new ArrayList<>();
            List<String> asNamed = new ArrayList<>();
            if (containers.isEmpty()) {
                berth.listContainers().stream().filter(c -> all || c.isRunning())
                        .sorted(Comparator.comparing(Container::created).reversed()).forEach(c -> {
                            list.add(c);
                            asNamed.add(ContainerRows.shortId(c.id()));
                        });
            } else {
                for (String name : containers) {
                    list.add(Containers.find(berth, name));
                    asNamed.add(name);
                }
            }
            List<Row> rows = new ArrayList<>();
            List<JsonNode> samples = EngineJson.stats(list);
            for (int i = 0; i < samples.size(); i++) {
                rows.add(StatsRows.of(JsonValues.map(samples.get(i)), asNamed.get(i), !noTrunc));
            }
            ListingOptions.print(f, rows, StatsRows.COLUMNS, System.out);
            return 0;
        }
    }
}
