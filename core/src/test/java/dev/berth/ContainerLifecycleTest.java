package dev.berth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import dev.berth.log.LogRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Docker's lifecycle beyond run: create then start (from another JVM too), wait conditions,
 * rename, and restart policies.
 */
class ContainerLifecycleTest extends BusyboxContainers {
    private static final Duration LONG = Duration.ofSeconds(30);

    @Test
    void aContainerCreatedByAnotherJvmIsListedAsCreatedAndStartedHere() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process jvm = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                CreatingJvmMain.class.getName(), home.toString(), "made-elsewhere")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String id = new BufferedReader(new InputStreamReader(jvm.getInputStream())).readLine();
        assertNotNull(id, "the other JVM did not create its container");
        assertTrue(jvm.waitFor(60, TimeUnit.SECONDS), "the other JVM did not exit");
        assertEquals(0, jvm.exitValue());

        Container c = berth.findContainer("made-elsewhere").orElseThrow(() -> new AssertionError("not found by name"));
        assertEquals(id, c.id());
        assertEquals(ContainerState.Status.CREATED, c.state().status());
        assertTrue(c.state().started().isEmpty());
        assertTrue(berth.listContainers().stream().anyMatch(x -> x.id().equals(id)
                && x.state().status() == ContainerState.Status.CREATED), "a created container is not listed");
        assertEquals("", c.logs());
        assertTrue(c.created().isBefore(Instant.now()));
        // The name is taken while it is created.
        ContainerNameConflictException taken = assertThrows(ContainerNameConflictException.class,
                () -> berth.container(IMAGE).name("made-elsewhere").command("true").create());
        assertEquals(id, taken.holderId());
        assertTrue(taken.getMessage().contains("already in use"), taken.getMessage());

        assertTrue(c.start());
        assertEquals(3, c.waitFor(LONG).orElseThrow());
        assertEquals("ran\n", c.logs());
        assertEquals(ContainerState.Status.EXITED, c.state().status());
        // Started again: a new run in the same root, the log continued.
        assertTrue(c.start());
        assertEquals(3, c.waitFor(WaitCondition.NEXT_EXIT, LONG).orElseThrow());
        assertEquals("ran\nran\n", c.logs());
        c.remove();
        assertTrue(berth.findContainer("made-elsewhere").isEmpty());
    }

    @Test
    void startingARunningContainerDoesNothingAndAnotherBerthSeesTheStart() throws Exception {
        Container c = berth.container(IMAGE).detached(true).command("sleep", "600").create();
        try (Berth other = Berth.builder().home(home).build()) {
            Container there = other.findContainer(c.id()).orElseThrow();
            assertEquals(ContainerState.Status.CREATED, there.state().status());
            // Waiting for the next exit of a created container waits for its start, made by another Berth.
            CompletableFuture<OptionalInt> nextExit = CompletableFuture.supplyAsync(() -> waitQuietly(c, WaitCondition.NEXT_EXIT));
            assertEquals(0, c.waitFor(WaitCondition.NOT_RUNNING, LONG).orElseThrow(), "not-running holds for a created one");
            assertTrue(there.start());
            assertFalse(there.start(), "a second start launched again");
            assertTrue(c.isRunning(), "this Berth does not see the other's start: " + c.state());
            assertFalse(c.start(), "a start here launched a running container again");
            assertEquals(c.state().pid(), there.state().pid());
            assertTrue(c.waitFor(WaitCondition.NOT_RUNNING, Duration.ofMillis(300)).isEmpty());
            there.kill();
            assertEquals(137, nextExit.get(30, TimeUnit.SECONDS).orElseThrow());
            assertEquals(137, c.waitFor(WaitCondition.NOT_RUNNING, LONG).orElseThrow());
            CompletableFuture<OptionalInt> removed = CompletableFuture.supplyAsync(() -> waitQuietly(c, WaitCondition.REMOVED));
            Thread.sleep(300);
            assertFalse(removed.isDone(), "removed held before the removal");
            there.remove();
            assertEquals(137, removed.get(30, TimeUnit.SECONDS).orElseThrow());
        }
    }

    @Test
    void aWaiterKeepsTheRunItWaitsForAcrossTimeouts() throws Exception {
        Container c = berth.container(IMAGE).detached(true).command("sh", "-c", "sleep 600").start();
        ContainerWait running = c.waiter(WaitCondition.NEXT_EXIT);
        assertTrue(running.await(Duration.ofMillis(100)).isEmpty());
        c.kill();
        Thread.sleep(200);
        // The exit happened between two awaits: it is still the one waited for.
        assertEquals(137, running.await(LONG).orElseThrow());
        ContainerWait next = c.waiter(WaitCondition.NEXT_EXIT);
        assertTrue(next.await(Duration.ofMillis(100)).isEmpty(), "an exited container's next exit came at once");
        assertTrue(c.start());
        c.kill();
        assertEquals(137, next.await(LONG).orElseThrow());
        c.remove();
    }

    @Test
    void aCreatedContainerThatIsNotDetachedGoesWithItsBerthAndAFailedStartLeavesItCreated() throws Exception {
        Container c = berth.container(IMAGE).command("/no/such/command").create();
        ContainerException failed = assertThrows(ContainerException.class, c::start);
        assertEquals(ContainerException.Reason.COMMAND_NOT_FOUND, failed.reason(), failed.getMessage());
        assertEquals(ContainerState.Status.CREATED, c.state().status());
        Path dir = c.directory();
        assertTrue(Files.isDirectory(dir));
        berth.close();
        assertFalse(Files.exists(dir), "closing the Berth left its created container");
        berth = Berth.builder().home(home).build();
    }

    @Test
    void removedWaitsForTheRemovalOfAnAutoRemovedContainer() throws Exception {
        Container c = berth.container(IMAGE).detached(true).autoRemove(true).command("sh", "-c", "sleep 0.3; exit 5").create();
        CompletableFuture<OptionalInt> removed = CompletableFuture.supplyAsync(() -> waitQuietly(c, WaitCondition.REMOVED));
        assertTrue(c.start());
        assertEquals(5, removed.get(30, TimeUnit.SECONDS).orElseThrow());
        assertFalse(Files.exists(c.directory()));
        assertThrows(ContainerException.class, () -> berth.container(IMAGE).autoRemove(true)
                .restartPolicy(RestartPolicy.ALWAYS).command("true").create());
    }

    @Test
    void aRenameIsSeenByOtherBerthsAndNamesStayUnique() throws Exception {
        Container a = berth.container(IMAGE).name("first").detached(true).command("sleep", "600").start();
        Container b = berth.container(IMAGE).name("second").command("true").create();
        try (Berth other = Berth.builder().home(home).build()) {
            Container seen = other.findContainer("first").orElseThrow();
            a.rename("renamed");
            assertEquals("renamed", a.name());
            assertEquals(a.id(), other.findContainer("renamed").orElseThrow().id());
            assertEquals("renamed", seen.name(), "the other Berth's handle kept the old name");
            assertTrue(other.findContainer("first").isEmpty(), "the old name still finds it");
            assertThrows(ContainerNameConflictException.class, () -> b.rename("renamed"));
            assertThrows(IllegalArgumentException.class, () -> b.rename("no/slash"));
            b.rename("first"); // free again
            assertEquals(b.id(), other.findContainer("first").orElseThrow().id());
            a.rename("renamed"); // its own name: no conflict
            assertTrue(a.isRunning());
        } finally {
            a.kill();
            a.remove();
        }
    }

    @Test
    void onFailureRestartsUpToItsMaximumAndCountsTheRestarts() throws Exception {
        Container c = berth.container(IMAGE).detached(true).restartPolicy(RestartPolicy.parse("on-failure:2"))
                .command("sh", "-c", "echo run; exit 4").start();
        long deadline = System.nanoTime() + LONG.toNanos();
        boolean sawRestarting = false;
        while (c.restartCount() < 2 && System.nanoTime() < deadline) {
            sawRestarting |= c.isRestarting();
            Thread.sleep(5);
        }
        assertEquals(2, c.restartCount());
        assertTrue(sawRestarting, "never seen restarting during the backoffs");
        assertEquals(4, c.waitFor(WaitCondition.NOT_RUNNING, LONG).orElseThrow());
        Thread.sleep(1000); // no third run comes
        assertEquals("run\nrun\nrun\n", c.logs());
        try (Berth other = Berth.builder().home(home).build()) {
            assertEquals(2, other.findContainer(c.id()).orElseThrow().restartCount(), "another Berth reads another count");
        }
        assertEquals("on-failure:2", c.restartPolicy().toString());
        c.remove();
    }

    @Test
    void alwaysRestartsAnExitButNotAStop() throws Exception {
        Container c = berth.container(IMAGE).detached(true).restartPolicy(RestartPolicy.ALWAYS)
                .command("sh", "-c", "echo run; sleep 0.2").start();
        long deadline = System.nanoTime() + LONG.toNanos();
        while (c.restartCount() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(c.restartCount() >= 1, "always did not restart");
        // Stopped by the user: not restarted.
        deadline = System.nanoTime() + LONG.toNanos();
        while (!c.isRunning() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        c.stop(Duration.ofSeconds(5));
        int count = c.restartCount();
        Thread.sleep(1500);
        assertFalse(c.isRunning(), "a stopped container was restarted");
        assertEquals(count, c.restartCount());
        // A start re-arms it.
        assertTrue(c.start());
        assertEquals(0, c.restartCount());
        deadline = System.nanoTime() + LONG.toNanos();
        while (c.restartCount() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(c.restartCount() >= 1, "always did not restart after a start");
        c.stop(Duration.ofSeconds(5));
        c.remove();
    }

    @Test
    void restartPoliciesParseAsDockersFlag() {
        assertEquals(RestartPolicy.NO, RestartPolicy.parse("no"));
        assertEquals(RestartPolicy.onFailure(3), RestartPolicy.parse("on-failure:3"));
        assertEquals(RestartPolicy.UNLESS_STOPPED, RestartPolicy.parse("unless-stopped"));
        assertThrows(IllegalArgumentException.class, () -> RestartPolicy.parse("sometimes"));
        assertThrows(IllegalArgumentException.class, () -> RestartPolicy.parse("always:3"));
        assertThrows(IllegalArgumentException.class, () -> RestartPolicy.parse("on-failure:x"));
        assertTrue(RestartPolicy.onFailure(1).restartsAfter(1, 0, false));
        assertFalse(RestartPolicy.onFailure(1).restartsAfter(1, 1, false));
        assertFalse(RestartPolicy.onFailure(0).restartsAfter(0, 0, false));
        assertFalse(RestartPolicy.ALWAYS.restartsAfter(0, 0, true));
        assertEquals(Duration.ofMillis(100), RestartPolicy.nextDelay(null, Duration.ZERO));
        assertEquals(Duration.ofMillis(200), RestartPolicy.nextDelay(Duration.ofMillis(100), Duration.ofSeconds(1)));
        assertEquals(Duration.ofMillis(100), RestartPolicy.nextDelay(Duration.ofMillis(800), Duration.ofSeconds(11)));
        assertEquals(Duration.ofMinutes(1), RestartPolicy.nextDelay(Duration.ofSeconds(50), Duration.ZERO));
        assertEquals(WaitCondition.NEXT_EXIT, WaitCondition.parse("next-exit"));
        assertEquals(WaitCondition.NOT_RUNNING, WaitCondition.parse(""));
        assertThrows(IllegalArgumentException.class, () -> WaitCondition.parse("exited"));
    }

    @Test
    void attachBeforeTheStartGetsTheWholeRunAndItsStdinOnce() throws Exception {
        Container c = berth.container(IMAGE).detached(true).stdin(true).stdinOnce(true)
                .command("sh", "-c", "echo hello; cat; echo err >&2").create();
        try (ContainerAttach a = c.attach(false)) {
            assertFalse(a.awaitRun(Duration.ofMillis(200)), "a created container has no run to attach to");
            assertTrue(c.start());
            assertTrue(a.awaitRun(LONG));
            OutputStream in = a.stdin().orElseThrow();
            in.write("typed\n".getBytes(StandardCharsets.UTF_8));
            in.close(); // StdinOnce: cat sees the end of its input
            StringBuilder out = new StringBuilder();
            StringBuilder err = new StringBuilder();
            a.output().stream().forEach(r -> (r.source() == LogRecord.Source.STDOUT ? out : err).append(r.text()));
            assertEquals("hello\ntyped\n", out.toString());
            assertEquals("err\n", err.toString());
        }
        assertEquals(0, c.waitFor(LONG).orElseThrow());
        c.remove();
    }

    @Test
    void severalAttachesToARunningTerminalAndDetachingLeavesItRunning() throws Exception {
        Container c = berth.container(IMAGE).detached(true).tty(true).stdin(true)
                .command("sh", "-c", "echo before; while read line; do echo \"got $line\"; done").start();
        try {
            ContainerAttach first = c.attach(true);
            assertTrue(first.awaitRun(LONG));
            assertTrue(first.tty());
            // The shell's first line before any input (the terminal echoes typed input at once, so
            // input sent earlier could come out ahead of it), and before the second attach, which
            // is not to replay it.
            String firstSaw = readUntil(first, "before");
            assertTrue(firstSaw.startsWith("before"), firstSaw);
            ContainerAttach second = c.attach(false);
            assertTrue(second.awaitRun(LONG));
            OutputStream in = second.stdin().orElseThrow();
            in.write("one\n".getBytes(StandardCharsets.UTF_8));
            in.close(); // without StdinOnce: stdin stays open
            readUntil(first, "got one");
            assertFalse(readUntil(second, "got one").contains("before"), "logs=false replayed past output");
            first.close();
            second.close();
            assertTrue(c.isRunning(), "detaching stopped it");
            try (ContainerAttach third = c.attach(false)) {
                assertTrue(third.awaitRun(LONG));
                third.stdin().orElseThrow().write("two\n".getBytes(StandardCharsets.UTF_8));
                readUntil(third, "got two");
            }
        } finally {
            c.kill();
            c.remove();
        }
    }

    @Test
    void aTerminalIsResized() throws Exception {
        Container c = berth.container(IMAGE).detached(true).tty(true).stdin(true)
                .command("sh", "-c", "stty size; read line; stty size").start();
        try (ContainerAttach a = c.attach(true)) {
            assertTrue(a.awaitRun(LONG));
            readUntil(a, "24 80");
            c.resizeTerminal(30, 100);
            a.stdin().orElseThrow().write("\n".getBytes(StandardCharsets.UTF_8));
            readUntil(a, "30 100");
        }
        assertEquals(0, c.waitFor(LONG).orElseThrow());
        assertThrows(IllegalStateException.class, () -> c.resizeTerminal(30, 100));
        assertThrows(IllegalArgumentException.class, () -> c.resizeTerminal(0, 100));
        c.remove();
    }

    /** The attach's output until it contains {@code text}. */
    private static String readUntil(ContainerAttach a, String text) throws Exception {
        StringBuilder out = new StringBuilder();
        long deadline = System.nanoTime() + LONG.toNanos();
        while (!out.toString().contains(text)) {
            assertTrue(System.nanoTime() < deadline, "no \"" + text + "\" in " + out);
            a.output().poll(Duration.ofMillis(200)).ifPresent(r -> out.append(r.text()));
        }
        return out.toString();
    }

    private static OptionalInt waitQuietly(Container c, WaitCondition condition) {
        try {
            return c.waitFor(condition, LONG);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
