package dev.berth.cli;

import dev.berth.Berth;
import dev.berth.ImageHistory;
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
            Table t = new Table("IMAGE", "CREATED", "CREATED BY", "SIZE", "COMMENT");
            for (ImageHistory h : steps) {
                String createdBy = h.createdBy().replace('\t', ' ');
                if (!noTrunc && createdBy.length() > CREATED_BY_WIDTH) {
                    createdBy = createdBy.substring(0, CREATED_BY_WIDTH - 1) + "…";
                }
                String created = h.created().map(c -> human ? Human.ago(c) : c.toString()).orElse("N/A");
                t.row(id(h), created, createdBy, human ? Human.size(h.size()) : Long.toString(h.size()), h.comment());
            }
            t.print(System.out);
            return 0;
        }
    }

    private String id(ImageHistory h) {
        return h.id().equals(ImageHistory.MISSING) || noTrunc ? h.id() : h.id().substring("sha256:".length(), 19);
    }
}
