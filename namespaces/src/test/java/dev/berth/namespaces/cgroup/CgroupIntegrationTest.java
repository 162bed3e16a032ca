package dev.berth.namespaces.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.namespaces.linux.LinuxSyscalls;
import dev.berth.namespaces.testing.RequiresRoot;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Limits, statistics and removal on this machine's real cgroups, with real processes. Needs root;
 * elsewhere every test is skipped and says why. Names are unique per JVM and test, and every
 * group is closed after its test, which then checks that nothing of it is left.
 */
@Timeout(120)
@RequiresRoot("creates cgroups under /sys/fs/cgroup")
class CgroupIntegrationTest {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final long MIB = 1024 * 1024;

    private CgroupLayout layout;
    private final List<Cgroup> groups = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private final List<String> names = new ArrayList<>();

    @BeforeEach
    void needsRootAndControllers() throws IOException {
        layout = CgroupLayout.detect();
        for (CgroupController c : CgroupController.values()) {
            assumeTrue(layout.hierarchyOf(c).isPresent(), "this host has no " + c
                    + " controller, which these tests exercise: " + layout);
        }
    }

    @AfterEach
    void removeEverything() {
        for (Process p : processes) {
            p.destroyForcibly();
        }
        List<String> problems = new ArrayList<>();
        for (Cgroup g : groups) {
            try {
                g.close();
            } catch (RuntimeException e) {
                problems.add(e.toString());
            }
        }
        if (layout != null) {
            for (CgroupHierarchy h : layout.hierarchies()) {
                Path parent = layout.parentDirectory(h);
                for (String name : names) {
                    if (Files.exists(parent.resolve(name))) {
                        problems.add(parent.resolve(name) + " was left behind");
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    private String uniqueName(String what) {
        String name = "it-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet() + "-" + what;
        names.add(name);
        return name;
    }

    private Cgroup group(String what, CgroupLimits limits) {
        Cgroup g = Cgroups.of(layout, LinuxSyscalls.get()).create(uniqueName(what), limits);
        groups.add(g);
        return g;
    }

    /**
     * Starts a shell that waits for a line on stdin before running the script, so it can be put
     * into the group before it allocates or forks anything.
     */
    private Process startWaiting(String script) throws IOException {
        Process p = new ProcessBuilder("sh", "-c", "read x; " + script).start();
        processes.add(p);
        return p;
    }

    private static void release(Process p) throws IOException {
        OutputStream in = p.getOutputStream();
        in.write('\n');
        in.flush();
    }

    /** Gone, or a zombie waiting for a parent that is not us: either way it runs no more. */
    private static boolean isDead(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return true;
        }
    }

    private void assertRemoved(Cgroup g, List<Path> dirs) {
        for (Path dir : dirs) {
            assertFalse(Files.exists(dir), dir + " should be removed by close()");
        }
        assertFalse(g.hasProcesses());
    }

    @Test
    void aProcessOverTheMemoryLimitIsOomKilled() throws Exception {
        Cgroup g = group("oom", CgroupLimits.builder().memoryBytes(32 * MIB).pidsMax(8).build());
        Process p = startWaiting("exec dd if=/dev/zero of=/dev/null bs=100M count=1");
        g.addProcess(p.pid());
        assertEquals(Set.of(p.pid()), g.pids());
        release(p);

        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "dd should have been killed");
        assertEquals(137, p.exitValue(), "killed by SIGKILL (128 + 9)");
        assertTrue(g.oomKillCount() > 0, "the OOM killer should have counted it: " + g.stats());
        CgroupStats s = g.stats();
        assertTrue(s.oomKilled());
        s.memoryPeakBytes().ifPresent(peak -> assertTrue(peak > 16 * MIB && peak <= 32 * MIB,
                "peak " + peak + " should be near the 32 MiB limit"));
    }

    @Test
    void aPidsLimitMakesForkFail() throws Exception {
        Cgroup g = group("pids", CgroupLimits.builder().pidsMax(5).build());
        Process p = startWaiting("for i in 1 2 3 4 5 6 7 8; do sleep 60 >/dev/null 2>&1 & done; wait");
        g.addProcess(p.pid());
        release(p);

        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the shell should give up when fork fails");
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertNotEquals(0, p.exitValue(), stderr);
        assertTrue(stderr.toLowerCase().contains("fork"), "stderr: " + stderr);
        long current = g.stats().pidsCurrent().orElseThrow();
        assertTrue(current >= 1 && current <= 5, "pids.current " + current);
        Set<Long> sleeps = g.pids();
        assertEquals(current, sleeps.size(), "the background sleeps are what is left");

        List<Path> dirs = g.directories();
        g.close();
        assertRemoved(g, dirs);
        for (long pid : sleeps) {
            assertTrue(isDead(pid), "sleep " + pid + " should have been killed by close()");
        }
    }

    @Test
    void statsMoveWhileTheGroupWorks() throws Exception {
        Cgroup g = group("stats", CgroupLimits.builder()
                .memoryBytes(64 * MIB).pidsMax(16).cpus(1).cpuShares(512).build());
        // A 4 MB shell variable is allocated after the move, so it is charged to the group even
        // where v1 does not move charges with a task; then a busy loop burns CPU.
        Process p = startWaiting("v=$(head -c 4000000 /dev/zero | tr '\\0' a); while :; do :; done");
        g.addProcess(p.pid());
        release(p);

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        CgroupStats first = g.stats();
        while (first.cpuTimeNanos().orElseThrow() < 100_000_000L || first.pidsCurrent().orElseThrow() != 1) {
            assertTrue(System.nanoTime() < deadline, "CPU time should grow and the pipeline end: " + first);
            Thread.sleep(50);
            first = g.stats();
        }
        Thread.sleep(300);
        CgroupStats second = g.stats();

        assertTrue(second.cpuTimeNanos().orElseThrow() > first.cpuTimeNanos().orElseThrow(),
                first + " then " + second);
        assertTrue(second.memoryUsageBytes().orElseThrow() > 0, second.toString());
        second.memoryPeakBytes().ifPresent(peak -> assertTrue(peak >= 4_000_000, second.toString()));
        assertEquals(1, second.pidsCurrent().orElseThrow());
        assertEquals(0, second.oomKills());
        assertTrue(g.hasProcesses());

        List<Path> dirs = g.directories();
        g.close();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(137, p.exitValue(), "close() kills with SIGKILL");
        assertRemoved(g, dirs);
    }

    @Test
    void theLimitsReachTheKernelFiles() throws Exception {
        Cgroup g = group("files", CgroupLimits.builder()
                .memoryBytes(48 * MIB).pidsMax(7).cpuQuota(25_000, 50_000).cpuShares(256).build());
        Path memory = g.directory(CgroupController.MEMORY).orElseThrow();
        Path pids = g.directory(CgroupController.PIDS).orElseThrow();
        Path cpu = g.directory(CgroupController.CPU).orElseThrow();
        assertEquals("7", Files.readString(pids.resolve("pids.max")).trim());
        if (layout.hierarchyOf(CgroupController.MEMORY).orElseThrow().isUnified()) {
            assertEquals(String.valueOf(48 * MIB), Files.readString(memory.resolve("memory.max")).trim());
        } else {
            assertEquals(String.valueOf(48 * MIB),
                    Files.readString(memory.resolve("memory.limit_in_bytes")).trim());
            if (Files.exists(memory.resolve("memory.memsw.limit_in_bytes"))) {
                assertEquals(String.valueOf(48 * MIB),
                        Files.readString(memory.resolve("memory.memsw.limit_in_bytes")).trim());
            }
        }
        if (layout.hierarchyOf(CgroupController.CPU).orElseThrow().isUnified()) {
            assertEquals("25000 50000", Files.readString(cpu.resolve("cpu.max")).trim());
        } else {
            assertEquals("25000", Files.readString(cpu.resolve("cpu.cfs_quota_us")).trim());
            assertEquals("50000", Files.readString(cpu.resolve("cpu.cfs_period_us")).trim());
            assertEquals("256", Files.readString(cpu.resolve("cpu.shares")).trim());
        }
    }

    @Test
    void closeKillsEveryProcessAndRemovesEveryDirectory() throws Exception {
        Cgroup g = group("close", CgroupLimits.none());
        Process p = startWaiting("sleep 60 & sleep 60 & wait");
        g.addProcess(p.pid());
        release(p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (g.pids().size() < 3) {
            assertTrue(System.nanoTime() < deadline, "the two sleeps should start: " + g.pids());
            Thread.sleep(20);
        }
        Set<Long> pids = g.pids();
        List<Path> dirs = g.directories();
        assertEquals(layout.hierarchies().size(), dirs.size());

        g.close();
        g.close(); // idempotent

        assertRemoved(g, dirs);
        for (long pid : pids) {
            assertTrue(isDead(pid), pid + " should have been killed");
        }
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
    }

    @Test
    void theSameNameCannotBeCreatedTwice() {
        Cgroup g = group("twice", CgroupLimits.none());
        CgroupException e = assertThrows(CgroupException.class,
                () -> Cgroups.of(layout, LinuxSyscalls.get()).create(g.name(), CgroupLimits.none()));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        for (Path dir : g.directories()) {
            assertTrue(Files.isDirectory(dir), dir + " of the first group must survive");
        }
    }

    @Test
    void aLeftoverWithoutProcessesIsRemoved() throws Exception {
        Cgroup abandoned = group("leftover", CgroupLimits.none());
        Cgroup inUse = group("inuse", CgroupLimits.none());
        Process p = new ProcessBuilder("sleep", "60").start();
        processes.add(p);
        inUse.addProcess(p.pid());

        // Only this test's groups: other users of this machine may have groups of their own.
        Set<String> mine = Set.of(abandoned.name(), inUse.name());
        List<Path> removed = LeftoverCgroups.remove(layout, Duration.ZERO, mine::contains,
                new CgroupKernel(LinuxSyscalls.get()));

        assertEquals(abandoned.directories(), removed);
        inUse.directories().forEach(d -> assertTrue(Files.isDirectory(d), d + " has a process"));
        assertTrue(p.isAlive(), "leftover cleanup never kills");
        abandoned.close(); // already gone: nothing to do
    }

    @Test
    void closeRemovesTheGroupAndTheBerthParentsItLeftEmpty() throws Exception {
        Cgroup g = group("parent", CgroupLimits.none());
        List<Path> dirs = g.directories();
        g.close();
        for (Path dir : dirs) {
            assertFalse(Files.exists(dir), dir + " is removed");
            if (Files.exists(dir.getParent())) {
                try (Stream<Path> s = Files.list(dir.getParent())) {
                    assertTrue(s.anyMatch(Files::isDirectory), dir.getParent() + " is still there, so it must hold another group");
                }
            }
        }
    }
}
