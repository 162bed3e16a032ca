package dev.berth.samples;

import dev.berth.Berth;
import dev.berth.Container;
import dev.berth.DemoImage;
import dev.berth.Image;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Builds an image and runs it: a container of the demo image writes a script, the container's
 * changes are committed as a new layer of {@code localhost/berth-sample:1} (as
 * {@code docker commit} does), and a container of the new image runs the script. Needs root.
 *
 * <pre>java -cp samples/target/berth.jar dev.berth.samples.CommitImageSample [BERTH_HOME]</pre>
 */
public final class CommitImageSample {
    static final String IMAGE = "localhost/berth-sample:1";

    private CommitImageSample() {
    }

    public static void main(String[] args) throws Exception {
        try (Berth berth = args.length > 0 ? Berth.builder().home(Path.of(args[0])).build() : Berth.open()) {
            System.exit(run(berth, System.out));
        }
    }

    /** Builds and runs the image; returns the new container's exit code. */
    static int run(Berth berth, PrintStream out) throws Exception {
        Image base = DemoImage.build(berth);
        Image built;
        try (Container step = berth.container(base)
                .command("sh", "-c", "mkdir /app && printf '#!/bin/sh\\necho \"hello from $(cat /app/name)\"\\n' > /app/hello"
                        + " && chmod +x /app/hello && echo berth-sample > /app/name")
                .start()) {
            int code = step.waitFor(Duration.ofMinutes(1)).orElseThrow();
            if (code != 0) {
                throw new IllegalStateException("the build step exited with " + code + ": " + step.logs());
            }
            built = step.commit(IMAGE);
        }
        out.println("built " + IMAGE + " (" + built.id().substring(0, 19) + ", " + built.layerCount() + " layers)");
        try (Container app = berth.container(IMAGE).command("/app/hello").start()) {
            int code = app.waitFor(Duration.ofMinutes(1)).orElseThrow();
            out.print(app.logs());
            return code;
        }
    }
}
