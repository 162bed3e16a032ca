package dev.berth.overlayfs;

import dev.berth.namespaces.launch.Capability;
import dev.berth.namespaces.launch.LaunchException;
import dev.berth.namespaces.launch.Launcher;
import dev.berth.namespaces.launch.ProcessSpec;
import dev.berth.namespaces.launch.Stdio;
import dev.berth.namespaces.process.ExitStatus;
import dev.berth.namespaces.process.IsolatedProcess;
import dev.berth.namespaces.userns.UserNamespaceMap;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A second JVM, on this JVM's class path, started by the stage-1 helper as root of a user
 * namespace with this user's map: the way Java code of Berth works on files of the user's
 * subordinate ids (a 0700 directory of container uid 1000) without root, as {@code podman
 * unshare} does for shell commands. A running JVM cannot enter a user namespace (it has
 * threads), so the work moves to a fresh one; it costs a JVM start, so callers use it only when
 * a plain attempt would fail.
 */
public final class UserNamespaceJvm {
    private UserNamespaceJvm() {
    }

    /**
     * Runs {@code main}'s {@code main(args)} there with {@code capabilities} over the ids of the
     * map; its stdout goes to {@code out}; returns its stderr.
     *
     * @param what what it does, for the error message ("read the changes in DIR")
     * @throws IOException when it cannot start or does not exit with 0, quoting its stderr
     */
    public static String run(Launcher launcher, UserNamespaceMap map, List<Capability> capabilities, String what,
            OutputStream out, Class<?> main, List<String> args) throws IOException {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx128m", "-Xshare:auto", "-XX:-UsePerfData",
                "-Duser.home=" + System.getProperty("user.home"), "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir")));
        // JNA's settings (where its native part is unpacked, how libc is found) as this JVM has them.
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("jna.")).sorted()
                .forEach(k -> argv.add("-D" + k + "=" + System.getProperty(k)));
        argv.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        argv.addAll(args);
        ProcessSpec spec = ProcessSpec.builder(argv).name("berth-userns-jvm").namespaces(List.of()).userNamespace(map)
                .capabilities(capabilities).env("HOME", System.getProperty("user.home"))
                .stdout(Stdio.pipe()).stderr(Stdio.pipe()).build();
        try (IsolatedProcess p = launcher.launch(spec)) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread drain = new Thread(() -> {
                try {
                    p.stderr().transferTo(err);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, "berth-userns-jvm-stderr");
            drain.setDaemon(true);
            drain.start();
            p.stdout().transferTo(out);
            ExitStatus status = p.waitFor();
            drain.join();
            String said = err.toString(StandardCharsets.UTF_8).strip();
            if (!status.success()) {
                throw new IOException("cannot " + what + " in a user namespace (" + map + "): the JVM there ended with "
                        + status + (said.isEmpty() ? "" : ": " + said));
            }
            return said;
        } catch (LaunchException e) {
            throw new IOException("cannot start a JVM in a user namespace to " + what + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while trying to " + what, e);
        }
    }
}
