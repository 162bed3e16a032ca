package dev.berth.testing;

import dev.berth.overlayfs.FileTrees;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The unprivileged user ({@value #NAME}, or one named by the suite) that rootless tests run a JVM
 * as: created once (with {@code /etc/subuid} and {@code /etc/subgid} ranges) and kept for later
 * runs, with a work directory of its own that {@link #close()} removes together with any process
 * the user still has. Needs root; the test JVM's classpath is copied where the user can read it
 * (the Maven repository is root's).
 */
public final class UnprivilegedUser implements AutoCloseable {
    public static final String NAME = "berthtest";

    private final String name;
    private final Path work;
    private String classpath;

    private UnprivilegedUser(String name, Path work) {
        this.name = name;
        this.work = work;
    }

    /** Creates {@value #NAME} where it is missing and a fresh work directory (root's, readable by all). */
    public static UnprivilegedUser create() throws IOException {
        return create(NAME, 300000);
    }

    /**
     * As {@link #create()} for a user of its own: {@link #close()} kills every process of its user,
     * so a suite that may run beside others using {@value #NAME} (another build on the same
     * machine) needs its own. Its subordinate ids are those useradd allocates (Debian's does, from
     * {@code SUB_UID_MIN}), else 65536 from {@code subordinateStart}.
     */
    public static UnprivilegedUser create(String name, int subordinateStart) throws IOException {
        if (run("id", "-u", name).exitCode != 0) {
            Result r = run("useradd", "--no-create-home", "--shell", "/bin/sh", name);
            check(r, "useradd");
        }
        if (!subordinateLine(Path.of("/etc/subuid"), name) || !subordinateLine(Path.of("/etc/subgid"), name)) {
            String range = subordinateStart + "-" + (subordinateStart + 65535);
            check(run("usermod", "--add-subuids", range, "--add-subgids", range, name), "usermod");
        }
        Path work = Files.createTempDirectory("berth-rootless-");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new UnprivilegedUser(name, work);
    }

    /** The user's name. */
    public String name() {
        return name;
    }

    /** The work directory: root's, so the user cannot write it, except in its {@link #directory}s. */
    public Path work() {
        return work;
    }

    /** A new directory under the work directory, mode 0700 and owned by the user. */
    public Path directory(String name) throws IOException {
        Path d = Files.createDirectory(work.resolve(name));
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwx------"));
        chown(d);
        return d;
    }

    /** Gives {@code p} and everything below it to the user. */
    public void chown(Path p) throws IOException {
        check(run("chown", "-R", name + ":" + name, p.toString()), "chown");
    }

    /**
     * Runs {@code mainClass} with {@code args} in a JVM of the user, with this JVM's classpath,
     * {@code HOME} and {@code XDG_DATA_HOME} set to {@code home} and {@code XDG_RUNTIME_DIR} to
     * {@code runtime}; returns its exit code and its output (stdout and stderr together), or
     * exit code -1 after killing it when it did not finish in time.
     */
    public Result runJava(Path home, Path runtime, Duration timeout, String mainClass, String... args)
            throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> argv = new ArrayList<>(List.of("setpriv", "--reuid=" + name, "--regid=" + name, "--init-groups", "--",
                java, "-XX:-UsePerfData", "-cp", classpath(), mainClass));
        argv.addAll(List.of(args));
        Path log = Files.createTempFile(work, "jvm-", ".log");
        ProcessBuilder pb = new ProcessBuilder(argv).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin");
        env.put("HOME", home.toString());
        env.put("USER", name);
        env.put("XDG_DATA_HOME", home.toString());
        env.put("XDG_RUNTIME_DIR", runtime.toString());
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            return new Result(-1, Files.readString(log) + "\n(killed: did not finish in " + timeout.toSeconds() + " s)\n");
        }
        return new Result(p.exitValue(), Files.readString(log));
    }

    /** Kills what the user still runs (its JVM's helpers, had anything gone wrong) and removes the work directory. */
    @Override
    public void close() throws IOException {
        killProcesses();
        FileTrees.delete(work);
    }

    /** A process's exit code and output. */
    public record Result(int exitCode, String output) {
    }

    private synchronized String classpath() throws IOException {
        if (classpath == null) {
            Path dir = Files.createDirectories(work.resolve("cp/classes"));
            List<String> cp = new ArrayList<>();
            int n = 0;
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                Path from = Path.of(entry);
                if (Files.isDirectory(from)) {
                    Path to = dir.resolve(String.format("%03d", n++));
                    copyTree(from, to);
                    cp.add(to.toString());
                } else if (Files.isRegularFile(from)) {
                    Path to = dir.getParent().resolve(String.format("%03d-", n++) + from.getFileName());
                    Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
                    cp.add(to.toString());
                }
            }
            check(run("chmod", "-R", "a+rX", dir.getParent().toString()), "chmod");
            classpath = String.join(File.pathSeparator, cp);
        }
        return classpath;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static boolean subordinateLine(Path file, String name) throws IOException {
        return Files.exists(file) && Files.readAllLines(file).stream().anyMatch(l -> l.startsWith(name + ":"));
    }

    private void killProcesses() throws IOException {
        String uid = run("id", "-u", name).output.trim();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                if (p.getFileName().toString().matches("\\d+")) {
                    try {
                        if (String.valueOf(Files.getAttribute(p, "unix:uid")).equals(uid)) {
                            ProcessHandle.of(Long.parseLong(p.getFileName().toString())).ifPresent(ProcessHandle::destroyForcibly);
                        }
                    } catch (IOException gone) {
                        // exited meanwhile
                    }
                }
            }
        }
    }

    private static void check(Result r, String what) throws IOException {
        if (r.exitCode != 0) {
            throw new IOException(what + " failed (exit " + r.exitCode + "): " + r.output);
        }
    }

    /** Runs a host command as root and returns its exit code and output. */
    public static Result run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            return new Result(p.waitFor(), out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
    }
}
