package dev.berth.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a Docker credential helper, {@code docker-credential-<name> get}, with the server URL on
 * stdin, and reads {@code {"ServerURL","Username","Secret"}} from stdout, following the
 * <a href="https://github.com/docker/docker-credential-helpers#development">docker-credential-helpers protocol</a>.
 * A username of {@code <token>} marks the secret as an identity token.
 */
public final class CredentialHelper {
    private static final String NOT_FOUND = "credentials not found";
    private static final int MAX_OUTPUT = 64 * 1024;

    private final Path executable;
    private final Duration timeout;

    /** A helper run from {@code executable}, killed when it takes longer than {@code timeout}. */
    public CredentialHelper(Path executable, Duration timeout) {
        this.executable = executable;
        this.timeout = timeout;
    }

    /** Finds {@code docker-credential-<name>} in {@code searchPath}, or empty. */
    public static Optional<CredentialHelper> find(String name, List<Path> searchPath, Duration timeout) {
        if (!name.matches("[A-Za-z0-9._-]+")) {
            return Optional.empty();
        }
        return searchPath.stream().map(dir -> dir.resolve("docker-credential-" + name))
                .filter(Files::isExecutable).findFirst().map(p -> new CredentialHelper(p, timeout));
    }

    /** The helper's credentials for {@code serverUrl}, or empty when it has none. */
    public Optional<Credentials> get(String serverUrl) throws IOException {
        Process process = new ProcessBuilder(executable.toString(), "get")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        // Read stdout on another thread, so that a helper which hangs cannot outlast the timeout.
        CompletableFuture<byte[]> stdout = new CompletableFuture<>();
        Thread reader = new Thread(() -> readBounded(process.getInputStream(), stdout), "docker-credential-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write((serverUrl + "\n").getBytes(StandardCharsets.UTF_8));
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException(executable.getFileName() + " get did not finish within " + timeout);
            }
            byte[] out = stdout.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            String text = new String(out, StandardCharsets.UTF_8).trim();
            if (process.exitValue() != 0) {
                if (text.toLowerCase(Locale.ROOT).contains(NOT_FOUND)) {
                    return Optional.empty();
                }
                // Helpers print their error on stdout; a failure message carries no secret.
                throw new IOException(executable.getFileName() + " get failed with exit code " + process.exitValue()
                        + ": " + firstLine(text));
            }
            return parse(out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + executable.getFileName(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("could not read the output of " + executable.getFileName(), e);
        } finally {
            process.destroyForcibly();
        }
    }

    private Optional<Credentials> parse(byte[] out) throws IOException {
        JsonNode json = RegistryJson.tryParse(out).orElseThrow(
                () -> new IOException(executable.getFileName() + " get printed something that is not JSON"));
        String username = json.path("Username").asText("");
        String secret = json.path("Secret").asText("");
        if (secret.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("<token>".equals(username) ? Credentials.identityToken("", secret) : Credentials.basic(username, secret));
    }

    private static void readBounded(InputStream in, CompletableFuture<byte[]> into) {
        try (in) {
            byte[] bytes = in.readNBytes(MAX_OUTPUT);
            in.transferTo(OutputStream.nullOutputStream());
            into.complete(bytes);
        } catch (IOException e) {
            into.completeExceptionally(e);
        }
    }

    private static String firstLine(String text) {
        String line = text.lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
