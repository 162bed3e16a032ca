package dev.berth.cli;

import dev.berth.Berth;
import dev.berth.cli.format.ContainerRows;
import dev.berth.cli.format.Format;
import dev.berth.cli.format.JsonValues;
import dev.berth.cli.format.Row;
import dev.berth.dockerapi.EngineJson;
import dev.berth.namespaces.host.StartupTrace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code berth ps}: lists containers (<a href="https://docs.docker.com/reference/cli/docker/container/ls/">docker ps</a>)
 * from what the Engine API's {@code GET /containers/json} answers, with its filters, printed as
 * docker's CLI prints that answer.
 */
@Command(name = "ps", description = "List containers")
final class PsCommand extends Verb {
    @Option(names = {"-a", "--all"}, description = "Show all containers (default shows just running)")
    boolean all;

    @Option(names = {"-s", "--size"}, description = "Display total file sizes")
    boolean size;

    @Option(names = {"-n", "--last"}, paramLabel = "int", defaultValue = "-1", description = "Show n last created containers (includes all states)")
    int last;

    @Option(names = {"-l", "--latest"}, description = "Show the latest created container (includes all states)")
    boolean latest;

    @Mixin
    ListingOptions listing;

    @Override
    public Integer call() throws Exception {
        Row.Columns columns = size ? ContainerRows.WITH_SIZE : ContainerRows.COLUMNS;
        Format format = listing.format(columns, "{{.ID}}", System.err);
        // as docker: sizes are measured only when shown
        boolean sizes = !listing.quiet && (size || format.template().mentions("Size"));
        int limit = latest ? 1 : last;
        try (Berth berth = top.open()) {
            StartupTrace.mark("ps: opened");
            List<Map<String, Object>> list = EngineJson.containerValues(berth, all || limit > 0, listing.filters(), sizes,
                    JsonValues::map);
            StartupTrace.mark("ps: listed");
            Instant now = Instant.now();
            List<Row> rows = new ArrayList<>();
            for (Map<String, Object> entry : list) {
                if (limit > 0 && rows.size() == limit) {
                    break;
                }
                rows.add(ContainerRows.of(entry, !listing.noTrunc, now));
            }
            ListingOptions.print(format, rows, columns, System.out);
            StartupTrace.mark("ps: printed");
            return 0;
        }
    }
}
