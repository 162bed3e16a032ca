package dev.berth.cli;

import dev.berth.Berth;
import dev.berth.ListedImage;
import dev.berth.image.ImageReference;
import java.util.Optional;
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
            for (ListedImage s : berth.images().list()) {
                String id = s.id().substring("sha256:".length(), "sha256:".length() + 12);
                if (quiet) {
                    System.out.println(id);
                    continue;
                }
                Optional<ImageReference> ref = s.reference().flatMap(ImagesCommand::parsed);
                String repo = ref.map(r -> r.registry() + "/" + r.repository()).orElse("<none>");
                String tag = ref.flatMap(r -> r.tag()).orElse("<none>");
                t.row(repo, tag, id, s.created().map(Human::ago).orElse("N/A"), Human.size(s.size()));
            }
            if (!quiet) {
                t.print(System.out);
            }
            return 0;
        }
    }

    /** A tag as a reference; empty for a name that is none (an annotation another tool wrote). */
    private static Optional<ImageReference> parsed(String name) {
        try {
            return Optional.of(ImageReference.parse(name));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
