package dev.berth.registry.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real registry (Debian's {@code docker-registry}, distribution 2.8) on a free
 * {@code 127.0.0.1} port with its storage in a given directory, without authentication, with
 * htpasswd (Basic) or with token authentication against a {@link TokenServer}. {@link #close()}
 * stops it (SIGTERM, then SIGKILL) and waits for it. Reusable outside JUnit, for benches:
 * {@code main} starts one, prints its host and runs until stdin closes.
 */
public final class LocalRegistry implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final String host;
    private final Path dir;
    private final Thread shutdownHook;

    private LocalRegistry(Process process, String host, Path dir) {
        this.process = process;
        this.host = host;
        this.dir = dir;
        this.shutdownHook = new Thread(process::destroyForcibly, "stop-docker-registry");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** True when {@code docker-registry} is on PATH. */
    public static boolean available() {
        return ExternalCommand.find("docker-registry").isPresent();
    }

    /** A registry without authentication. */
    public static LocalRegistry start(Path dir) throws IOException {
        return start(dir, "");
    }

    /** A registry with Basic authentication for one user (htpasswd with bcrypt, which distribution requires). */
    public static LocalRegistry startWithHtpasswd(Path dir, String user, String password) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("htpasswd");
        String line = ExternalCommand.run(Duration.ofSeconds(30), List.of("htpasswd", "-Bbn", user, password)).trim();
        Files.writeString(file, line + "\n");
        return start(dir, "auth:\n  htpasswd:\n    realm: berth-test\n    path: " + file + "\n");
    }

    /** A registry that trusts tokens from {@code tokens}. */
    public static LocalRegistry startWithTokens(Path dir, TokenServer tokens) throws IOException {
        Files.createDirectories(dir);
        Path bundle = dir.resolve("token-root.pem");
        Files.writeString(bundle, tokens.certificatePem());
        return start(dir, "auth:\n  token:\n    realm: " + tokens.realm() + "\n    service: " + tokens.service()
                + "\n    issuer: " + tokens.issuer() + "\n    rootcertbundle: " + bundle + "\n");
    }

    private static LocalRegistry start(Path dir, String authConfig) throws IOException {
        Files.createDirectories(dir.resolve("data"));
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            // The port is free when picked; another process may grab it before the registry binds, so try again.
            int port = freePort();
            Path config = dir.resolve("config.yml");
            Files.writeString(config, config(dir, port, authConfig));
            Process p = new ProcessBuilder("docker-registry", "serve", config.toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("registry.log").toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            LocalRegistry registry = new LocalRegistry(p, "127.0.0.1:" + port, dir);
            try {
                registry.awaitReady();
                return registry;
            } catch (IOException e) {
                registry.close();
                last = e;
            }
        }
        throw last;
    }

    private static String config(Path dir, int port, String authConfig) {
        return "version: 0.1\n"
                + "log:\n  level: info\n  fields:\n    service: registry\n"
                + "storage:\n  filesystem:\n    rootdirectory: " + dir.resolve("data") + "\n  delete:\n    enabled: true\n"
                + "  cache:\n    blobdescriptor: inmemory\n"
                + "http:\n  addr: 127.0.0.1:" + port + "\n  headers:\n    X-Content-Type-Options: [nosniff]\n"
                + authConfig;
    }

    private void awaitReady() throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).version(HttpClient.Version.HTTP_1_1).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("docker-registry exited with " + process.exitValue() + ": " + log());
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://" + host + "/v2/"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200 || r.statusCode() == 401) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for docker-registry", e);
            }
            sleep(50);
        }
        throw new IOException("docker-registry did not answer /v2/ within " + START_TIMEOUT + ": " + log());
    }

    /** {@code 127.0.0.1:<port>}. */
    public String host() {
        return host;
    }

    /** The registry's own log, for failure messages. */
    public String log() throws IOException {
        Path log = dir.resolve("registry.log");
        if (!Files.exists(log)) {
            return "";
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    /** True while the process runs. */
    public boolean isRunning() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook runs anyway.
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Starts a registry without auth in {@code args[0]} (or a temp dir), prints its host, stops when stdin closes. */
    public static void main(String[] args) throws IOException {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("berth-registry");
        try (LocalRegistry registry = start(dir)) {
            System.out.println(registry.host());
            System.out.flush();
            System.in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }
}
