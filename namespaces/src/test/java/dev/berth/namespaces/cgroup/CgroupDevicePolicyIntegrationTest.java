package dev.berth.namespaces.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.namespaces.cgroup.device.DevicePolicy;
import dev.berth.namespaces.cgroup.device.DeviceRule;
import dev.berth.namespaces.linux.LinuxSyscalls;
import dev.berth.namespaces.linux.Syscalls;
import dev.berth.namespaces.testing.RequiresRoot;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device policy on this machine's real cgroups, both ways it is enforced: the v1 devices
 * hierarchy as detected, and a BPF_PROG_TYPE_CGROUP_DEVICE program on a cgroup2 group (the layout
 * this host would have without its v1 devices mount: a hybrid host's cgroup2 takes the program
 * although it lists no controllers). A shell in the group opens device nodes made in a temporary
 * directory: the ones the policy allows open, the others fail with EPERM. Needs root.
 */
@Timeout(120)
@RequiresRoot("makes device nodes and cgroups")
class CgroupDevicePolicyIntegrationTest {
    /** Node name, type and numbers: null and urandom are allowed, the rest are what an image may ship. */
    private static final String[][] NODES = {
        {"null", "c", "1", "3"}, {"urandom", "c", "1", "9"}, {"loop0", "b", "7", "0"},
        {"loop-control", "c", "10", "237"}, {"tty1", "c", "4", "1"}, {"mem", "c", "1", "1"},
    };

    @TempDir
    Path dir;

    private final List<Cgroup> groups = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void makeDeviceNodes() throws IOException {
        Syscalls sys = LinuxSyscalls.get();
        for (String[] n : NODES) {
            int type = n[1].equals("c") ? Syscalls.S_IFCHR : Syscalls.S_IFBLK;
            sys.mknod(dir.resolve(n[0]).toString(), type | 0600,
                    ((long) Integer.parseInt(n[2]) << 8) | Integer.parseInt(n[3]));
        }
    }

    @AfterEach
    void removeEverything() {
        processes.forEach(Process::destroyForcibly);
        List<Path> left = new ArrayList<>();
        for (Cgroup g : groups) {
            List<Path> dirs = g.directories();
            g.close();
            dirs.stream().filter(Files::exists).forEach(left::add);
        }
        assertEquals(List.of(), left, "groups left behind");
    }

    @Test
    void onTheDetectedLayoutOnlyAllowedDevicesOpen() throws Exception {
        CgroupLayout layout = CgroupLayout.detect();
        assumeTrue(layout.hierarchyOf(CgroupController.DEVICES).isPresent(), "no devices controller: " + layout);
        Map<String, String> opened = openInGroup(layout, DevicePolicy.dockerDefault());
        assertAllowedOpenAndOthersAreEperm(opened);
    }

    @Test
    void aCgroup2GroupWithTheBpfProgramRefusesWhatThePolicyDenies() throws Exception {
        CgroupLayout layout = withoutV1Devices();
        CgroupHierarchy h = layout.hierarchyOf(CgroupController.DEVICES).orElseThrow();
        assertTrue(h.isUnified(), "devices should be served by cgroup2 here: " + layout);
        Map<String, String> opened = openInGroup(layout, DevicePolicy.dockerDefault());
        assertAllowedOpenAndOthersAreEperm(opened);
    }

    @Test
    void aRuleAddedToThePolicyOpensThatDeviceWithItsAccessOnly() throws Exception {
        CgroupLayout layout = withoutV1Devices();
        DevicePolicy policy = DevicePolicy.dockerDefault().allow(DeviceRule.parse("c 10:237 r"));
        Map<String, String> opened = openInGroup(layout, policy);
        // Past the policy the driver answers: ok here, ENODEV where the loop module is missing.
        assertNotEquals("Operation not permitted", opened.get("loop-control"), "c 10:237 r was added: " + opened);
        assertEquals("Operation not permitted", opened.get("tty1"), opened.toString());
    }

    @Test
    void outsideAnyPolicyTheSameNodesAreNotRefusedWithEperm() throws Exception {
        // What the policy changes: without it, none of these opens fails with EPERM.
        Process p = new ProcessBuilder("sh", "-c", script()).start();
        processes.add(p);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        Map<String, String> opened = parse(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertFalse(opened.containsValue("Operation not permitted"), opened.toString());
    }

    /** The layout of this host as if it had no v1 devices hierarchy: cgroup2 then serves devices. */
    private static CgroupLayout withoutV1Devices() throws IOException {
        String mountinfo = Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .filter(l -> !(l.contains(" - cgroup ") && l.matches(".*[ ,]devices(,.*|$)")))
                .collect(Collectors.joining("\n"));
        assumeTrue(mountinfo.contains(" - cgroup2 "), "this host has no cgroup2 mount");
        return CgroupLayout.parse(mountinfo, Files.readString(Path.of("/proc/self/cgroup")), Path.of("/"));
    }

    private Map<String, String> openInGroup(CgroupLayout layout, DevicePolicy policy) throws Exception {
        Cgroup g = Cgroups.of(layout, LinuxSyscalls.get()).create("it-dev-" + ProcessHandle.current().pid() + "-" + System.nanoTime(),
                CgroupLimits.builder().devices(policy).build());
        groups.add(g);
        // The shell waits for a line so that it opens nothing before it is in the group.
        Process p = new ProcessBuilder("sh", "-c", "read x; " + script()).start();
        processes.add(p);
        g.addProcess(p.pid());
        OutputStream in = p.getOutputStream();
        in.write('\n');
        in.flush();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the shell did not finish");
        return parse(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** Opens each node for reading (dd reads nothing), printing "name: ok" or "name: <dd's error>". */
    private String script() {
        StringBuilder s = new StringBuilder();
        for (String[] n : NODES) {
            Path node = dir.resolve(n[0]);
            s.append("if out=$(dd if=").append(node).append(" of=/dev/null count=0 status=none 2>&1); then echo '")
                    .append(n[0]).append(": ok'; else echo \"").append(n[0]).append(": ${out##*: }\"; fi; ");
        }
        return s.toString();
    }

    private static Map<String, String> parse(String output) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0) {
                out.put(line.substring(0, colon), line.substring(colon + 2).strip());
            }
        }
        return out;
    }

    private static void assertAllowedOpenAndOthersAreEperm(Map<String, String> opened) {
        assertEquals(NODES.length, opened.size(), opened.toString());
        assertEquals("ok", opened.get("null"), opened.toString());
        assertEquals("ok", opened.get("urandom"), opened.toString());
        for (String denied : List.of("loop0", "loop-control", "tty1", "mem")) {
            assertEquals("Operation not permitted", opened.get(denied), denied + ": " + opened);
        }
    }
}
