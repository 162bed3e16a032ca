package dev.berth.testcontainers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionLeaseTest {
    @TempDir
    Path home;

    @Test
    void aWrittenLeaseReadsBackAndIsThisLiveJvms() throws Exception {
        SessionLease written = SessionLease.write(home, "0b7c1f0e-aaaa-bbbb-cccc-123456789abc", Path.of("/tmp/berth-testcontainers-1"));
        List<SessionLease> all = SessionLease.all(home);
        assertEquals(List.of(written), all);
        assertEquals(ProcessHandle.current().pid(), all.get(0).pid());
        assertTrue(all.get(0).isAlive());
    }

    @Test
    void aLeaseOfAnEndedProcessOrOfAReusedPidIsDead() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        SessionLease ended = new SessionLease(home.resolve("a"), "a", p.pid(), 0, home);
        assertFalse(ended.isAlive());
        // This JVM's pid with another start time: the pid was reused by a later process.
        SessionLease reused = SessionLease.write(home, "b", home);
        assertFalse(new SessionLease(reused.file(), "b", reused.pid(), reused.started() - 1000, home).isAlive());
    }

    @Test
    void temporaryFilesLogsAndDamagedLeasesAreNotLeases() throws Exception {
        Files.createDirectories(SessionLease.directory(home));
        Files.writeString(SessionLease.directory(home).resolve(".lease-1.tmp"), "pid=1\n");
        Files.writeString(SessionLease.directory(home).resolve("s.watcher.log"), "oops\n");
        Files.writeString(SessionLease.directory(home).resolve("damaged"), "pid=not a number\n");
        assertEquals(List.of(), SessionLease.all(home));
    }
}
