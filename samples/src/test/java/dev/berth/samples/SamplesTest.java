package dev.berth.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.Berth;
import dev.berth.namespaces.testing.RequiresRoot;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs each sample program on a temporary home and checks what it printed. Needs root. */
@RequiresRoot("the samples run containers")
class SamplesTest {
    @Test
    void commitImageSampleBuildsAnImageAndRunsIt(@TempDir Path home) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Berth berth = Berth.builder().home(home).build()) {
            int code = CommitImageSample.run(berth, new PrintStream(bytes, true, StandardCharsets.UTF_8));
            String out = bytes.toString(StandardCharsets.UTF_8);
            assertEquals(0, code, out);
            assertTrue(out.startsWith("built localhost/berth-sample:1 (sha256:"), out);
            assertTrue(out.contains(", 2 layers)\nhello from berth-sample\n"), out);
            assertEquals(2, berth.image(CommitImageSample.IMAGE).layerCount());
        }
    }

    @Test
    void networkNamespaceSampleFetchesFromInsideTheContainer(@TempDir Path home) throws Exception {
        try (Berth berth = Berth.builder().home(home).build()) {
            String response = NetworkNamespaceSample.fetch(berth);
            assertTrue(response.matches("HTTP/1\\.[01] 200(?s).*"), response);
            assertTrue(response.contains("\r\n\r\nbuilt by berth demo from the host's "), response);
            assertTrue(berth.containers().isEmpty(), "the sample removed its container");
        }
    }

    @Test
    void imageBuilderSampleBuildsWithRunStepsAndTheCache(@TempDir Path home) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Berth berth = Berth.builder().home(home).build()) {
            int code = ImageBuilderSample.run(berth, new PrintStream(bytes, true, StandardCharsets.UTF_8));
            String out = bytes.toString(StandardCharsets.UTF_8);
            assertEquals(0, code, out);
            // The first build runs both RUN steps; the second takes every step from the cache.
            assertEquals(1, count(out, "RUN id -un > /app/built-by, "), out);
            assertEquals(1, count(out, "RUN id -un > /app/built-by (cached)\n"), out);
            assertTrue(out.endsWith("hello from an image built by ImageBuilder\nbuilt as root\n"), out);
            // The demo image's layer, COPY and two RUN layers (WORKDIR makes no layer of its own here).
            assertTrue(berth.image(ImageBuilderSample.IMAGE).layerCount() >= 4, out);
            assertTrue(berth.containers().isEmpty(), "the sample removed its containers");
        }
    }

    @Test
    void dockerfileSampleBuildsTwoStagesAndRunsAsNobody(@TempDir Path home) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Berth berth = Berth.builder().home(home).build()) {
            int code = DockerfileSample.run(berth, new PrintStream(bytes, true, StandardCharsets.UTF_8));
            String out = bytes.toString(StandardCharsets.UTF_8);
            assertEquals(0, code, out);
            assertTrue(out.contains(" layers, user nobody)\n"), out);
            assertTrue(out.matches("(?s).*\nhello from a Dockerfile built by Berth\n"
                    + "compiled in a build container named \\S+, running as nobody\n"), out);
            assertEquals("berth dockerfile sample",
                    berth.image(DockerfileSample.IMAGE).labels().get("org.opencontainers.image.title"));
        }
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
