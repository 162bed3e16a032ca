package dev.berth.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth build}: builds an image from a Dockerfile
 * (<a href="https://docs.docker.com/reference/cli/docker/buildx/build/">docker build</a>),
 * printing each step and whether it came from the cache.
 */
@Command(name = "build", description = "Build an image from a Dockerfile")
final class BuildCommand extends Verb {
    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Name of the Dockerfile (default: CONTEXT/Dockerfile)")
    Path dockerfile;

    @Option(names = {"-t", "--tag"}, paramLabel = "NAME[:TAG]", description = "Name and optionally a tag")
    List<String> tags = new ArrayList<>();

    @Option(names = "--build-arg", paramLabel = "KEY=VALUE", description = "Set build-time variables")
    List<String> buildArgs = new ArrayList<>();

    @Option(names = "--no-cache", description = "Do not use cache when building the image")
    boolean noCache;

    @Option(names = {"-q", "--quiet"}, description = "Print only the image ID")
    boolean quiet;

    @Parameters(paramLabel = "CONTEXT", description = "The build context directory")
    Path context;

    @Override
    public Integer call() {
        throw new NotAvailable("build needs ImageBuilder and the Dockerfile frontend (issue #7), not merged yet");
    }
}
