package dev.berth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.namespaces.testing.Leaks;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A JVM that exits normally stops its containers through the shutdown hook, except a detached
 * one, which outlives it with its log and exit status written by its stage-1 helper; another
 * JVM then finds it, reads and follows its log, execs into it, stops and removes it.
 */
class DetachedContainerTest extends BusyboxContainers {

    @Test
    void aDetachedContainerWithATerminalLogsWhatItWritesToIt() throws Exception {
        try (Container c = berth.container(IMAGE).detached(true).tty(true)
                .command("sh", "-c", "test -t 0 && test -t 1 && test -t 2 && echo on-a-tty; stty size; echo err >&2").start()) {
            assertEquals(0, c.waitFor(Duration.ofSeconds(20)).orElseThrow(), c.logs());
            // One stream, as a terminal gives it: the line discipline's \r\n, stderr included.
            assertEquals("on-a-tty\r\n24 80\r\nerr\r\n", c.logs());
            c.remove();
        }
        ContainerException attached = org.junit.jupiter.api.Assertions.assertThrows(ContainerException.class,
                () -> berth.container(IMAGE).tty(true).command("true").start());
        assertTrue(attached.getMessage().contains("terminal(true)"), attached.getMessage());
    }

    @Test
    void aDetachedContainerOutlivesItsJvmAndAnotherJvmManagesIt() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process jvm = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                DetachingJvmMain.class.getName(), home.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line = new BufferedReader(new InputStreamReader(jvm.getInputStream())).readLine();
        assertNotNull(line, "the other JVM exited without starting its containers");
        assertTrue(jvm.waitFor(30, TimeUnit.SECONDS), "the other JVM did not exit");
        assertEquals(0, jvm.exitValue());
        String[] ids = line.split(" ");
        String detachedId = ids[0];
        String attachedId = ids[1];
        long attachedPid = Long.parseLong(ids[2]);

        // The shutdown hook stopped and removed the attached one.
        assertFalse(Files.exists(home.resolve("containers").resolve(attachedId)), "the attached container stayed");
        assertTrue(ProcessHandle.of(attachedPid).map(p -> !p.isAlive()).orElse(true), "its process survived the JVM");

        try (Berth other = Berth.builder().home(home).build()) {
            Container c = other.findContainer(detachedId.substring(0, 10)).orElseThrow();
            assertTrue(c.isRunning(), "the detached container did not outlive its JVM: " + c.state());
            assertTrue(other.listContainers().stream().anyMatch(x -> x.id().equals(detachedId) && x.isRunning()));
            assertEquals("started\n", c.logs());
            assertEquals("inside\n", c.exec("echo", "inside").stdout());
            // Its cgroup, made by the JVM that has gone, is read by name.
            var stats = c.stats().orElseThrow(() -> new AssertionError("no stats for a reattached running container"));
            assertTrue(stats.pidsCurrent().orElseThrow() >= 2, stats.toString()); // the shell and its sleep
            c.stop(Duration.ofSeconds(10));
            ContainerState state = c.state();
            assertFalse(state.running());
            assertEquals(7, state.exitCode(), "the trap's exit code was not recorded: " + state);
            assertEquals("started\nbye\n", c.logs());
            assertTrue(Files.notExists(c.directory().resolve("log.json.writer")), "the log still has a writer");

            // A third look, from state.json and the exit file alone, sees the same end.
            ContainerState seen = other.findContainer(detachedId).orElseThrow().state();
            assertEquals(7, seen.exitCode());
            assertFalse(seen.running());

            assertTrue(other.findContainer("").isEmpty(), "an empty prefix named a container");
            c.remove();
            assertFalse(Files.exists(home.resolve("containers").resolve(detachedId)));
            assertEquals(List.of(), Leaks.cgroups(detachedId.substring(0, 12)));
            assertEquals(List.of(), Leaks.mounts(detachedId));
            assertTrue(other.findContainer(detachedId).isEmpty());
        } finally {
            jvm.destroyForcibly();
        }
    }

    /**
     * The end of a run whose JVM has gone is seen from the exit file alone: exited at the first
     * look, FinishedAt when the helper wrote it (not when another JVM noticed), StartedAt and
     * Created as they were.
     */
    @Test
    void anotherJvmSeesTheExitAtOnceWithTheTimesItHappened() throws Exception {
        Process jvm = detachedExit("0", "sh", "-c", "sleep 1; exit 3");
        String id = new BufferedReader(new InputStreamReader(jvm.getInputStream())).readLine();
        assertNotNull(id, "the other JVM exited without starting its container");
        assertTrue(jvm.waitFor(30, TimeUnit.SECONDS), "the other JVM did not exit");
        Path dir = home.resolve("containers").resolve(id);
        String created = Files.readString(dir.resolve("config.json"));
        String runningState = Files.readString(dir.resolve("state.json"));
        assertTrue(runningState.contains("\"Running\":true"), runningState);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (Files.notExists(dir.resolve("exit")) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Instant exitWritten = Files.getLastModifiedTime(dir.resolve("exit")).toInstant();
        Thread.sleep(1500); // noticed well after the exit
        try (Berth other = Berth.builder().home(home).build()) {
            Container c = other.findContainer(id).orElseThrow();
            ContainerState state = c.state();
            assertEquals(ContainerState.Status.EXITED, state.status(), "not exited at the first look: " + state);
            assertEquals(3, state.exitCode());
            assertEquals(exitWritten, state.finishedAt(), "FinishedAt is not when the process ended");
            Instant started = Instant.parse(
                    runningState.replaceAll(".*\"StartedAt\":\"([^\"]+)\".*", "$1"));
            assertEquals(started, state.startedAt(), "StartedAt changed when another JVM recorded the exit");
            assertTrue(state.startedAt().isBefore(state.finishedAt()), state.toString());
            assertEquals(created, Files.readString(dir.resolve("config.json")), "config.json (Created) was rewritten");
            // What the first look wrote is what a later look reads.
            try (Berth third = Berth.builder().home(home).build()) {
                assertEquals(state, third.findContainer(id).orElseThrow().state());
            }
            c.remove();
        } finally {
            jvm.destroyForcibly();
        }
    }

    /** A container its memory limit kills after its JVM has gone is seen as OOM-killed, not as a bare 137. */
    @Test
    void anotherJvmSeesAnOomKillOfADetachedContainer() throws Exception {
        Process jvm = detachedExit(Long.toString(8L << 20), "sh", "-c", "x=0123456789abcdef; while true; do x=$x$x; done");
        String id = new BufferedReader(new InputStreamReader(jvm.getInputStream())).readLine();
        assertNotNull(id, "the other JVM exited without starting its container");
        assertTrue(jvm.waitFor(30, TimeUnit.SECONDS), "the other JVM did not exit");
        Path exit = home.resolve("containers").resolve(id).resolve("exit");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (Files.notExists(exit) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        try (Berth other = Berth.builder().home(home).build()) {
            Container c = other.findContainer(id).orElseThrow();
            ContainerState state = c.state();
            assertTrue(state.oomKilled(), "not OOM-killed: " + state + ", exit file " + Files.readString(exit));
            assertEquals(137, state.exitCode());
            c.remove();
            assertEquals(List.of(), Leaks.cgroups(id.substring(0, 12)));
        } finally {
            jvm.destroyForcibly();
        }
    }

    /** A JVM that starts a detached container ({@link DetachedExitMain}) and returns. */
    private static Process detachedExit(String memory, String... command) throws java.io.IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> argv = new java.util.ArrayList<>(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                DetachedExitMain.class.getName(), home.toString(), memory));
        argv.addAll(List.of(command));
        return new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }
}
