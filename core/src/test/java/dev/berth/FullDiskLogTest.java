package dev.berth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.namespaces.testing.Leaks;
import dev.berth.namespaces.testing.RequiresRoot;
import dev.berth.runtime.ContainerLogWriter;
import dev.berth.runtime.LogFollower;
import dev.berth.runtime.LogRecord;
import dev.berth.testing.CapturedLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's disk fills while a container prints: a 2 MiB tmpfs on {@code BERTH_HOME/containers}
 * (root only, to mount it). An attached reader still gets every line, the full disk is named in
 * one line, the helper of a detached container keeps draining its pipes, and the store stays
 * consistent.
 */
@Timeout(300)
@RequiresRoot("mounts a small tmpfs as the disk that fills up")
class FullDiskLogTest {
    static final String IMAGE = BusyboxImage.REFERENCE;
    static final int LINES = 400_000; // about 2.6 MiB printed, 30 MiB as json-file: far past 2 MiB

    @TempDir
    Path home;
    Path containers;
    boolean mounted;
    Berth berth;

    @BeforeEach
    void smallDisk(@TempDir Path scratch) throws Exception {
        BusyboxImage.store(home, scratch);
        containers = home.resolve("containers");
        Files.createDirectories(containers);
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "berth-full-disk-test",
                containers.toString()).inheritIO().start();
        assertEquals(0, mount.waitFor(), "mount tmpfs on " + containers);
        mounted = true;
        berth = Berth.builder().home(home).build();
    }

    @AfterEach
    void unmount() throws Exception {
        if (berth != null) {
            berth.close();
        }
        if (mounted) {
            Process umount = new ProcessBuilder("umount", containers.toString()).inheritIO().start();
            assertTrue(umount.waitFor(30, TimeUnit.SECONDS) && umount.exitValue() == 0, "umount " + containers);
        }
    }

    static void assertEveryLine(List<Integer> seen) {
        assertEquals(LINES, seen.size(), "lines lost or repeated");
        for (int i = 0; i < seen.size(); i++) {
            if (seen.get(i) != i + 1) {
                throw new AssertionError("line " + i + " is " + seen.get(i));
            }
        }
    }

    @Test
    void anAttachedReaderGetsEveryLineAndTheFullDiskIsNamedOnce() throws Exception {
        CapturedLog warnings = CapturedLog.of(ContainerLogWriter.class);
        List<Integer> seen = new java.util.ArrayList<>();
        String id;
        try (Container c = berth.container(IMAGE).name("full-disk").user("0")
                .command("sh", "-c", "while [ ! -e /go ]; do sleep 0.05; done; seq 1 " + LINES).start()) {
            id = c.id();
            try (LogFollower f = c.followLogs()) {
                assertEquals(0, c.exec("touch", "/go").exitCode());
                while (f.hasNext()) {
                    LogRecord r = f.next();
                    seen.add(Integer.parseInt(r.text().strip()));
                }
                assertTrue(f.writeFailure().orElseThrow().endsWith("log.json: No space left on device"),
                        f.writeFailure().toString());
            }
            assertEquals(0, c.waitFor(Duration.ofSeconds(60)).orElseThrow());
            assertEquals("the log of container full-disk is no longer written: " + c.directory().resolve("log.json")
                    + ": No space left on device", warnings.records().get(0).getMessage());
            // What the file kept is whole records, the first lines.
            String kept = c.logs();
            assertTrue(kept.startsWith("1\n2\n") && kept.endsWith("\n"), kept.substring(0, 10));
        } finally {
            warnings.close();
        }
        assertEveryLine(seen);
        assertEquals(1, warnings.records().size(), "one line, not one per write: " + warnings.records());
        // Closing removed it: the store is consistent, nothing mounted is left.
        assertFalse(Files.exists(containers.resolve(id)), "the container's directory stayed");
        assertEquals(List.of(), Leaks.mounts(id));
        assertTrue(berth.listContainers().isEmpty());
    }

    /**
     * {@code docker run} without {@code -d}: a detached container whose helper writes the log,
     * and which this JVM attached to. The helper's log fails, its attach pipes do not.
     */
    @Test
    void aDetachedContainerStartedAttachedGivesItsReaderEveryLine() throws Exception {
        try (Container c = berth.container(IMAGE).detached(true).attach(true)
                .command("sh", "-c", "seq 1 " + LINES + "; echo last >&2").start()) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
            c.attachedOutput().copyTo(out, err);
            assertEveryLine(out.toString().lines().map(Integer::parseInt).toList());
            assertEquals("last\n", err.toString(), "stderr after the disk filled");
            assertEquals(0, c.waitFor(Duration.ofSeconds(60)).orElseThrow());
            assertEquals(c.directory().resolve("log.json") + ": No space left on device",
                    c.log().writeFailure().orElseThrow());
            String kept = c.logs();
            assertTrue(kept.startsWith("1\n2\n") && kept.endsWith("\n"), kept.substring(0, 10));
            c.remove();
            assertFalse(Files.exists(containers.resolve(c.id())), "the container's directory stayed");
            assertEquals(List.of(), Leaks.mounts(c.id()));
        }
    }

    @Test
    void aDetachedContainersHelperKeepsDrainingAndRecordsTheFullDisk() throws Exception {
        try (Container c = berth.container(IMAGE).detached(true).command("seq", "1", String.valueOf(LINES)).start()) {
            // Several MiB through a 64 KiB pipe: it ends only if the helper drains on.
            assertEquals(0, c.waitFor(Duration.ofSeconds(120)).orElseThrow(), "the container blocked on its output");
            assertEquals(c.directory().resolve("log.json") + ": No space left on device",
                    c.log().writeFailure().orElseThrow());
            assertFalse(c.log().isBeingWritten());
            String kept = c.logs();
            assertTrue(kept.startsWith("1\n2\n") && kept.endsWith("\n"), kept.substring(0, 10));
            c.remove();
            assertFalse(Files.exists(containers.resolve(c.id())), "the container's directory stayed");
            assertEquals(List.of(), Leaks.mounts(c.id()));
        }
    }
}
