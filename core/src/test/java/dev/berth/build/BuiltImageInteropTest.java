package dev.berth.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.Copy;
import dev.berth.Image;
import dev.berth.image.archive.DockerArchive;
import dev.berth.image.testing.PodmanCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A built image, exported as a docker-archive, is loaded by podman and runs there as it runs in Berth. */
class BuiltImageInteropTest extends BuildFixture {
    @TempDir
    Path tmp;

    @Test
    void aBuiltImageRunsInPodmanWithTheSameOutputAsInBerth() throws Exception {
        PodmanCli.assume();
        Path context = Files.createDirectories(tmp.resolve("context"));
        Files.writeString(context.resolve("greeting.txt"), "hello from the context\n");
        Image image = berth.imageBuilder().context(context)
                .from(BUSYBOX).user("root")
                .run("mkdir -p /app && echo built-by-run > /app/run.txt && rm -f /etc/group")
                .copy(Copy.of("greeting.txt").to("/app/").chown("user").chmod(0644))
                .workdir("/app")
                .cmd("sh", "-c", "cat run.txt greeting.txt; stat -c %u /app/greeting.txt; test -e /etc/group || echo no-group")
                .build("localhost/berth-built:1");
        String expected = "built-by-run\nhello from the context\n1000\nno-group\n";
        try (var c = berth.container(image).user("0").start()) {
            c.waitFor(java.time.Duration.ofSeconds(20));
            assertEquals(expected, c.logs());
        }
        Path archive = tmp.resolve("built.tar");
        DockerArchive.export(berth.images(), List.of("localhost/berth-built:1"), archive);
        try (PodmanCli podman = new PodmanCli(tmp)) {
            podman.load(archive);
            assertEquals(expected, podman.runImage("localhost/berth-built:1"));
        }
    }
}
