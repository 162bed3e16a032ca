package dev.berth.namespaces.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.namespaces.cgroup.CgroupLimits;
import dev.berth.namespaces.process.ProcessWatcher;
import dev.berth.namespaces.testing.LaunchAndWait;
import dev.berth.namespaces.testing.Leaks;
import dev.berth.namespaces.testing.Ran;
import dev.berth.namespaces.testing.RequiresRoot;
import dev.berth.namespaces.testing.Sandbox;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many launches at once, leaks, threads, and what happens when the JVM dies. */
@RequiresRoot("launches processes in new namespaces on an overlay root")
class LauncherLoadTest {
    @TempDir
    static Path tmp;
    static Sandbox sandbox;

    @BeforeAll
    static void setUp() throws IOException {
        sandbox = Sandbox.shared();
    }

    @Test
    void fiftyConcurrentLaunchesSucceedAndLeaveNothingBehind() throws Exception {
        Ran.run(sandbox.spec("true").build()); // warm: JNA, the helper memfd
        awaitWatcherIdle();
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        String marker = "conc-" + ProcessHandle.current().pid();
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Future<Ran>> runs = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ProcessSpec spec = sandbox.spec("sh", "-c", "echo ok-$$-" + i).name(marker + "-" + i)
                    .limits(CgroupLimits.builder().pidsMax(16).memoryBytes(64L << 20).build()).build();
            runs.add(pool.submit(() -> Ran.run(spec)));
        }
        for (int i = 0; i < 50; i++) {
            Ran r = runs.get(i).get(2, TimeUnit.MINUTES);
            assertEquals("ok-1-" + i, r.stdout().trim(), r.toString());
            assertEquals(0, r.status().exitCode());
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(1, TimeUnit.MINUTES));
        awaitWatcherIdle();
        assertEquals(List.of(), Leaks.cgroups(marker));
        assertEquals(List.of(), Leaks.processes(marker));
        assertEquals(List.of(), Leaks.mounts(tmp.toString()));
        int threadsAfter = ManagementFactory.getThreadMXBean().getThreadCount();
        assertTrue(threadsAfter <= threadsBefore, "threads before " + threadsBefore + ", after " + threadsAfter);
    }

    @Test
    void killingTheJvmKillsTheProcessesItStarted() throws Exception {
        String marker = "orphan-" + ProcessHandle.current().pid();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process jvm = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                LaunchAndWait.class.getName(), Files.createDirectories(tmp.resolve("child-jvm")).toString(), marker)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream()));
            String pidLine = out.readLine();
            assertTrue(pidLine != null && pidLine.matches("[0-9]+"), "child JVM printed " + pidLine);
            long pid = Long.parseLong(pidLine);
            assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "container runs");
            jvm.destroyForcibly().waitFor();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).isEmpty()
                    || !ProcessHandle.of(pid).get().isAlive(), "container " + pid + " outlived its JVM");
            assertEquals(List.of(), Leaks.processes(marker));
        } finally {
            jvm.destroyForcibly();
        }
    }

    private static void awaitWatcherIdle() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            boolean running = Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(t -> t.getName().equals("berth-process-watcher"));
            if (!running && ProcessWatcher.shared().size() == 0) {
                return;
            }
            Thread.sleep(100);
        }
    }
}
