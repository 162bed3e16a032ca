package dev.berth.cli;

import dev.berth.Berth;
import dev.berth.LoginRefusedException;
import java.io.Console;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth login}: stores a registry's credentials in {@code ~/.docker/config.json}
 * ({@code $DOCKER_CONFIG/config.json}) under {@code auths}, where Berth, Docker and Podman read
 * them (<a href="https://docs.docker.com/reference/cli/docker/login/">docker login</a>), once the
 * registry has accepted them ({@code GET /v2/}, Basic or token flow). Refused credentials are
 * {@code Error: login attempt to URL failed with status: 401 Unauthorized}, exit 1, and nothing
 * is written.
 */
@Command(name = "login", description = "Store credentials for a registry")
final class LoginCommand extends Verb {
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
        boolean passwordOption = password != null;
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
        if (!passwordStdin && passwordOption) {
            System.err.println("WARNING! Using --password via the CLI is insecure. Use --password-stdin.");
        }
        Path file;
        try {
            file = Berth.login(server, username, password);
        } catch (LoginRefusedException e) {
            System.err.println("Error: " + e.getMessage());
            return 1;
        }
        System.err.println("WARNING! Your credentials are stored unencrypted in '" + file + "'.");
        System.out.println("Login Succeeded");
        return 0;
    }
}
