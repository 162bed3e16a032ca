package dev.berth.samples;

import dev.berth.Berth;
import dev.berth.Container;
import dev.berth.DemoImage;
import dev.berth.Image;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Builds an image from a Dockerfile with {@link Berth#build(Path)} and runs it. Without an
 * argument it builds the sample context shipped with this class (a two-stage build with a heredoc
 * {@code RUN}, {@code COPY --from} and {@code USER}, on the demo image, so no network is needed);
 * with one, the context directory given. Needs root.
 *
 * <pre>java -cp samples/target/berth.jar dev.berth.samples.DockerfileSample [CONTEXT_DIR]</pre>
 */
public final class DockerfileSample {
    static final String IMAGE = "localhost/berth-dockerfile-sample:1";

    private DockerfileSample() {
    }

    public static void main(String[] args) throws Exception {
        try (Berth berth = Berth.open()) {
            System.exit(args.length > 0 ? run(berth, Path.of(args[0]), System.out) : run(berth, System.out));
        }
    }

    /** Builds the shipped sample context. */
    static int run(Berth berth, PrintStream out) throws Exception {
        DemoImage.build(berth);
        Path context = Files.createTempDirectory("berth-dockerfile-sample-");
        try {
            for (String name : new String[] {"Dockerfile", "hello.sh"}) {
                try (InputStream in = DockerfileSample.class.getResourceAsStream("dockerfile/" + name)) {
                    Files.write(context.resolve(name), in.readAllBytes());
                }
            }
            return run(berth, context, out);
        } finally {
            for (String name : new String[] {"Dockerfile", "hello.sh"}) {
                Files.deleteIfExists(context.resolve(name));
            }
            Files.deleteIfExists(context);
        }
    }

    /** Builds {@code context}'s Dockerfile as {@value #IMAGE}, runs the image and returns its exit code. */
    static int run(Berth berth, Path context, PrintStream out) throws IOException, InterruptedException {
        Image image = berth.build(context).build(IMAGE);
        out.println("built " + IMAGE + " from " + context.resolve("Dockerfile") + " ("
                + image.id().substring(0, 19) + ", " + image.layerCount() + " layers, user " + image.user().orElse("root") + ")");
        try (Container app = berth.container(image).start()) {
            int code = app.waitFor(Duration.ofMinutes(1)).orElseThrow();
            out.print(app.logs());
            return code;
        }
    }
}
