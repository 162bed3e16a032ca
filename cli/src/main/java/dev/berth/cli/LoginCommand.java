package dev.berth.cli;

import dev.berth.json.Json;
import dev.berth.namespaces.fs.AtomicFile;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Console;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth login}: stores a registry's credentials in {@code ~/.docker/config.json}
 * ({@code $DOCKER_CONFIG/config.json}) under {@code auths}, where Berth, Docker and Podman read
 * them (<a href="https://docs.docker.com/reference/cli/docker/login/">docker login</a>). The
 * credentials are checked at the next pull or push, not here.
 */
@Command(name = "login", description = "Store credentials for a registry")
final class LoginCommand extends Verb {
    private static final ObjectMapper JSON = Json.mapper();

    @Option(names = {"-u", "--username"}, description = "Username")
    String username;

    @Option(names = {"-p", "--password"}, description = "Password (prefer --password-stdin)")
    String password;

    @Option(names = "--password-stdin", description = "Take the password from stdin")
    boolean passwordStdin;

    @Parameters(arity = "0..1", paramLabel = "SERVER", description = "Registry host (default docker.io)")
    String server = "docker.io";

    @Override
    public Integer call() throws Exception {
        Console console = System.console();
        if (username == null) {
            username = console == null ? null : console.readLine("Username: ");
        }
        if (passwordStdin) {
            password = new String(System.in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } else if (password == null && console != null) {
            password = new String(console.readPassword("Password: "));
        }
        if (username == null || username.isEmpty() || password == null || password.isEmpty()) {
            throw new IllegalArgumentException("login needs a username and a password (-u and --password-stdin without a terminal)");
        }
        String dir = System.getenv("DOCKER_CONFIG");
        Path file = dir != null && !dir.isEmpty() ? Path.of(dir, "config.json")
                : Path.of(System.getProperty("user.home"), ".docker", "config.json");
        ObjectNode config = Files.isRegularFile(file) ? (ObjectNode) JSON.readTree(file.toFile()) : JSON.createObjectNode();
        // Docker keys Docker Hub by its v1 index URL.
        String key = server.equals("docker.io") ? "https://index.docker.io/v1/" : server;
        ObjectNode auths = config.has("auths") ? (ObjectNode) config.get("auths") : config.putObject("auths");
        auths.putObject(key).put("auth", Base64.getEncoder().encodeToString(
                (username + ":" + password).getBytes(StandardCharsets.UTF_8)));
        Files.createDirectories(file.getParent());
        // Staged owner-only (rw-------): the file holds credentials.
        AtomicFile.replace(file, Json.pretty().writeValueAsBytes(config), file.getParent(),
                PosixFilePermissions.fromString("rw-------"));
        System.out.println("Credentials for " + server + " stored in " + file);
        return 0;
    }
}
