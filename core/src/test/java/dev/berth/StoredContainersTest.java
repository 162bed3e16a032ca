package dev.berth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.runtime.ContainerDirectory;
import dev.berth.runtime.ContainerOwner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Containers across JVMs: listing, finding, and keeping exited detached containers until removed. */
class StoredContainersTest extends BusyboxContainers {

    @Test
    void anExitedDetachedContainerOutlivesItsOwnerUntilRemoved() throws Exception {
        Container c = berth.container(IMAGE).name("kept").detached(true).command("sh", "-c", "echo bye; exit 7").start();
        assertEquals(7, c.waitFor());
        ContainerDirectory dir = ContainerDirectory.of(home.resolve("containers"), c.id());
        dir.writeOwner(deadOwner()); // as if the JVM that ran it had exited since

        try (Berth other = Berth.builder().home(home).build()) {
            ContainerSummary s = other.findContainer("kept");
            assertEquals(c.id(), s.id());
            assertEquals(7, s.state().exitCode());
            assertFalse(s.state().running());
            assertTrue(s.owner().isEmpty());
            assertEquals(List.of("sh", "-c", "echo bye; exit 7"), s.command());
            assertEquals(s, other.findContainer(c.id().substring(0, 5)));
            assertTrue(Files.readString(s.directory().resolve("log.json")).contains("bye"));
            other.removeContainer("kept");
            assertFalse(Files.exists(dir.root()));
            assertEquals(List.of(), other.listContainers());
            IllegalArgumentException gone = assertThrows(IllegalArgumentException.class, () -> other.findContainer("kept"));
            assertEquals("no such container: kept", gone.getMessage());
        }
    }

    @Test
    void aRunningContainerIsListedButNotRemoved() throws Exception {
        try (Container c = berth.container(IMAGE).name("busy").command("sleep", "600").start();
                Berth other = Berth.builder().home(home).build()) {
            ContainerSummary s = other.findContainer("busy");
            assertTrue(s.state().running());
            assertEquals(ProcessHandle.current().pid(), s.owner().getAsLong());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> other.removeContainer("busy"));
            assertEquals("container busy is running: stop it before removing it", e.getMessage());
            c.stop(Duration.ofSeconds(1));
            IllegalStateException owned = assertThrows(IllegalStateException.class, () -> other.removeContainer("busy"));
            assertTrue(owned.getMessage().contains("belongs to process " + ProcessHandle.current().pid()), owned.getMessage());
        }
    }

    /** The identity of a process that has exited. */
    private static ContainerOwner deadOwner() throws Exception {
        Process p = new ProcessBuilder("true").start();
        long pid = p.pid();
        ContainerOwner owner = ContainerOwner.of(pid).orElse(new ContainerOwner(pid, 1));
        p.waitFor();
        assertFalse(owner.isAlive());
        return owner;
    }
}
