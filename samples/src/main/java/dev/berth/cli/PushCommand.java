package dev.berth.cli;

import dev.berth.Berth;
import dev.berth.image.ImageReference;
import dev.berth.image.remote.ImagePusher;
import dev.berth.image.remote.PushResult;
import dev.berth.image.remote.RegistryClients;
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
            ImageReference ref = ImageReference.parse(reference);
            PushResult r = ImagePusher.create(berth.images(), RegistryClients.defaults())
                    .push(ref, ref, ProgressBars.choose(quiet, "Pushed"));
            System.out.println(ref.tag().orElse("latest") + ": digest: " + r.pushed().digest() + " size: " + r.pushed().size());
            return 0;
        }
    }
}
