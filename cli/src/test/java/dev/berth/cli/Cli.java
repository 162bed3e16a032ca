package dev.berth.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs {@code berth} as a separate process on one home, as a user would, and captures what it prints. */
final class Cli {
    private final Path home;
    private final java.util.Map<String, String> env;

    Cli(Path home) {
        this(home, java.util.Map.of());
    }

    /** With {@code env} added to the environment of each command. */
    Cli(Path home, java.util.Map<String, String> env) {
        this.home = home;
        this.env = env;
    }

    /** What one command printed and its exit code. */
    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    static List<String> java() {
        return List.of(ProcessHandle.current().info().command().orElseThrow(), "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName());
    }

    Result run(String... args) throws IOException, InterruptedException {
        return runWithInput((byte[]) null, args);
    }

    /** With {@code input} on its stdin (null: /dev/null), e.g. the answer to a question. */
    Result runWithInput(String input, String... args) throws IOException, InterruptedException {
        return runWithInput(input == null ? null : input.getBytes(StandardCharsets.UTF_8), args);
    }

    /** As {@link #run}, with {@code input} on its stdin (null: /dev/null). */
    Result runWithInput(byte[] input, String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(java());
        argv.add("--home");
        argv.add(home.toString());
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv);
        if (input == null) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        pb.environment().putAll(env);
        Process p = pb.start();
        if (input != null) {
            try (var in = p.getOutputStream()) {
                in.write(input);
            }
        }
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        String out = read(p.getInputStream());
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("berth " + String.join(" ", args) + " did not finish in 120 s");
        }
        return new Result(p.exitValue(), out, err.join());
    }

    static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
