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

            // Checked against the registry first, as docker login checks them: refused, nothing is written.
            Cli.Result refused = berth.run("login", "-u", "ann", "-p", "wrong", registry.host());
            assertEquals(1, refused.code(), refused.toString());
            assertEquals("WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n"
                    + "Error: login attempt to http://" + registry.host() + "/v2/ failed with status: 401 Unauthorized\n", refused.err());
            assertFalse(Files.exists(dir.resolve("docker/config.json")), "refused credentials were stored");

            Cli.Result login = berth.run("login", "-u", "ann", "-p", "s3cret", registry.host());
            assertEquals(0, login.code(), login.toString());
            assertEquals("Login Succeeded\n", login.out());
            Path config = dir.resolve("docker/config.json");
            assertTrue(login.err().endsWith("WARNING! Your credentials are stored unencrypted in '" + config + "'.\n"), login.toString());
            // Docker's format: auths, the host, base64 of user:password.
            com.fasterxml.jackson.databind.JsonNode auths = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(config.toFile()).get("auths");
            assertEquals(java.util.Base64.getEncoder().encodeToString("ann:s3cret".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                    auths.get(registry.host()).get("auth").asText(), auths.toString());
            // Without DOCKER_CONFIG: $HOME/.docker/config.json, as docker finds it.
            Cli.Result atHome = new Cli(dir.resolve("home"), Map.of("DOCKER_CONFIG", "", "HOME", dir.resolve("user").toString()))
                    .runWithInput("s3cret\n", "login", "-u", "ann", "--password-stdin", registry.host());
            assertEquals(0, atHome.code(), atHome.toString());
            assertTrue(Files.readString(dir.resolve("user/.docker/config.json")).contains(registry.host()), atHome.toString());

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
