package dev.berth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.namespaces.testing.Leaks;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docker run --rm} without a daemon: a container marked {@link ContainerBuilder#autoRemove}
 * is removed once it exits, by the JVM that started it, by one that reattached it, or, when it
 * exited with nobody watching, by the next {@link Berth} opened on the store.
 */
class AutoRemoveTest extends BusyboxContainers {

    @Test
    void aContainerThatExitsIsRemovedWithoutClose() throws Exception {
        Container c = berth.container(IMAGE).autoRemove(true).command("sh", "-c", "exit 4").start();
        assertEquals(4, c.waitFor());
        assertGone(c.id());
        // The removal deletes the directory and then forgets the container, off the watcher thread.
        for (int i = 0; i < 100 && !berth.containers().isEmpty(); i++) {
            Thread.sleep(20);
        }
        assertTrue(berth.containers().isEmpty(), "the Berth still holds it");
        c.close(); // a no-op now
    }

    @Test
    void stopReturnsOnceTheContainerIsRemoved() throws Exception {
        Container c = berth.container(IMAGE).detached(true).autoRemove(true).command("sleep", "600").start();
        IllegalStateException restart = assertThrows(IllegalStateException.class, () -> c.restart(Duration.ofSeconds(1)));
        assertTrue(restart.getMessage().contains("--rm"), restart.getMessage());
        c.stop(Duration.ofSeconds(5));
        assertFalse(Files.exists(home.resolve("containers").resolve(c.id())), "stop returned before the removal");
        assertEquals(List.of(), Leaks.mounts(c.id()));
        assertEquals(List.of(), Leaks.cgroups(c.id().substring(0, 12)));
    }

    @Test
    void detachedContainersWhoseJvmHasGoneAreRemovedByTheNextBerthThatSeesThemExit(@TempDir Path flags)
            throws Exception {
        Files.setPosixFilePermissions(flags, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process jvm = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                AutoRemovingJvmMain.class.getName(), home.toString(), "a", "b", flags.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line = new BufferedReader(new InputStreamReader(jvm.getInputStream())).readLine();
        assertNotNull(line, "the other JVM exited without starting its containers");
        assertTrue(jvm.waitFor(30, TimeUnit.SECONDS), "the other JVM did not exit");
        String[] ids = line.split(" ");
        try (Berth other = Berth.builder().home(home).build()) {
            // Running, both stay; the one this Berth reattaches is removed by it when it exits.
            Container a = other.findContainer(ids[0]).orElseThrow();
            assertTrue(a.isRunning(), a.state().toString());
            Files.createFile(flags.resolve("a"));
            assertEquals(0, a.waitFor(Duration.ofSeconds(20)).orElseThrow());
            assertGone(ids[0]);
            // Nobody watches the other: its stage-1 helper records the exit, and it stays until a
            // Berth sees it, here the next one opened on the store.
            Files.createFile(flags.resolve("b"));
            Path exit = home.resolve("containers").resolve(ids[1]).resolve("exit");
            for (int i = 0; i < 200 && !Files.exists(exit); i++) {
                Thread.sleep(50);
            }
            assertTrue(Files.exists(exit), "the helper did not record the exit");
        }
        try (dev.berth.testing.CapturedLog recovery = dev.berth.testing.CapturedLog.of(ContainerRecovery.class);
                Berth next = Berth.builder().home(home).build()) {
            assertFalse(Files.exists(home.resolve("containers").resolve(ids[1])), "Berth.open left the exited --rm container");
            // What --rm asked for is not reported as the cleanup of a JVM that died.
            assertEquals(List.of(), recovery.records().stream().filter(r -> r.getLevel().intValue() >= Level.INFO.intValue())
                    .map(LogRecord::getMessage).toList());
            assertTrue(next.listContainers().isEmpty(), next.listContainers().toString());
        } finally {
            jvm.destroyForcibly();
        }
        assertEquals(List.of(), Leaks.mounts(ids[1]));
    }

    /** The removal follows the exit on another thread; waits a little for it. */
    private static void assertGone(String id) throws Exception {
        Path dir = home.resolve("containers").resolve(id);
        for (int i = 0; i < 100 && Files.exists(dir); i++) {
            Thread.sleep(20);
        }
        assertFalse(Files.exists(dir), "the --rm container " + id + " was not removed");
        assertEquals(List.of(), Leaks.mounts(id));
    }
}
