package dev.berth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.namespaces.testing.RequiresRoot;
import dev.berth.registry.testing.LocalRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code berth login}, {@code tag}, {@code push} and {@code pull} against a real registry
 * (Debian's docker-registry with htpasswd) on 127.0.0.1, with the per-layer progress lines of
 * non-interactive output. Needs root for the demo image.
 */
@RequiresRoot("the CLI runs the pulled image")
class CliRegistryTest {
    @Test
    void loginTagPushRmiPullRun(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(LocalRegistry.available(), "docker-registry is not installed (apt-get install docker-registry)");
        try (LocalRegistry registry = LocalRegistry.startWithHtpasswd(Files.createDirectories(dir.resolve("registry")), "ann", "s3cret")) {
            Cli berth = new Cli(dir.resolve("home"), Map.of("DOCKER_CONFIG", dir.resolve("docker").toString()));
            assertEquals(0, berth.run("demo").code());
            String ref = registry.host() + "/demo:1";
            assertEquals(0, berth.run("tag", "localhost/berth-demo", ref).code());

            Cli.Result denied = berth.run("push", ref);
            assertEquals(125, denied.code(), denied.toString());
            assertTrue(denied.err().startsWith("berth: ") && denied.err().lines().count() == 1, denied.toString());

            Cli.Result login = berth.run("login", "-u", "ann", "-p", "s3cret", registry.host());
            assertEquals(0, login.code(), login.toString());
            assertTrue(Files.readString(dir.resolve("docker/config.json")).contains(registry.host()));

            Cli.Result push = berth.run("push", ref);
            assertEquals(0, push.code(), push.toString());
            assertTrue(push.out().contains(": Pushed "), push.toString());

            assertEquals(0, berth.run("rmi", ref, "localhost/berth-demo").code());
            assertFalse(berth.run("images").out().contains("demo"));

            Cli.Result pull = berth.run("pull", ref);
            assertEquals(0, pull.code(), pull.toString());
            assertTrue(pull.out().lines().anyMatch(l -> l.matches("[0-9a-f]{12}: Pull complete [0-9.]+[kM]?B")), pull.toString());
            assertTrue(pull.out().contains("Digest: sha256:"), pull.toString());
            assertTrue(pull.out().endsWith(ref + "\n"), pull.toString());

            Cli.Result quiet = berth.run("pull", "-q", ref);
            assertEquals(ref + "\n", quiet.out(), quiet.toString());

            Cli.Result run = berth.run("run", "--rm", ref, "cat", "/etc/berth-demo");
            assertEquals(0, run.code(), run.toString());
        }
    }
}
