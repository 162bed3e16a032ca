package dev.berth.namespaces.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.namespaces.linux.LinuxSyscalls;
import dev.berth.namespaces.testing.RequiresRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The move of a nested cgroup v2 root's processes into its {@code init} leaf, on the real kernel:
 * a cgroup2 group stands in for a pod's cgroup, holding a process. (Enabling controllers after the
 * move cannot be shown on a hybrid host, whose cgroup2 hierarchy has no controllers; the fake
 * kernel's NestedCgroupRootTest covers that order.)
 */
@Timeout(60)
@RequiresRoot("creates a cgroup2 group and moves a process")
class NestedCgroupRootIntegrationTest {
    @Test
    void aProcessOfTheNestedRootMovesIntoInitWithAllItsThreads() throws Exception {
        Path unified = CgroupLayout.system().hierarchies().stream().filter(CgroupHierarchy::isUnified)
                .map(CgroupHierarchy::mountPoint).findFirst()
                .orElseGet(() -> Path.of("/sys/fs/cgroup/unified"));
        assumeTrue(Files.isWritable(unified.resolve("cgroup.procs")), "no writable cgroup2 mount here");
        Path pod = unified.resolve("berth-nested-test-" + ProcessHandle.current().pid());
        Files.createDirectory(pod);
        Process p = null;
        try {
            p = new ProcessBuilder("sleep", "60").start();
            Files.writeString(pod.resolve("cgroup.procs"), Long.toString(p.pid()));
            CgroupKernel kernel = new CgroupKernel(LinuxSyscalls.get());
            NestedCgroupRoot root = new NestedCgroupRoot(kernel, pod);
            assertTrue(root.holdsProcesses(), "a non-root group (it has cgroup.type) with a process");
            if (!Files.exists(unified.resolve("cgroup.type"))) {
                assertFalse(new NestedCgroupRoot(kernel, unified).holdsProcesses(), "the real root is never taken for a nested one");
            }
            List<Long> moved = root.moveProcessesToLeaf();
            assertEquals(List.of(p.pid()), moved);
            assertEquals("", Files.readString(pod.resolve("cgroup.procs")).trim());
            assertEquals(Long.toString(p.pid()), Files.readString(pod.resolve("init/cgroup.procs")).trim());
            assertTrue(Files.readString(Path.of("/proc/" + p.pid() + "/cgroup")).contains(pod.getFileName() + "/init"),
                    "the kernel reports the process in the leaf");
        } finally {
            if (p != null) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(pod.resolve("init"));
            Files.deleteIfExists(pod);
        }
    }
}
