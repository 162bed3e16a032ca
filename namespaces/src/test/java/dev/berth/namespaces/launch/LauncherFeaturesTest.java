package dev.berth.namespaces.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.namespaces.Namespace;
import dev.berth.namespaces.cgroup.CgroupLimits;
import dev.berth.namespaces.cgroup.CgroupStats;
import dev.berth.namespaces.linux.LinuxSyscalls;
import dev.berth.namespaces.process.ExitStatus;
import dev.berth.namespaces.process.IsolatedProcess;
import dev.berth.namespaces.process.ProcessWatcher;
import dev.berth.namespaces.process.StreamSink;
import dev.berth.namespaces.testing.Leaks;
import dev.berth.namespaces.testing.Ran;
import dev.berth.namespaces.testing.RequiresRoot;
import dev.berth.namespaces.testing.Sandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Launch features beyond the basics: time namespace, file output, futures, stats, fallbacks. */
@RequiresRoot("launches processes in new namespaces on an overlay root")
class LauncherFeaturesTest {
    @TempDir
    static Path tmp;
    static Sandbox sandbox;

    @BeforeAll
    static void setUp() throws IOException {
        sandbox = Sandbox.shared();
    }

    @Test
    void createsATimeNamespaceWhenAsked() throws Exception {
        EnumSet<Namespace.Type> types = EnumSet.of(Namespace.Type.MNT, Namespace.Type.PID, Namespace.Type.TIME);
        Ran r = Ran.run(sandbox.spec("readlink", "/proc/self/ns/time").namespaces(types).build());
        assertTrue(r.stdout().startsWith("time:["), r.toString());
        assertNotEquals(Files.readSymbolicLink(Path.of("/proc/self/ns/time")).toString(), r.stdout().trim());
    }

    /** Collects a stream on the watcher thread, as a container log does. */
    private static final class Collected implements StreamSink {
        final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
        final List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile int opened;

        @Override
        public void opened() {
            opened++;
        }

        @Override
        public void write(byte[] b, int length) {
            threads.add(Thread.currentThread().getName());
            bytes.write(b, 0, length);
        }

        @Override
        public void closed() {
            closed.countDown();
        }
    }

    @Test
    void outputDrainedIntoSinksArrivesWholeOnTheWatcherThread() throws Exception {
        Collected out = new Collected();
        Collected err = new Collected();
        // 300,000 bytes overflow the pipe several times: the drain must keep up until EOF.
        try (IsolatedProcess p = Launcher.system().launch(sandbox.spec("sh", "-c",
                "echo first; echo to-err >&2; yes 0123456789 | head -c 300000; echo; echo last")
                .stdout(Stdio.sink(out)).stderr(Stdio.sink(err)).build())) {
            assertEquals(0, p.waitFor().exitCode());
            assertThrows(IllegalStateException.class, p::stdout, "stdout went to a sink, not a stream");
        }
        assertTrue(out.closed.await(5, TimeUnit.SECONDS), "stdout's end never came");
        assertTrue(err.closed.await(5, TimeUnit.SECONDS), "stderr's end never came");
        String text = out.bytes.toString();
        assertTrue(text.startsWith("first\n0123456789\n"), text.substring(0, 40));
        assertTrue(text.endsWith("\nlast\n"), text.substring(text.length() - 40));
        assertEquals("first\n".length() + 300000 + "\nlast\n".length(), text.length());
        assertEquals("to-err\n", err.bytes.toString());
        assertEquals(1, out.opened);
        assertEquals(List.of("berth-process-watcher"), out.threads.stream().distinct().toList());
    }

