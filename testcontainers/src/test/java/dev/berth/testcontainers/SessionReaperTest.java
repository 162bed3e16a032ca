package dev.berth.testcontainers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.Berth;
import dev.berth.BusyboxContainers;
import dev.berth.Container;
import dev.berth.NetworkSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A session whose JVM died: its labelled containers, socket directory and lease are removed,
 * by the watcher as soon as the JVM is gone and by a later engine's sweep; a live session and
 * unlabelled containers are left alone. The "JVM" is a {@code sleep} process killed by the test;
 * its containers are detached, so only the reaper removes them.
 */
class SessionReaperTest extends BusyboxContainers {

    private Container sessionContainer(String session) {
        return berth.container(IMAGE).command("sleep", "600").detached(true)
                .label(SessionLease.SESSION_LABEL, session).label("other", "x").start();
    }

    private static Path socketDir() throws Exception {
        return Files.createTempDirectory(InProcessEngine.SOCKET_DIR_PREFIX,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    @Test
    void theWatcherReapsTheSessionOnceItsJvmIsGone() throws Exception {
        Process jvm = new ProcessBuilder("sleep", "600").start();
        Container mine = sessionContainer("dead-session");
        Container unrelated = berth.container(IMAGE).command("sleep", "600").start();
        Path dir = socketDir();
        SessionLease lease = SessionLease.write(home, "dead-session", jvm.toHandle(), dir);
        Optional<Process> watcher = SessionWatcher.start(home, lease);
        try {
            assertTrue(watcher.isPresent(), "no watcher started");
            assertTrue(watcher.get().isAlive());
            jvm.destroyForcibly();
            jvm.waitFor();
            watcher.get().getOutputStream().close(); // what the kernel does when the JVM dies
            assertTrue(watcher.get().waitFor(120, TimeUnit.SECONDS), "the watcher did not finish");
            assertEquals(0, watcher.get().exitValue(), Files.exists(lease.watcherLog()) ? Files.readString(lease.watcherLog()) : "");

            try (Berth after = Berth.builder().home(home).build()) {
                assertEquals(Optional.empty(), after.findContainer(mine.id()));
                assertTrue(after.findContainer(unrelated.id()).isPresent(), "a container without the label was reaped");
            }
            assertFalse(Files.exists(dir), "the socket directory is left");
            assertFalse(Files.exists(lease.file()), "the lease is left");
            assertFalse(Files.exists(lease.watcherLog()), "the watcher's log is left");
        } finally {
            watcher.ifPresent(Process::destroyForcibly);
            jvm.destroyForcibly();
            unrelated.close();
        }
    }

    @Test
    void aLaterEngineSweepsDeadSessionsAndLeavesLiveOnes() throws Exception {
        Process dead = new ProcessBuilder("sleep", "600").start();
        Container deadOnes = sessionContainer("dead");
        Container liveOnes = sessionContainer("live");
        Map<String, String> deadLabel = Map.of(SessionLease.SESSION_LABEL, "dead");
        Map<String, String> liveLabel = Map.of(SessionLease.SESSION_LABEL, "live");
        berth.createNetwork("dead-net", NetworkSpec.defaults().withLabels(deadLabel));
        berth.createNetwork("live-net", NetworkSpec.defaults().withLabels(liveLabel));
        berth.volumes().create("dead-vol", deadLabel, Map.of());
        berth.volumes().create("live-vol", liveLabel, Map.of());
        Path dir = socketDir();
        SessionLease.write(home, "dead", dead.toHandle(), dir);
        SessionLease live = SessionLease.write(home, "live", ProcessHandle.current(), socketDir());
        dead.destroyForcibly();
        dead.waitFor();
        try {
            assertEquals(List.of("dead"), new SessionReaper(berth).reapDead());
            assertEquals(Optional.empty(), berth.findContainer(deadOnes.id()));
            assertFalse(Files.exists(dir));
            assertEquals(Optional.empty(), berth.network("dead-net"));
            assertEquals(Optional.empty(), berth.volumes().find("dead-vol"));
            assertTrue(berth.findContainer(liveOnes.id()).isPresent(), "a live session's container was reaped");
            assertTrue(berth.network("live-net").isPresent(), "a live session's network was pruned");
            assertTrue(berth.volumes().find("live-vol").isPresent(), "a live session's volume was pruned");
            assertEquals(List.of(live), SessionLease.all(home));
        } finally {
            new SessionReaper(berth).reap(live);
        }
        assertEquals(Optional.empty(), berth.findContainer(liveOnes.id()));
        assertEquals(Optional.empty(), berth.network("live-net"));
        assertEquals(Optional.empty(), berth.volumes().find("live-vol"));
    }
}
