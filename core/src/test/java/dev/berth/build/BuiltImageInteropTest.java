package dev.berth.build;

import dev.berth.BerthInternals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.Image;
import dev.berth.image.archive.DockerArchive;
import dev.berth.image.testing.PodmanCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An image built from a Dockerfile runs in Berth with the expected output and, exported as a
 * docker-archive and loaded by podman, runs there with the same output.
 */
class BuiltImageInteropTest extends BuildFixture {
    @TempDir
    Path tmp;

    @Test
    void anImageBuiltFromADockerfileRunsInBerthAndInPodmanWithTheSameOutput() throws Exception {
        PodmanCli.assume();
        Path context = Files.createDirectories(tmp.resolve("context"));
        Files.writeString(context.resolve("greeting.txt"), "hello from the context\n");
        Files.writeString(context.resolve("Dockerfile"), """
                FROM %s
                USER root
                RUN mkdir -p /app && echo built-by-run > /app/run.txt && rm -f /etc/group
                COPY --chown=user --chmod=644 greeting.txt /app/
                WORKDIR /app
                CMD ["sh", "-c", "cat run.txt greeting.txt; stat -c %%u /app/greeting.txt; test -e /etc/group || echo no-group"]
                """.formatted(BUSYBOX));
        Image image = berth.build(context).build("localhost/berth-built:1");
        String expected = "built-by-run\nhello from the context\n1000\nno-group\n";
        try (var c = berth.container(image).start()) {
            c.waitFor(java.time.Duration.ofSeconds(20));
            assertEquals(expected, c.logs());
        }
        Path archive = tmp.resolve("built.tar");
        DockerArchive.export(BerthInternals.store(berth), List.of("localhost/berth-built:1"), archive);
        try (PodmanCli podman = new PodmanCli(tmp)) {
            podman.load(archive);
            assertEquals(expected, podman.runImage("localhost/berth-built:1"));
        }
    }
}
