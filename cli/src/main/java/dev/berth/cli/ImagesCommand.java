package dev.berth.cli;

import dev.berth.Berth;
import dev.berth.image.store.ImageSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth images} (<a href="https://docs.docker.com/reference/cli/docker/image/ls/">docker images</a>). */
@Command(name = "images", description = "List images")
final class ImagesCommand extends Verb {
    @Option(names = {"-q", "--quiet"}, description = "Only show image IDs")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        try (Berth berth = top.open()) {
            Table t = new Table("REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE");
            for (ImageSummary s : berth.images().list()) {
                String id = s.configDigest().toString().substring("sha256:".length(), "sha256:".length() + 12);
                if (quiet) {
                    System.out.println(id);
                    continue;
                }
                String repo = s.reference().map(r -> r.registry() + "/" + r.repository()).orElse("<none>");
                String tag = s.reference().flatMap(r -> r.tag()).orElse("<none>");
                t.row(repo, tag, id, s.created() == null ? "N/A" : Human.ago(s.created()), Human.size(s.size()));
            }
            if (!quiet) {
                t.print(System.out);
            }
            return 0;
        }
    }
}
