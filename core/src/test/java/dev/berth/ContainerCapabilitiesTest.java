package dev.berth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.runtime.ContainerCapabilities;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The container's root has podman's default capabilities, changed by capAdd/capDrop; other users have none. */
class ContainerCapabilitiesTest extends BusyboxContainers {
    /** CHOWN DAC_OVERRIDE FOWNER FSETID KILL SETGID SETUID SETPCAP NET_BIND_SERVICE SYS_CHROOT SETFCAP. */
    private static final String DEFAULT_MASK = "00000000800405fb";

    private static String caps(String which) {
        return "grep " + which + " /proc/self/status | cut -f2";
    }

    @Test
    void rootHasTheDefaultSetAndCanChownWhileAnotherUserHasNone() throws Exception {
        try (Container c = berth.container(IMAGE).user("root").command("sleep", "600").start()) {
            assertEquals(DEFAULT_MASK + "\n" + DEFAULT_MASK + "\n",
                    c.exec("sh", "-c", caps("CapEff") + "; " + caps("CapBnd")).stdout());
            assertEquals("1000\n", c.exec("sh", "-c", "touch /tmp/f && chown 1000 /tmp/f && stat -c %u /tmp/f").stdout());
            // Nothing beyond the container: no mount, no raw socket, no device node.
            assertTrue(c.exec("mount", "-t", "tmpfs", "x", "/mnt").exitCode() != 0);
            assertTrue(c.exec("mknod", "/tmp/null", "c", "1", "3").exitCode() != 0);
            ExecResult asUser = c.exec(ExecOptions.command("sh", "-c", caps("CapEff") + "; " + caps("CapPrm"))
                    .user("1000"));
            assertEquals("0000000000000000\n0000000000000000\n", asUser.stdout());
        }
        try (Container c = berth.container(IMAGE).command("sh", "-c", caps("CapEff") + "; " + caps("CapBnd")).start()) {
            assertEquals("0000000000000000\n0000000000000000\n", run(c), "the image's user (not root) got capabilities");
        }
    }

    @Test
    void capAddAndCapDropChangeTheSet() throws Exception {
        try (Container c = berth.container(IMAGE).user("root").capDrop("chown").capAdd("CAP_NET_ADMIN")
                .command("sh", "-c", "touch /tmp/f; chown 1000 /tmp/f || echo no-chown; ip link set lo down && echo lo-down").start()) {
            assertEquals("no-chown\nlo-down\n", run(c).replaceAll("(?m)^chown:.*\n", ""));
        }
        try (Container c = berth.container(IMAGE).user("root").capDrop("ALL").command("sh", "-c", caps("CapEff")).start()) {
            assertEquals("0000000000000000\n", run(c));
        }
        ContainerException bad = assertThrows(ContainerException.class,
                () -> berth.container(IMAGE).capAdd("CAP_NOSUCH").command("true").start());
        assertTrue(bad.getMessage().contains("CAP_NOSUCH"), bad.getMessage());
        assertEquals(ContainerCapabilities.DEFAULT.size(), ContainerCapabilities.resolve(List.of(), List.of()).size());
    }
}
