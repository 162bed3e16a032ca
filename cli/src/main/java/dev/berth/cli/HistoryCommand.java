package dev.berth.cli;

import dev.berth.Berth;
import dev.berth.ImageHistory;
import dev.berth.cli.format.Row;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth history}: the steps that made an image, newest first, with their sizes
 * (<a href="https://docs.docker.com/reference/cli/docker/image/history/">docker history</a>).
 */
@Command(name = "history", description = "Show the history of an image")
final class HistoryCommand extends Verb implements DockerStatus.ExitsOne {
    /** Docker's width of the CREATED BY column before it is cut with an ellipsis. */
    private static final int CREATED_BY_WIDTH = 45;

    @Option(names = {"-H", "--human"}, negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Print sizes and dates in human readable format (default true)")
    boolean human;

    @Option(names = "--no-trunc", description = "Don't truncate output")
    boolean noTrunc;

    @Option(names = {"-q", "--quiet"}, description = "Only show image IDs")
    boolean quiet;

    @Option(names = "--format", paramLabel = "string",
            description = "Format output using a custom template: 'table', 'table TEMPLATE', 'json' or a Go template")
    String format;

    /** docker's {@code historyContext}: its fields, their headers and its default table. */
    private static final Row.Columns COLUMNS = new Row.Columns("*formatter.historyContext", headers(),
            "table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}");

    @Parameters(paramLabel = "IMAGE")
    String image;

    @Override
    public Integer call() throws Exception {
        try (Berth berth = top.open()) {
            List<ImageHistory> steps = berth.images().inspect(image).history();
            if (quiet) {
                steps.forEach(h -> System.out.println(id(h)));
                return 0;
            }
            if (format != null && !format.isEmpty()) {
                List<Row> rows = new java.util.ArrayList<>();
                for (ImageHistory h : steps) {
                    String createdAt = h.created().map(c -> c.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString()).orElse("N/A");
                    rows.add(COLUMNS.row().field("ID", id(h))
                            .field("CreatedSince", human ? h.created().map(Human::ago).orElse("N/A") : createdAt)
                            .field("CreatedAt", createdAt).field("CreatedBy", createdBy(h))
                            .field("Size", human ? Human.size(h.size()) : Long.toString(h.size())).field("Comment", h.comment()).build());
                }
                ListingOptions.print(ListingOptions.parse(format, COLUMNS), rows, COLUMNS, System.out);
                return 0;
            }
            Table t = new Table("IMAGE", "CREATED", "CREATED BY", "SIZE", "COMMENT");
            for (ImageHistory h : steps) {
                String createdBy = createdBy(h);
                String created = h.created().map(c -> human ? Human.ago(c) : c.toString()).orElse("N/A");
                t.row(id(h), created, createdBy, human ? Human.size(h.size()) : Long.toString(h.size()), h.comment());
            }
            t.print(System.out);
            return 0;
        }
    }

    /** CREATED BY, tabs as spaces, cut at docker's width with an ellipsis unless {@code --no-trunc}. */
    private String createdBy(ImageHistory h) {
        String createdBy = h.createdBy().replace('\t', ' ');
        return !noTrunc && createdBy.length() > CREATED_BY_WIDTH ? createdBy.substring(0, CREATED_BY_WIDTH - 1) + "…" : createdBy;
    }

    private static java.util.Map<String, String> headers() {
        java.util.Map<String, String> h = new java.util.LinkedHashMap<>();
        h.put("ID", "IMAGE");
        h.put("CreatedSince", "CREATED");
        h.put("CreatedAt", "CREATED AT");
        h.put("CreatedBy", "CREATED BY");
        h.put("Size", "SIZE");
        h.put("Comment", "COMMENT");
        return h;
    }

    private String id(ImageHistory h) {
        return h.id().equals(ImageHistory.MISSING) || noTrunc ? h.id() : h.id().substring("sha256:".length(), 19);
    }
}
