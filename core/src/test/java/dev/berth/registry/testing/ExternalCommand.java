package dev.berth.registry.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a host tool with a time limit and returns its output; finds tools on {@code PATH}. */
public final class ExternalCommand {
    private ExternalCommand() {
    }

    /** The tool's path when it is on {@code PATH}. */
    public static java.util.Optional<Path> find(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, tool);
            if (Files.isExecutable(candidate)) {
                return java.util.Optional.of(candidate);
            }
        }
        return java.util.Optional.empty();
    }

    /** Runs the command; returns stdout and stderr together, or throws with them when it fails or overruns. */
    public static String run(Duration timeout, List<String> command) throws IOException {
        Path log = Files.createTempFile("berth-cmd", ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IOException(command.get(0) + " did not finish within " + timeout + ": " + read(log));
            }
            String out = read(log);
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", command.subList(0, Math.min(3, command.size()))) + " … exited with "
                        + p.exitValue() + ": " + out);
            }
            return out;
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static String read(Path log) throws IOException {
        return new String(Files.readAllBytes(log), StandardCharsets.UTF_8).trim();
    }
}