    @Test
    void theHelperWritesAJsonFileLogAndTheExitStatusItself() throws Exception {
        Path log = tmp.resolve("helper-log.json");
        Path exit = tmp.resolve("helper-exit");
        try (IsolatedProcess p = Launcher.system().launch(sandbox.spec("sh", "-c",
                "echo 'say \"hi\"'; printf 'tab\\tbell\\007\\n' >&2; printf '\\377raw\\n'; head -c 20000 /dev/zero | tr '\\0' x;"
                        + " printf 'no newline'; exit 3")
                .logFile(log).exitFile(exit).dieWithParent(false).build())) {
            assertEquals(3, p.waitFor().exitCode());
            assertThrows(IllegalStateException.class, p::stdout, "the helper has the output");
        }
        List<String> lines = Files.readAllLines(log);
        String time = "\"time\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z\"";
        assertTrue(lines.get(0).matches("\\{\"log\":\"say \\\\\"hi\\\\\"\\\\n\",\"stream\":\"stdout\"," + time + "}"), lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("{\"log\":\"tab\\t" + "bell\\u0007\\n\",\"stream\":\"stderr\"")),
                lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("{\"log\":\"\ufffdraw\\n\"") && l.contains("\"log_base64\":\"/3Jhdwo=\"")),
                lines.toString());
        // 20,000 x and no newline: one record of 16 KiB, then the rest with what follows, at EOF.
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("{\"log\":\"" + "x".repeat(16384) + "\"")), "no 16 KiB record");
        assertTrue(lines.get(lines.size() - 1).startsWith("{\"log\":\"" + "x".repeat(20000 - 16384) + "no newline\""),
                lines.get(lines.size() - 1).substring(0, 40));
        assertEquals("exit 3\n", Files.readString(exit));
        assertTrue(Files.notExists(tmp.resolve("helper-log.json.writer")), "the writer marker stayed");
    }

    @Test
    void aLaunchThatFailsNeverOpensItsSinks() {
        Collected out = new Collected();
        assertThrows(LaunchException.class, () -> Launcher.system().launch(sandbox.spec("/bin/nosuch")
                .stdout(Stdio.sink(out)).build()).waitFor());
        assertEquals(0, out.opened);
    }

    @Test
    void stdoutAndStderrCanGoToFiles() throws Exception {
        Path out = tmp.resolve("out.log");
        Path err = tmp.resolve("err.log");
        Files.writeString(out, "kept\n");
        try (IsolatedProcess p = Launcher.system().launch(sandbox.spec("sh", "-c", "echo to-out; echo to-err >&2")
                .stdout(Stdio.file(out, true)).stderr(Stdio.file(err, false)).build())) {
            assertEquals(0, p.waitFor().exitCode());
            assertThrows(IllegalStateException.class, p::stdout, "stdout is a file, not a pipe");
        }
        assertEquals("kept\nto-out\n", Files.readString(out));
        assertEquals("to-err\n", Files.readString(err));
    }

    @Test
    void onExitCompletesWithTheStatusAndTimesAreRecorded() throws Exception {
        try (IsolatedProcess p = Launcher.system().launch(sandbox.spec("sh", "-c", "exit 4").build())) {
            ExitStatus st = p.onExit().get(30, TimeUnit.SECONDS);
            assertEquals(ExitStatus.exited(4), st);
            assertEquals(st, p.exitStatus().orElseThrow());
            assertTrue(!p.finishedAt().orElseThrow().isBefore(p.startedAt()));
            assertTrue(p.stats().isEmpty(), "no stats after the exit");
        }
    }

    @Test
    void statsMoveUnderLoadAndTheCpuLimitIsWritten() throws Exception {
        CgroupLimits limits = CgroupLimits.builder().cpus(0.5).memoryBytes(64L << 20).pidsMax(32).build();
        try (IsolatedProcess p = Launcher.system().launch(sandbox.spec("sh", "-c", "echo go; while :; do :; done")
                .limits(limits).build())) {
            assertEquals('g', p.stdout().read());
            Thread.sleep(300);
            CgroupStats first = p.stats().orElseThrow();
            Thread.sleep(300);
            CgroupStats second = p.stats().orElseThrow();
            assertTrue(second.cpuTimeNanos().getAsLong() > first.cpuTimeNanos().getAsLong(), first + " then " + second);
            assertTrue(second.memoryUsageBytes().getAsLong() > 0, second.toString());
            assertEquals(1, second.pidsCurrent().getAsLong(), second.toString());
            Path cpuDir = p.cgroupProcsFiles().stream().map(Path::getParent)
                    .filter(d -> Files.exists(d.resolve("cpu.cfs_quota_us")) || Files.exists(d.resolve("cpu.max")))
                    .findFirst().orElseThrow();
            String quota = Files.exists(cpuDir.resolve("cpu.max")) ? Files.readString(cpuDir.resolve("cpu.max")).trim()
                    : Files.readString(cpuDir.resolve("cpu.cfs_quota_us")).trim() + " "
                            + Files.readString(cpuDir.resolve("cpu.cfs_period_us")).trim();
            assertEquals("50000 100000", quota);
            // Half a CPU: over 600 ms of wall time the loop gets well under 600 ms of CPU.
            assertTrue(second.cpuTimeNanos().getAsLong() < 500_000_000L, second.toString());
        }
    }

    @Test
    void aVolatileUpperKeepsWritesAndCanBeMountedAgain() throws Exception {
        RootFs root = sandbox.overlay().volatileUpper();
        assertEquals(0, Ran.run(ProcessSpec.builder("sh", "-c", "echo one > /tmp/v").rootfs(root).build()).status().exitCode());
        assertTrue(Files.exists(root.work().resolve("work/incompat/volatile")), "overlay marked the work dir");
        Ran second = Ran.run(ProcessSpec.builder("sh", "-c", "cat /tmp/v; grep -c volatile /proc/self/mountinfo").rootfs(root).build());
        assertEquals("one\n1\n", second.stdout(), second.toString());
        assertEquals("one\n", Files.readString(root.upper().resolve("tmp/v")));
    }

    @Test
    void initForwardsSignalsToACommandThatHasNoHandler() throws Exception {
        try (IsolatedProcess p = Launcher.system().launch(sandbox.spec("sh", "-c", "echo up; exec sleep 100").init(true).build())) {
            assertEquals('u', p.stdout().read());
            assertTrue(p.signal(IsolatedProcess.SIGTERM));
            assertEquals(ExitStatus.exited(128 + 15), p.waitFor(Duration.ofSeconds(10)).orElseThrow());
        }
        try (IsolatedProcess p = Launcher.system().launch(sandbox.spec("sh", "-c", "echo up; exec sleep 100").build())) {
            assertEquals('u', p.stdout().read());
            p.signal(IsolatedProcess.SIGTERM);
            assertTrue(p.waitFor(Duration.ofMillis(300)).isEmpty(), "without init, PID 1 ignores SIGTERM it has no handler for");
        }
    }

    @Test
    void initIsPidOneAndReapsOrphans() throws Exception {
        String script = "cat /proc/1/cmdline | tr '\\0' ' '; echo; (sleep 0.1 &); sleep 0.6;"
                + " cat /proc/[0-9]*/stat 2>/dev/null | awk '$3 == \"Z\"' | wc -l";
        Ran r = Ran.run(sandbox.spec("sh", "-c", script).init(true).name("with-init").build());
        List<String> lines = r.stdout().lines().toList();
        assertEquals("berth-stage1 with-init", lines.get(0).trim(), r.toString());
        assertEquals("0", lines.get(1).trim(), "no zombies: " + r);
    }

    @Test
    void initReportsAnOomKillOfTheCommand() throws Exception {
        Ran r = Ran.run(sandbox.spec("dd", "if=/dev/zero", "of=/dev/null", "bs=200M", "count=1").init(true)
                .limits(CgroupLimits.builder().memoryBytes(32L << 20).build()).build());
        assertEquals(137, r.status().exitCode(), r.toString());
        assertTrue(r.status().oomKilled(), r.toString());
    }

    @Test
    void aFailedLaunchLeavesNoCgroupOrProcess() throws Exception {
        String name = "failing-" + ProcessHandle.current().pid();
        LaunchException e = assertThrows(LaunchException.class, () -> Launcher.system().launch(sandbox.spec("/nope")
                .name(name).limits(CgroupLimits.builder().pidsMax(4).memoryBytes(32L << 20).build()).build()));
        assertEquals("execve /nope", e.step());
        assertEquals(List.of(), Leaks.cgroups(name));
        assertEquals(List.of(), Leaks.processes(name));
    }

    /**
     * The group is made after the helper's spawn: when making it fails (a group of that name
     * exists), the helper is killed and reaped, nothing of the launch is left, and the group
     * that was there is not touched.
     */
    @Test
    void aGroupThatCannotBeMadeFailsTheLaunchAfterTheSpawnAndLeavesNothing() throws Exception {
        String name = "taken-" + ProcessHandle.current().pid();
        CgroupLimits limits = CgroupLimits.builder().pidsMax(4).build();
        try (var taken = dev.berth.namespaces.host.Host.system().cgroups().create(name, limits)) {
            RuntimeException e = assertThrows(RuntimeException.class,
                    () -> Launcher.system().launch(sandbox.spec("true").name(name).limits(limits).build()));
            assertTrue(e.getMessage().contains("already exists"), e.getMessage());
            assertEquals(List.of(), Leaks.processes(name), "the helper is gone");
            assertTrue(taken.directories().stream().allMatch(Files::isDirectory), "the other group stays");
        }
        assertEquals(List.of(), Leaks.cgroups(name));
    }

    @Test
    void theHelperRunsFromACacheFileWhereMemfdExecutionIsOff() throws Exception {
        Path cache = tmp.resolve("cache");
        System.setProperty("berth.stage1.memfd", "false");
        System.setProperty("berth.cache", cache.toString());
        try {
            var sys = LinuxSyscalls.get();
            StageOneBinary helper = StageOneBinary.load(sys);
            Launcher launcher = new Launcher(sys, ProcessWatcher.shared(), helper,
                    dev.berth.namespaces.host.Host.system().cgroups());
            assertTrue(!launcher.helperInMemory());
            try (IsolatedProcess p = launcher.launch(sandbox.spec("sh", "-c", "echo from-file").build())) {
                assertEquals("from-file\n", new String(p.stdout().readAllBytes()));
                assertEquals(0, p.waitFor(Duration.ofSeconds(30)).orElseThrow().exitCode());
            }
            try (var files = Files.list(cache)) {
                List<Path> cached = files.toList();
                assertEquals(1, cached.size(), cached.toString());
                assertTrue(cached.get(0).getFileName().toString().matches("berth-stage1-[0-9a-f]{16}"), cached.toString());
            }
        } finally {
            System.clearProperty("berth.stage1.memfd");
            System.clearProperty("berth.cache");
        }
    }
}
