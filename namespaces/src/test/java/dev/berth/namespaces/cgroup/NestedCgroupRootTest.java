package dev.berth.namespaces.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.namespaces.cgroup.SampleHosts.Host;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Limits inside a pod with its own cgroup namespace on a cgroup v2 node: the pod's processes move
 * into a leaf first, because a cgroup with processes cannot enable controllers for children.
 */
class NestedCgroupRootTest {
    private static final CgroupLimits MEMORY_AND_PIDS = CgroupLimits.builder().memoryBytes(64L << 20).pidsMax(16).build();

    @TempDir
    Path root;

    @Test
    void theNestedRootsProcessesMoveToInitBeforeControllersAreEnabled() {
        Host host = SampleHosts.nestedV2(root);
        FakeCgroupfs fs = host.fs();
        try (Cgroup g = Cgroup.create(host.layout(), "web", MEMORY_AND_PIDS, fs)) {
            assertEquals("", fs.readString(fs.path("/sys/fs/cgroup/cgroup.procs")).trim(), "the pod's root holds no process");
            assertEquals("1\n42\n", fs.readString(fs.path("/sys/fs/cgroup/init/cgroup.procs")));
            String enabled = fs.readString(fs.path("/sys/fs/cgroup/cgroup.subtree_control"));
            assertTrue(enabled.contains("memory") && enabled.contains("pids"), enabled);
            assertEquals(java.util.List.of("sys/fs/cgroup/berth/web/memory.max=67108864"),
                    fs.writesTo("web/memory.max"));
            assertEquals(java.util.List.of("sys/fs/cgroup/berth/web/pids.max=16"), fs.writesTo("web/pids.max"));
            assertEquals(java.util.List.of("sys/fs/cgroup/init/cgroup.procs=1", "sys/fs/cgroup/init/cgroup.procs=42"),
                    fs.writesTo("init/cgroup.procs"), "each process is moved once, before any subtree_control write");
        }
    }

    @Test
    void theFakeKernelRefusesControllersBesideProcesses() {
        Host host = SampleHosts.nestedV2(root);
        FakeCgroupfs fs = host.fs();
        Path pod = fs.path("/sys/fs/cgroup");
        assertThrows(java.nio.file.FileSystemException.class,
                () -> fs.write(pod.resolve("cgroup.subtree_control"), "+memory"),
                "the rule the move exists for holds in the fake kernel");
    }

    @Test
    void aThreadedRootIsRefusedWithTheReason() {
        Host host = SampleHosts.nestedV2(root);
        FakeCgroupfs fs = host.fs();
        fs.put(fs.path("/sys/fs/cgroup/cgroup.type"), "domain threaded\n");
        CgroupException e = assertThrows(CgroupException.class,
                () -> Cgroup.create(host.layout(), "web", MEMORY_AND_PIDS, fs));
        assertTrue(e.getMessage().contains("cgroup.type is 'domain threaded'"), e.getMessage());
        assertEquals("1\n42\n", fs.readString(fs.path("/sys/fs/cgroup/cgroup.procs")), "nothing was moved");
    }
}
