package dev.berth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.namespaces.testing.RequiresRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link Container#update}: the limits reach the running container's cgroup at once, and they
 * and the restart policy are recorded, so another handle (another JVM) sees them.
 */
@RequiresRoot("containers get cgroups")
class ContainerUpdateTest extends BusyboxContainers {
    @Test
    void limitsReachTheRunningContainersCgroupAndAreRecorded() throws Exception {
        try (Container c = berth.container(IMAGE).memory(64L << 20).pids(40).command("sleep", "300").start()) {
            int pid = c.state().pid();
            assertEquals("40", limitFile(pid, "pids", "pids.max").orElseThrow());
            c.update(new ResourceUpdate(32L << 20, 0.5, 25L, RestartPolicy.onFailure(3)));
            assertEquals("25", limitFile(pid, "pids", "pids.max").orElseThrow());
            assertEquals(Long.toString(32L << 20), limitFile(pid, "memory", "memory.limit_in_bytes")
                    .or(() -> limitFile(pid, "memory", "memory.max")).orElseThrow());
            assertEquals("50000", limitFile(pid, "cpu", "cpu.cfs_quota_us")
                    .or(() -> limitFile(pid, "cpu", "cpu.max").map(s -> s.split(" ")[0])).orElseThrow());

            try (Berth other = Berth.builder().home(home).build()) {
                Container seen = other.findContainer(c.id()).orElseThrow();
                assertEquals(new ContainerDetails.Limits(32L << 20, 0.5, 25), seen.details().limits());
                assertEquals(RestartPolicy.onFailure(3), seen.restartPolicy());
            }
            // only what is given changes
            c.update(new ResourceUpdate(null, null, 30L, null));
            assertEquals(new ContainerDetails.Limits(32L << 20, 0.5, 30), c.details().limits());
            assertEquals(RestartPolicy.onFailure(3), c.restartPolicy());
        }
    }

    @Test
    void badValuesAndARestartPolicyForAnAutoRemovedContainerAreRefused() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> new ResourceUpdate(1L << 20, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new ResourceUpdate(null, 0.001, null, null));
        assertThrows(IllegalArgumentException.class, () -> new ResourceUpdate(null, null, 0L, null));
        try (Container c = berth.container(IMAGE).autoRemove(true).detached(true).command("sleep", "300").start()) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> c.update(new ResourceUpdate(null, null, null, RestartPolicy.ALWAYS)));
            assertEquals("Restart policy cannot be updated because AutoRemove is enabled for the container", e.getMessage());
            c.stop();
        }
    }

    /** A limit file of the group {@code pid} is in: v1 (the controller's hierarchy) or v2 (the unified one). */
    private static Optional<String> limitFile(int pid, String controller, String file) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/cgroup"))) {
                String[] f = line.split(":", 3);
                boolean v1 = java.util.Arrays.asList(f[1].split(",")).contains(controller);
                Path dir = v1 ? Path.of("/sys/fs/cgroup", f[1], f[2]) : f[1].isEmpty() ? Path.of("/sys/fs/cgroup", f[2]) : null;
                if (dir != null && Files.exists(dir.resolve(file))) {
                    return Optional.of(Files.readString(dir.resolve(file)).strip());
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return Optional.empty();
    }
}
