package dev.berth.cli;

import dev.berth.Berth;
import dev.berth.Image;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth push} (<a href="https://docs.docker.com/reference/cli/docker/image/push/">docker push</a>). */
@Command(name = "push", description = "Upload an image to a registry")
final class PushCommand extends Verb {
    @Option(names = {"-q", "--quiet"}, description = "Suppress verbose output")
    boolean quiet;

    @Parameters(paramLabel = "NAME[:TAG]")
    String reference;

    @Override
    public Integer call() throws Exception {
        try (Berth berth = top.open()) {
            berth.push(reference, ProgressBars.choose(quiet, "Pushed"));
            Image image = berth.image(reference);
            System.out.println(image.reference().orElse(reference) + ": digest: " + image.digest());
            return 0;
        }
    }
}
