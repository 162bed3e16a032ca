package dev.berth.cli;

import dev.berth.namespaces.host.StartupTrace;
import dev.berth.Berth;
import dev.berth.Image;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth pull} (<a href="https://docs.docker.com/reference/cli/docker/image/pull/">docker pull</a>). */
@Command(name = "pull", description = "Download an image from a registry")
final class PullCommand extends Verb {
    @Option(names = {"-q", "--quiet"}, description = "Suppress verbose output")
    boolean quiet;

    @Parameters(paramLabel = "NAME[:TAG|@DIGEST]")
    String reference;

    @Override
    public Integer call() throws Exception {
        try (Berth berth = top.open()) {
            StartupTrace.mark("pull: opened");
            Image image = berth.pull(reference, ProgressBars.choose(quiet, "Pull complete"));
            if (!quiet) {
                System.out.println("Digest: " + image.digest());
                System.out.println("Status: Downloaded image for " + reference);
            }
            System.out.println(image.reference().orElse(image.digest()));
            return 0;
        }
    }
}
