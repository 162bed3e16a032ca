package dev.berth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.namespaces.testing.Leaks;
import dev.berth.log.LogQuery;
import dev.berth.wait.Wait;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Real containers from a busybox image, as root: config rules, exec, logs, stop, stats, clean-up. */
class ContainerTest extends BusyboxContainers {
    @Test
    void imageConfigGivesEnvWorkdirAndUserByNameWithCallerEnvOnTop() throws Exception {
        try (Container c = berth.container(IMAGE).env("SHARED", "caller")
                .command("sh", "-c", "echo $FROM_IMAGE $SHARED; id -u; id -g; pwd; echo $HOME; hostname").start()) {
            List<String> lines = run(c).lines().toList();
            assertEquals(List.of("image caller", "1000", "1000", "/srv/app", "/home/user", c.id().substring(0, 12)), lines);
            assertEquals("image", c.labels().get("org.example.origin"));
            assertEquals(List.of(8080), c.exposedPorts());
        }
    }

    @Test
    void entrypointOverrideDropsTheImageCmdAndUserOverrideMayBeNumeric() throws Exception {
        try (Container c = berth.container(IMAGE).entrypoint("sh", "-c", "echo args=$#; id -u").user("4321:99")
                .workdir("/").start()) {
            assertEquals("args=0\n4321\n", run(c));
        }
    }

    @Test
    void execSeesTheContainersProcessesFilesAndEnvironment() throws Exception {
        try (Container c = berth.container(IMAGE).env("GREETING", "hi")
                .command("sh", "-c", "echo data > /tmp/f; echo ready; exec sleep 600")
                .waitingFor(Wait.forLogMessage(".*ready.*", 1)).start()) {
            assertTrue(c.exec("ps").stdout().contains("sleep 600"));
            assertEquals("data\n", c.exec("cat", "/tmp/f").stdout());
            ExecResult asRoot = c.exec(ExecOptions.command("sh", "-c", "id -u; pwd; echo $GREETING $EXTRA")
                    .user("root").workdir("/tmp").env("EXTRA", "more"));
            assertEquals("0\n/tmp\nhi more\n", asRoot.stdout());
            ExecResult failing = c.exec("sh", "-c", "echo oops >&2; exit 3");
            assertEquals(3, failing.exitCode());
            assertEquals("oops\n", failing.stderr());
            // docker exec -i: the input reaches the command, and its end is the command's EOF.
            ExecResult fed = c.exec(ExecOptions.command("sh", "-c", "tr a-z A-Z; echo end")
                    .stdin(new java.io.ByteArrayInputStream("fed through stdin\n".getBytes(java.nio.charset.StandardCharsets.UTF_8))));
            assertEquals("FED THROUGH STDIN\nend\n", fed.stdout(), fed.toString());
        }
    }

