package dev.berth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code device(...)} ({@code docker run --device}): the host's node appears in the container and
 * the container's device policy lets it be used with the permissions given, nothing more. The
 * probes run as the container's first process, which is in the container's cgroup from the start.
 */
class ContainerDeviceTest extends BusyboxContainers {
    @Test
    void aHostDeviceAppearsWhereAskedAndWorksReadWrite() throws Exception {
        try (Container c = berth.container(IMAGE).user("root").device(Path.of("/dev/null"), "/dev/host-null", "rw")
                .command("sh", "-c", "stat -c '%F %t:%T' /dev/host-null; echo gone > /dev/host-null && echo written;"
                        + " wc -c < /dev/host-null").start()) {
            assertEquals("character special file 1:3\nwritten\n0\n", run(c));
        }
    }

    @Test
    void aDeviceTheDefaultsDenyOpensWithThePermissionsGivenOnly() throws Exception {
        Path loopControl = Path.of("/dev/loop-control");
        Assumptions.assumeTrue(Files.exists(loopControl), "this host has no /dev/loop-control (10:237) to pass through");
        String probe = "dd if=/dev/lc of=/dev/null count=0 2>/tmp/e && echo 'r ok' || echo \"r $(cat /tmp/e)\";"
                + " dd if=/dev/null of=/dev/lc conv=notrunc count=0 2>/tmp/e && echo 'w ok' || echo \"w $(cat /tmp/e)\"";
        try (Container c = berth.container(IMAGE).user("root").device("/dev/loop-control:/dev/lc:r")
                .command("sh", "-c", probe).start()) {
            String out = run(c);
            assertTrue(out.startsWith("r ok\n"), "read was allowed: " + out);
            assertTrue(out.contains("\nw ") && out.contains("Operation not permitted"), "write was not: " + out);
        }
        // Without the option the same node, made by the container itself, does not open at all.
        try (Container c = berth.container(IMAGE).user("root").capAdd("MKNOD")
                .command("sh", "-c", "mknod /tmp/lc c 10 237 && dd if=/tmp/lc of=/dev/null count=0 status=none").start()) {
            String out = run(c);
            assertEquals(1, c.state().exitCode(), out);
            assertTrue(out.contains("Operation not permitted"), out);
        }
    }

    @Test
    void badDevicesAreRefusedNamingWhatIsWrong() {
        assertRefused("/etc/passwd", "invalid device /etc/passwd: /etc/passwd is not a character or block device");
        assertRefused("/dev/no-such-device", "invalid device /dev/no-such-device: /dev/no-such-device does not exist");
        assertRefused("/dev/null:/dev/x:rx", "invalid device /dev/null:/dev/x: permissions \"rx\" must be a combination of r (read), w (write) and m (mknod)");
        assertRefused("/dev/null:rwmm", "permissions \"rwmm\"");
        assertRefused("dev/null", "the host path must be absolute");
        assertRefused("/dev/null:x/y", "invalid device /dev/null: permissions \"x/y\"");
        assertRefused("/dev/null:/dev/x:r:w", "expected HOST[:CONTAINER[:PERMS]]");
        assertRefused("/dev/null:/../etc/x", "without '..'");
    }

    private void assertRefused(String spec, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> berth.container(IMAGE).device(spec));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
