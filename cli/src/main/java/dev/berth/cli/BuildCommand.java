package dev.berth.cli;

import dev.berth.Berth;
import dev.berth.BuildListener;
import dev.berth.Image;
import dev.berth.ImageBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth build}: builds an image from a Dockerfile with {@link ImageBuilder}
 * (<a href="https://docs.docker.com/reference/cli/docker/buildx/build/">docker build</a>),
 * printing each step, whether it came from the cache, and its output; {@code -q} prints only
 * the image id.
 */
@Command(name = "build", description = "Build an image from a Dockerfile")
final class BuildCommand extends Verb {
    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Name of the Dockerfile (default: CONTEXT/Dockerfile)")
    Path dockerfile;

    @Option(names = {"-t", "--tag"}, paramLabel = "NAME[:TAG]", description = "Name and optionally a tag")
    List<String> tags = new ArrayList<>();

    @Option(names = "--build-arg", paramLabel = "KEY=VALUE", description = "Set build-time variables")
    List<String> buildArgs = new ArrayList<>();

    @Option(names = {"-q", "--quiet"}, description = "Print only the image ID")
    boolean quiet;

    @Parameters(paramLabel = "CONTEXT", description = "The build context directory")
    Path context;

    @Override
    public Integer call() throws Exception {
        try (Berth berth = top.open()) {
            ImageBuilder b = berth.imageBuilder()
                    .fromDockerfile(dockerfile != null ? dockerfile : context.resolve("Dockerfile"), context);
            for (String arg : buildArgs) {
                int eq = arg.indexOf('=');
                if (eq > 0) {
                    b.buildArg(arg.substring(0, eq), arg.substring(eq + 1));
                } else if (System.getenv(arg) != null) {
                    b.buildArg(arg, System.getenv(arg));
                }
            }
            if (!quiet) {
                b.listener(new Steps());
            }
            Image image = tags.isEmpty() ? b.build() : b.build(tags.get(0));
            for (String tag : tags.subList(Math.min(1, tags.size()), tags.size())) {
                berth.tag(image, tag);
            }
            System.out.println(quiet ? image.id() : "Successfully built " + image.id().substring(7, 19));
            if (!quiet) {
                tags.forEach(t -> System.out.println("Successfully tagged " + t));
            }
            return 0;
        }
    }

    /** Docker's classic builder output: {@code Step N/M : INSTRUCTION}, {@code ---> Using cache}. */
    private static final class Steps implements BuildListener {
        @Override
        public void stepStarted(int number, int total, String instruction) {
            System.out.println("Step " + number + "/" + total + " : " + instruction);
        }

        @Override
        public void stepCached(int number, int total, String instruction) {
            System.out.println(" ---> Using cache");
        }

        @Override
        public void stepFinished(int number, int total, String instruction, Duration took) {
            System.out.println(" ---> done in " + took.toMillis() + " ms");
        }

        @Override
        public void output(int number, String line) {
            System.out.println(" | " + line);
        }
    }
}
