package dev.berth.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.berth.build.dockerfile.DockerIgnore;
import dev.berth.build.dockerfile.Dockerfile;
import dev.berth.build.dockerfile.DockerfileException;
import dev.berth.build.dockerfile.Stage;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Fuzzes the Dockerfile frontend (<a href="https://docs.docker.com/reference/dockerfile/">Dockerfile
 * reference</a>): whatever the text, {@link Dockerfile#parse(String)} returns a Dockerfile with at
 * least one stage, whose dump, global ARGs and base images resolve, or throws the documented
 * {@link DockerfileException}; {@link DockerIgnore#parse} likewise, and its patterns match any
 * path without throwing. Seeds in {@code DockerfileFuzzTestInputs/<method>/}; fuzz with
 * {@code bench/fuzz.sh}.
 */
class DockerfileFuzzTest {
    @FuzzTest(maxDuration = "5m")
    void parse(byte[] input) {
        Dockerfile d;
        try {
            d = Dockerfile.parse(new String(input, StandardCharsets.UTF_8));
        } catch (DockerfileException documented) {
            return;
        }
        assertFalse(d.stages().isEmpty());
        d.dump();
        for (Stage s : d.stages()) {
            try {
                d.resolveBase(s, Map.of("A", "x"));
                d.resolvePlatform(s, Map.of());
            } catch (DockerfileException documented) {
                // a FROM whose variables do not expand
            }
        }
    }

    @FuzzTest(maxDuration = "5m")
    void dockerignore(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        int split = text.indexOf('\u0000');
        DockerIgnore ignore;
        try {
            ignore = DockerIgnore.parse(split < 0 ? text : text.substring(0, split));
        } catch (DockerfileException documented) {
            return;
        }
        String path = split < 0 ? "a/b/c.txt" : text.substring(split + 1);
        ignore.excluded(path.isEmpty() ? "a" : path);
    }
}
