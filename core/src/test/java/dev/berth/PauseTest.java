package dev.berth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.wait.Wait;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docker pause/unpause through the cgroup freezer of this host, as root. */
class PauseTest extends BusyboxContainers {
    @Test
    void pauseFreezesTheProcessesForEveryJvmAndUnpauseLetsThemRunOn() throws Exception {
        Instant start = Instant.now();
        try (Container c = berth.container(IMAGE).command("sh", "-c", "echo up; i=0; while true; do i=$((i+1)); echo $i > /tmp/n; sleep 0.05; done")
                .waitingFor(Wait.forLogMessage(".*up.*", 1)).start()) {
            c.pause();
            assertEquals(ContainerState.Status.PAUSED, c.state().status());
            assertTrue(c.isRunning(), "a paused container still runs, as Docker's State.Running");
            try (Berth other = Berth.builder().home(home).build()) {
                assertTrue(other.findContainer(c.id()).orElseThrow().state().paused(), "another JVM sees it paused");
            }
            IllegalStateException twice = assertThrows(IllegalStateException.class, c::pause);
            assertTrue(twice.getMessage().contains("already paused"), twice.getMessage());
            ContainerException exec = assertThrows(ContainerException.class, () -> c.exec("true"));
            assertTrue(exec.getMessage().contains("paused"), exec.getMessage());
            String frozenAt = counter(c);
            Thread.sleep(300);
            assertEquals(frozenAt, counter(c), "the loop made no progress while frozen");

            c.unpause();
            assertEquals(ContainerState.Status.RUNNING, c.state().status());
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (counter(c).equals(frozenAt) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertFalse(counter(c).equals(frozenAt), "the loop runs again");
            IllegalStateException notPaused = assertThrows(IllegalStateException.class, c::unpause);
            assertTrue(notPaused.getMessage().contains("not paused"), notPaused.getMessage());
        }
        List<String> actions = new ArrayList<>();
        try (EventStream s = berth.events(EventQuery.create().since(start).follow(false).filter("event", "pause")
                .filter("event", "unpause"))) {
            for (Event e = s.next(Duration.ofSeconds(1)); e != null; e = s.next(Duration.ofSeconds(1))) {
                actions.add(e.action());
            }
        }
        assertEquals(List.of("pause", "unpause"), actions);
    }

    @Test
    void stopAndKillOfAPausedContainerEndIt() throws Exception {
        try (Container c = berth.container(IMAGE).command("sh", "-c", "trap 'exit 7' TERM; echo up; while true; do sleep 0.1; done")
                .waitingFor(Wait.forLogMessage(".*up.*", 1)).start()) {
            c.pause();
            c.stop(Duration.ofSeconds(20));
            assertEquals(7, c.state().exitCode(), "the TERM trap ran once thawed");
            assertFalse(c.isRunning());
        }
        try (Container c = berth.container(IMAGE).command("sleep", "600").start()) {
            c.pause();
            c.kill();
            assertEquals(137, c.state().exitCode());
        }
    }

    private static String counter(Container c) throws Exception {
        java.nio.file.Path f = java.nio.file.Files.createTempFile("berth-counter", "");
        try {
            c.copyFileFrom("/tmp/n", f);
            return java.nio.file.Files.readString(f);
        } finally {
            java.nio.file.Files.delete(f);
        }
    }
}
