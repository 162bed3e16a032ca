package dev.berth.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs a program of the host (the docker CLI, docker-compose, {@code script}) with extra
 * environment and captures what it prints, as {@link Cli} does for berth itself.
 */
final class HostCommand {
    /** Debian docker.io's client: the version the scripted runs name. */
    static final String DOCKER = "/usr/bin/docker";
    static final String COMPOSE = "/usr/bin/docker-compose";

    private final Map<String, String> env;
    private final Path dir;

    /** Commands with {@code env} added, run in {@code dir}. */
    HostCommand(Map<String, String> env, Path dir) {
        this.env = env;
        this.dir = dir;
    }

    /** Skips the test, naming the Debian package, where {@code program} is not installed. */
    static void assume(String program, String aptPackage) {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(program)),
                program + " is not installed (apt-get install " + aptPackage + ")");
    }

    Cli.Result run(String... argv) throws IOException, InterruptedException {
        return run(List.of(argv));
    }

    Cli.Result run(List<String> argv) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        Process p = pb.start();
        // Each stream on a thread of its own (not the common pool, one thread on a 2-core machine),
        // so that a client that hangs still meets the timeout.
        java.util.concurrent.Executor thread = r -> {
            Thread t = new Thread(r, "host-command-output");
            t.setDaemon(true);
            t.start();
        };
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> Cli.read(p.getErrorStream()), thread);
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> Cli.read(p.getInputStream()), thread);
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", argv) + " did not finish in 180 s; printed: " + out.join() + err.join());
        }
        return new Cli.Result(p.exitValue(), out.join(), err.join());
    }
}