    @Test
    void stopOfAProcessIgnoringSigtermEndsWithSigkillAfterTheGracePeriod() throws Exception {
        try (Container c = berth.container(IMAGE).init(false)
                .command("sh", "-c", "trap '' TERM; echo ready; while true; do sleep 1; done")
                .waitingFor(Wait.forLogMessage(".*ready.*", 1)).start()) {
            long t0 = System.nanoTime();
            c.stop(Duration.ofSeconds(1));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= 1000 && ms < 5000, "stop took " + ms + " ms");
            assertFalse(c.state().running());
            assertEquals(128 + 9, c.state().exitCode());
        }
    }

    @Test
    void stopWithInitEndsAShellAtOnceWithSigterm() throws Exception {
        try (Container c = berth.container(IMAGE).command("sleep", "600").start()) {
            long t0 = System.nanoTime();
            c.stop();
            assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "stop waited for the grace period");
            assertEquals(128 + 15, c.state().exitCode());
            assertTrue(c.state().finished().isPresent());
        }
    }

    @Test
    void logsOfBothStreamsSurviveTheContainersExit() throws Exception {
        try (Container c = berth.container(IMAGE)
                .command("sh", "-c", "echo one; echo two >&2; sleep 0.3; echo three; exit 7").start()) {
            assertEquals(7, c.waitFor());
            // Two pipes have no order between them (as in Docker); the pause orders "three".
            assertEquals(List.of("one", "three", "two"), c.logs().lines().sorted().toList());
            assertTrue(c.logs().endsWith("three\n"), c.logs());
            assertEquals("three\n", c.logs(LogQuery.all().tail(1)));
            assertEquals(3, c.followLogs().stream().count());
            String state = Files.readString(c.directory().resolve("state.json"));
            assertTrue(state.contains("\"ExitCode\":7") && state.contains("\"Running\":false"), state);
        }
    }

    @Test
    void statsReportCpuTimeThatGrowsUnderLoad() throws Exception {
        try (Container c = berth.container(IMAGE).memory(64L << 20).pids(32).cpus(0.5)
                .command("sh", "-c", "while :; do :; done").start()) {
            ContainerStats first = c.stats().orElseThrow();
            Thread.sleep(500);
            ContainerStats second = c.stats().orElseThrow();
            assertTrue(second.cpuTimeNanos().getAsLong() > first.cpuTimeNanos().getAsLong() + 50_000_000L,
                    first + " then " + second);
            assertTrue(second.memoryUsageBytes().getAsLong() > 0);
            assertTrue(second.pidsCurrent().getAsLong() >= 1);
        }
    }

    @Test
    void aBadEntrypointFailsNamingExecveAndLeavesNothingBehind() throws Exception {
        List<Path> cgroupsBefore = Leaks.cgroups("berth-");
        ContainerException e = assertThrows(ContainerException.class,
                () -> berth.container(IMAGE).name("bad-entry").entrypoint("/bin/nosuch").start());
        assertTrue(e.step().contains("execve /bin/nosuch"), e.getMessage());
        assertTrue(e.getMessage().contains("bad-entry") && e.getMessage().contains(IMAGE), e.getMessage());
        assertEquals(ContainerException.Reason.COMMAND_NOT_FOUND, e.reason(), e.getMessage());
        assertEquals("execve /bin/nosuch: ENOENT (No such file or directory)", e.failure());
        assertNothingLeft(cgroupsBefore);
    }

    @Test
    void aMissingUserFailsBeforeStartNamingTheUser() throws Exception {
        List<Path> cgroupsBefore = Leaks.cgroups("berth-");
        ContainerException e = assertThrows(ContainerException.class,
                () -> berth.container(IMAGE).user("ghost").start());
        assertTrue(e.step().contains("resolve user") && e.getMessage().contains("ghost"), e.getMessage());
        assertEquals(ContainerException.Reason.OTHER, e.reason(), e.getMessage());
        assertNothingLeft(cgroupsBefore);
    }

    private void assertNothingLeft(List<Path> cgroupsBefore) throws IOException {
        assertEquals(List.of(), containerDirs());
        assertEquals(cgroupsBefore, Leaks.cgroups("berth-"));
        assertEquals(List.of(), Leaks.mounts(home.toString()));
        assertEquals(List.of(), berth.containers());
    }

    private static List<Path> containerDirs() throws IOException {
        Path dir = home.resolve("containers");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void closeLeavesNoDirectoryMountCgroupOrProcess() throws Exception {
        Container c = berth.container(IMAGE).command("sleep", "600").start();
        String shortId = c.id().substring(0, 12);
        int pid = c.state().pid();
        assertTrue(Files.isDirectory(c.directory()));
        assertFalse(Leaks.cgroups(shortId).isEmpty(), "the container has no cgroup to check");
        c.close();
        assertFalse(Files.exists(c.directory()));
        assertFalse(Files.exists(Path.of("/proc/" + pid)));
        assertEquals(List.of(), Leaks.cgroups(shortId));
        assertEquals(List.of(), Leaks.mounts(c.id()));
        assertEquals(List.of(), berth.containers());
    }

    @Test
    void berthCloseStopsAndRemovesTheContainersItStarted() throws Exception {
        Container c = berth.container(IMAGE).command("sleep", "600").start();
        berth.close();
        assertFalse(c.isRunning());
        assertFalse(Files.exists(c.directory()));
    }

    @Test
    void twoContainersOfOneImageRunAtOnceWithSeparateRoots() throws Exception {
        try (Container a = berth.container(IMAGE).hostname("alpha").command("sleep", "600").start();
                Container b = berth.container(IMAGE).hostname("beta").command("sleep", "600").start()) {
            assertEquals("alpha\n", a.exec("hostname").stdout());
            assertEquals("beta\n", b.exec("hostname").stdout());
            a.exec("sh", "-c", "echo mine > /tmp/only-a");
            assertEquals(1, b.exec("cat", "/tmp/only-a").exitCode());
            assertTrue(Files.exists(a.directory().resolve("upper/tmp/only-a")));
        }
    }

    @Test
    void aLogMessageWaitReturnsOnceTheLineIsWritten() throws Exception {
        try (Container c = berth.container(IMAGE).command("sh", "-c", "sleep 1; echo started; exec sleep 600")
                .waitingFor(Wait.forLogMessage(".*started.*", 1)).start()) {
            assertTrue(c.logs().contains("started"));
        }
    }

    /** #18 item 8: whichever strategy waits, attached or detached, the failure says how it ended and what it said last. */
    @Test
    void aContainerThatExitsDuringItsReadinessWaitReportsItsExitCodeAndLastLogLines() throws Exception {
        for (boolean detached : new boolean[] {false, true}) {
            for (dev.berth.wait.WaitStrategy w : List.<dev.berth.wait.WaitStrategy>of(Wait.forLogMessage(".*never.*", 1),
                    Wait.forSuccessfulCommand("test -e /never"))) {
                ContainerException e = assertThrows(ContainerException.class, () -> berth.container(IMAGE).detached(detached)
                        .command("sh", "-c", "echo starting; sleep 1; echo 'fatal: no config file' >&2; exit 3")
                        .waitingFor(w).start());
                String m = e.getMessage();
                assertEquals("wait for readiness", e.step(), m);
                assertTrue(e.getCause() instanceof dev.berth.wait.ContainerNotReadyException, m);
                assertTrue(m.contains("the container exited with code 3"), "detached " + detached + ": " + m);
                assertTrue(m.contains("starting\nfatal: no config file\n"), "detached " + detached + ": " + m);
            }
        }
        assertEquals(List.of(), containerDirs());
    }

    @Test
    void aWaitThatCannotSucceedFailsTheStartAndRemovesTheContainer() throws Exception {
        ContainerException e = assertThrows(ContainerException.class, () -> berth.container(IMAGE)
                .command("sh", "-c", "echo bye").waitingFor(Wait.forLogMessage(".*never.*", 1)).start());
        assertEquals("wait for readiness", e.step());
        assertEquals(List.of(), containerDirs());
    }
}
