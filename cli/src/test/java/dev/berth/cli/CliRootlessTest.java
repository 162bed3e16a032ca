package dev.berth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.namespaces.testing.Leaks;
import dev.berth.namespaces.testing.RequiresRoot;
import dev.berth.testing.UnprivilegedUser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The newcomer's two steps without root: {@code berth demo}, then {@code berth run --rm
 * localhost/berth-demo ...}, as an unprivileged user ({@link UnprivilegedUser}) with the store in
 * its {@code XDG_DATA_HOME}. Needs root to create the user.
 */
@RequiresRoot("creates the unprivileged host user the CLI runs as")
class CliRootlessTest {
    @Test
    void demoThenRunAsAnUnprivilegedUser() throws Exception {
        try (UnprivilegedUser user = UnprivilegedUser.create()) {
            Path data = user.directory("data");
            Path runtime = user.directory("run");
            UnprivilegedUser.Result demo = user.runJava(data, runtime, Duration.ofSeconds(180), Main.class.getName(), "demo");
            assertEquals(0, demo.exitCode(), demo.output());
            assertTrue(demo.output().contains("| hello from berth-demo"), demo.output());
            // Container root is the user, not the host's root.
            assertTrue(demo.output().contains(", uid 0\n"), demo.output());
            assertTrue(Files.isDirectory(data.resolve("berth/containers")), "the store is not under XDG_DATA_HOME");

            UnprivilegedUser.Result run = user.runJava(data, runtime, Duration.ofSeconds(120), Main.class.getName(),
                    "run", "--rm", "localhost/berth-demo", "sh", "-c", "echo hello from $(hostname); cat /proc/self/uid_map");
            assertEquals(0, run.exitCode(), run.output());
            List<String> lines = run.output().lines().toList();
            assertTrue(lines.get(0).startsWith("hello from "), run.output());
            String uid = UnprivilegedUser.run("id", "-u", UnprivilegedUser.NAME).output().strip();
            assertEquals(List.of("0", uid, "1"), List.of(lines.get(1).strip().split("\\s+")), run.output());

            UnprivilegedUser.Result ps = user.runJava(data, runtime, Duration.ofSeconds(60), Main.class.getName(), "ps", "-a", "-q");
            assertEquals("", ps.output().strip(), "--rm left a container: " + ps.output());
            assertEquals(List.of(), Leaks.mounts(user.work().toString()));
        }
    }

    @Test
    void aUserWhoseSubordinateLinesAreRepeatedStillRuns() throws Exception {
        Path subuid = Path.of("/etc/subuid");
        Path subgid = Path.of("/etc/subgid");
        byte[] uids = Files.readAllBytes(subuid);
        byte[] gids = Files.readAllBytes(subgid);
        try (UnprivilegedUser user = UnprivilegedUser.create()) {
            // Each line of the user's again, as a second tool adding the same range leaves them:
            // shadow's newuidmap accepts the file, and the map must still be one the kernel takes.
            for (Path file : List.of(subuid, subgid)) {
                String mine = Files.readAllLines(file).stream().filter(l -> l.startsWith(UnprivilegedUser.NAME + ":"))
                        .map(l -> l + "\n").reduce("", String::concat);
                assertTrue(!mine.isEmpty(), "no line of " + UnprivilegedUser.NAME + " in " + file);
                Files.writeString(file, mine, java.nio.file.StandardOpenOption.APPEND);
            }
            Path data = user.directory("data");
            Path runtime = user.directory("run");
            UnprivilegedUser.Result demo = user.runJava(data, runtime, Duration.ofSeconds(180), Main.class.getName(), "demo");
            assertEquals(0, demo.exitCode(), demo.output());
            UnprivilegedUser.Result run = user.runJava(data, runtime, Duration.ofSeconds(120), Main.class.getName(),
                    "run", "--rm", "localhost/berth-demo", "cat", "/proc/self/uid_map");
            assertEquals(0, run.exitCode(), run.output());
            List<String> map = run.output().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
            assertEquals(2, map.size(), "the user's own id and its range, once: " + run.output());
        } finally {
            Files.write(subuid, uids);
            Files.write(subgid, gids);
        }
    }
}
