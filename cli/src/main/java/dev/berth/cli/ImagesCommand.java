package dev.berth.cli;

import dev.berth.Berth;
import dev.berth.cli.format.Format;
import dev.berth.cli.format.ImageRows;
import dev.berth.cli.format.JsonValues;
import dev.berth.cli.format.Row;
import dev.berth.dockerapi.EngineJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth images} (<a href="https://docs.docker.com/reference/cli/docker/image/ls/">docker images</a>):
 * what the Engine API's {@code GET /images/json} answers, with its filters; a repository
 * argument is the {@code reference} filter, as docker's.
 */
@Command(name = "images", description = "List images")
final class ImagesCommand extends Verb {
    @Option(names = {"-a", "--all"}, description = "Show all images (Berth keeps no intermediate images)")
    boolean all;

    @Option(names = "--digests", description = "Show digests")
    boolean digests;

    @Mixin
    ListingOptions listing;

    @Parameters(arity = "0..1", paramLabel = "REPOSITORY[:TAG]")
    String repository;

    @Override
    public Integer call() throws Exception {
        Row.Columns columns = digests ? ImageRows.WITH_DIGESTS : ImageRows.COLUMNS;
        Format format = listing.format(columns, "{{.ID}}", System.err);
        Map<String, List<String>> filters = new LinkedHashMap<>(listing.filters());
        if (repository != null) {
            filters.computeIfAbsent("reference", k -> new ArrayList<>()).add(repository);
        }
        try (Berth berth = top.open()) {
            Instant now = Instant.now();
            List<Row> rows = new ArrayList<>();
            for (Map<String, Object> entry : EngineJson.imageValues(berth, filters, JsonValues::map)) {
                rows.addAll(ImageRows.of(entry, !listing.noTrunc, digests || format.template().mentions("Digest"), now));
            }
            ListingOptions.print(format, rows, columns, System.out);
            return 0;
        }
    }
}
