package dev.berth.cli;

import dev.berth.Berth;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code berth tag} (<a href="https://docs.docker.com/reference/cli/docker/image/tag/">docker tag</a>). */
@Command(name = "tag", description = "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE")
final class TagCommand extends Verb {
    @Parameters(index = "0", paramLabel = "SOURCE_IMAGE")
    String source;

    @Parameters(index = "1", paramLabel = "TARGET_IMAGE")
    String target;

    @Override
    public Integer call() throws Exception {
        try (Berth berth = top.open()) {
            berth.tag(berth.image(source), target);
            return 0;
        }
    }
}
