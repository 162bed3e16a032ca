package dev.berth.cli;

import dev.berth.Berth;
import dev.berth.Image;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code berth load -i FILE}: loads a {@code docker save} archive or an OCI archive
 * (<a href="https://docs.docker.com/reference/cli/docker/image/load/">docker load</a>).
 */
@Command(name = "load", description = "Load images from a tar archive")
final class LoadCommand extends Verb {
    @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE", description = "Read from a tar archive file")
    Path input;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(input)) {
            throw new IllegalArgumentException("no such archive: " + input);
        }
        try (Berth berth = top.open()) {
            for (Image image : berth.load(input)) {
                System.out.println(image.reference().map(t -> "Loaded image: " + t)
                        .orElse("Loaded image ID: " + image.id()));
            }
            return 0;
        }
    }
}
