package dev.berth.dockerapi.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The docker CLI of this machine ({@code /usr/bin/docker}) pointed at a server's socket. */
public final class DockerCli {
    public static final Path BINARY = Path.of("/usr/bin/docker");

    private final Path socket;
    private final Path config;

    /** {@code config}: a private DOCKER_CONFIG directory, so the user's is neither read nor written. */
    public DockerCli(Path socket, Path config) {
        this.socket = socket;
        this.config = config;
    }

    /** What one command printed and how it ended. */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    /** Runs {@code docker ARGS} to its end (at most a minute). */
    public Result run(String... args) throws IOException, InterruptedException {
        Process p = start(args);
        p.getOutputStream().close();
        var out = p.getInputStream();
        var err = p.getErrorStream();
        byte[][] both = new byte[2][];
        Thread t = new Thread(() -> {
            try {
                both[1] = err.readAllBytes();
            } catch (IOException e) {
                both[1] = new byte[0];
            }
        });
        t.start();
        both[0] = out.readAllBytes();
        t.join();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("docker " + String.join(" ", args) + " did not finish in 60 s");
        }
        return new Result(p.exitValue(), new String(both[0], StandardCharsets.UTF_8), new String(both[1], StandardCharsets.UTF_8));
    }

    /** Starts {@code docker ARGS}; the caller reads and ends it. */
    public Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--config", config.toString(), "-H", "unix://" + socket));
        command.addAll(List.of(args));
        ProcessBuilder b = new ProcessBuilder(command);
        b.environment().remove("DOCKER_HOST");
        b.environment().remove("DOCKER_CONTEXT");
        return b.start();
    }
}
