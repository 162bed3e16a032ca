package dev.berth.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.Berth;
import dev.berth.namespaces.testing.Root;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs each sample program on a temporary home and checks what it printed. Needs root. */
class SamplesTest {
    @Test
    void commitImageSampleBuildsAnImageAndRunsIt(@TempDir Path home) throws Exception {
        Root.require();
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
        Root.require();
        try (Berth berth = Berth.builder().home(home).build()) {
            String response = NetworkNamespaceSample.fetch(berth);
            assertTrue(response.matches("HTTP/1\\.[01] 200(?s).*"), response);
            assertTrue(response.contains("\r\n\r\nbuilt by berth demo from the host's "), response);
            assertTrue(berth.containers().isEmpty(), "the sample removed its container");
        }
    }
}
