package dev.berth.samples;

import dev.berth.Berth;
import dev.berth.BuildListener;
import dev.berth.Container;
import dev.berth.DemoImage;
import dev.berth.Image;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Builds an image with {@link dev.berth.ImageBuilder}, as a Dockerfile would without one: on the
 * demo image (made from the host's busybox, so no network is needed), a file copied from a build
 * context, {@code RUN} steps that each run in a container and become a layer, and the image's
 * env, working directory and command; then runs it. A second build of the same steps comes from
 * the build cache. Needs root.
 *
 * <pre>java -cp samples/target/berth.jar dev.berth.samples.ImageBuilderSample [BERTH_HOME]</pre>
 */
public final class ImageBuilderSample {
    static final String IMAGE = "localhost/berth-builder-sample:1";

    private ImageBuilderSample() {
    }

    public static void main(String[] args) throws Exception {
        try (Berth berth = args.length > 0 ? Berth.builder().home(Path.of(args[0])).build() : Berth.open()) {
            System.exit(run(berth, System.out));
        }
    }

    /** Builds the image twice (the second time from the cache), runs it, and returns its exit code. */
    static int run(Berth berth, PrintStream out) throws Exception {
        Image base = DemoImage.build(berth);
        Path context = Files.createTempDirectory("berth-builder-sample-");
        try {
            Files.writeString(context.resolve("greeting.txt"), "hello from an image built by ImageBuilder\n");
            build(berth, base, context, out);
            Image built = build(berth, base, context, out);
            out.println("built " + IMAGE + " (" + built.id().substring(0, 19) + ", " + built.layerCount() + " layers)");
        } finally {
            Files.deleteIfExists(context.resolve("greeting.txt"));
            Files.deleteIfExists(context);
        }
        try (Container app = berth.container(IMAGE).start()) {
            int code = app.waitFor(Duration.ofMinutes(1)).orElseThrow();
            out.print(app.logs());
            return code;
        }
    }

    private static Image build(Berth berth, Image base, Path context, PrintStream out) {
        return berth.imageBuilder()
                .context(context)
                .from(base)
                .env("APP_HOME", "/app")
                .workdir("/app")
                .copy("greeting.txt", "/app/")
                .run("printf '#!/bin/sh\\ncat $APP_HOME/greeting.txt\\necho \"built as $(cat /app/built-by)\"\\n' > hello"
                        + " && chmod +x hello")
                .run("id -un > /app/built-by")
                .cmd("/app/hello")
                .listener(new Steps(out))
                .build(IMAGE);
    }

    /** Prints each finished step as {@code docker build} does, and whether the cache served it. */
    private static final class Steps implements BuildListener {
        private final PrintStream out;
        private int cached;

        Steps(PrintStream out) {
            this.out = out;
        }

        @Override
        public void stepCached(int number, int total, String instruction) {
            cached = number;
        }

        @Override
        public void stepFinished(int number, int total, String instruction, Duration took) {
            out.printf("step %d/%d: %s%s%n", number, total, instruction,
                    cached == number ? " (cached)" : ", " + took.toMillis() + " ms");
        }
    }
}
