package dev.berth.namespaces.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupLayoutTest {
    @TempDir
    Path root;

    private CgroupHierarchy of(CgroupLayout layout, CgroupController c) {
        return layout.hierarchyOf(c).orElseThrow(() -> new AssertionError("no " + c + " in " + layout));
    }

    @Test
    void pureV2ServesEverythingFromTheUnifiedMount() {
        CgroupLayout layout = SampleHosts.pureV2(root).layout();

        assertEquals(CgroupMode.V2, layout.mode());
        assertEquals(1, layout.hierarchies().size());
        CgroupHierarchy h = layout.hierarchies().get(0);
        assertTrue(h.isUnified());
        assertEquals(root.resolve("sys/fs/cgroup"), h.mountPoint());
        assertEquals(Set.of(CgroupController.values()), h.controllers(),
                "memory, pids and cpu are listed; cpuacct comes from cpu.stat");
        assertEquals("/user.slice/user-1000.slice/session-2.scope", h.ownPath());
        assertEquals(root.resolve("sys/fs/cgroup/berth"), layout.parentDirectory(h),
                "as root, Berth's groups go at the root of the mount, not under the own cgroup");
    }

    @Test
    void hybridServesTheV1ControllersFromTheirOwnMounts() {
        CgroupLayout layout = SampleHosts.hybrid(root).layout();

        assertEquals(CgroupMode.HYBRID, layout.mode());
        assertEquals(6, layout.hierarchies().size(), "cgroup2 has only hugetlb, so it is not used");
        assertTrue(layout.hierarchies().stream().noneMatch(CgroupHierarchy::isUnified));
        assertEquals(root.resolve("sys/fs/cgroup/memory"), of(layout, CgroupController.MEMORY).mountPoint());
        assertEquals(root.resolve("sys/fs/cgroup/pids"), of(layout, CgroupController.PIDS).mountPoint());
        assertEquals(root.resolve("sys/fs/cgroup/cpu"), of(layout, CgroupController.CPU).mountPoint());
        assertEquals(root.resolve("sys/fs/cgroup/cpuacct"), of(layout, CgroupController.CPUACCT).mountPoint());
        assertEquals(root.resolve("sys/fs/cgroup/devices"), of(layout, CgroupController.DEVICES).mountPoint());
        CgroupHierarchy memory = of(layout, CgroupController.MEMORY);
        assertEquals("/process_api/ccf621e4", memory.ownPath());
        assertEquals(root.resolve("sys/fs/cgroup/memory/process_api/ccf621e4/berth"),
                layout.parentDirectory(memory), "v1 groups stay under the own (limited) cgroup");
        assertEquals(root.resolve("sys/fs/cgroup/pids/berth"),
                layout.parentDirectory(of(layout, CgroupController.PIDS)));
    }

    @Test
    void withoutAV1DevicesMountCgroup2ServesTheDevicePolicyAlthoughItListsNoController() {
        String mountinfo = SampleHosts.HYBRID_MOUNTINFO.lines().filter(l -> !l.endsWith("rw,devices"))
                .reduce("", (a, b) -> a + b + "\n");
        CgroupLayout layout = CgroupLayout.parse(mountinfo, SampleHosts.HYBRID_CGROUP, root);
        CgroupHierarchy devices = of(layout, CgroupController.DEVICES);
        assertTrue(devices.isUnified(), layout.toString());
        assertEquals(Set.of(CgroupController.DEVICES), devices.controllers(), "everything else stays on v1");
        assertEquals(root.resolve("sys/fs/cgroup/unified/berth"), layout.parentDirectory(devices));
    }

    @Test
    void pureV1WithoutADevicesMountHasNoDeviceController() {
        assertTrue(SampleHosts.pureV1(root).layout().hierarchyOf(CgroupController.DEVICES).isEmpty());
    }

    @Test
    void hierarchiesAreListedMemoryFirstWhateverTheMountOrder() {
        CgroupLayout layout = SampleHosts.hybrid(root).layout();
        assertEquals(List.of(CgroupController.MEMORY, CgroupController.PIDS, CgroupController.CPU,
                CgroupController.CPUACCT, CgroupController.DEVICES, CgroupController.FREEZER),
                layout.hierarchies().stream().map(h -> h.controllers().iterator().next()).toList());
    }

    @Test
    void pureV1PlacesUnderTheOwnCgroupOfEachHierarchy() {
        CgroupLayout layout = SampleHosts.pureV1(root).layout();

        assertEquals(CgroupMode.V1, layout.mode());
        assertEquals(4, layout.hierarchies().size());
        for (CgroupHierarchy h : layout.hierarchies()) {
            assertEquals(1, h.version());
            assertEquals("/system.slice/app.service", h.ownPath());
            assertEquals(h.mountPoint().resolve("system.slice/app.service/berth"), layout.parentDirectory(h));
        }
    }

    @Test
    void coMountedCpuAndCpuacctAreOneHierarchy() {
        CgroupLayout layout = SampleHosts.comountedV1(root).layout();

        assertEquals(CgroupMode.V1, layout.mode());
        assertSame(of(layout, CgroupController.CPU), of(layout, CgroupController.CPUACCT));
        CgroupHierarchy cpu = of(layout, CgroupController.CPU);
        assertEquals(root.resolve("sys/fs/cgroup/cpu,cpuacct"), cpu.mountPoint());
        assertEquals("/user.slice", cpu.ownPath(), "matched by the set 'cpuacct,cpu', in any order");
        assertEquals(2, layout.hierarchies().size(), "memory and cpu,cpuacct; net_cls is not used");
        assertTrue(layout.hierarchyOf(CgroupController.PIDS).isEmpty(), "this host has no pids mount");
    }

    @Test
    void aControllerListedByCgroup2IsServedThere() throws Exception {
        // A hybrid host whose cgroup2 mount was given memory (no v1 memory mount then).
        String mountinfo = SampleHosts.OTHER_MOUNTS
                + "32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct\n"
                + "41 31 0:38 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n";
        new FakeCgroupfs(root).v1("/sys/fs/cgroup/cpu,cpuacct", "cpu", "cpuacct")
                .v2("/sys/fs/cgroup/unified", "memory pids");
        CgroupLayout layout = CgroupLayout.parse(mountinfo, "1:cpu,cpuacct:/\n0::/init.scope\n", root);

        assertEquals(CgroupMode.HYBRID, layout.mode());
        assertTrue(of(layout, CgroupController.MEMORY).isUnified());
        assertTrue(of(layout, CgroupController.PIDS).isUnified());
        assertFalse(of(layout, CgroupController.CPU).isUnified());
        assertFalse(of(layout, CgroupController.CPUACCT).isUnified(), "v1 cpuacct exists, so it is used");
        assertEquals(root.resolve("sys/fs/cgroup/unified/berth"),
                layout.parentDirectory(of(layout, CgroupController.MEMORY)));
    }

    @Test
    void aContainerThatSeesOnlyItsOwnSubtreeMapsPathsUnderTheMountRoot() throws Exception {
        // cgroup2 bind-mounted from the host without a cgroup namespace: mountinfo's root field
        // is the container's cgroup, which /proc/self/cgroup prints in full.
        String mountinfo = "700 690 0:26 /docker/abc123 /sys/fs/cgroup rw,nosuid - cgroup2 cgroup rw\n";
        new FakeCgroupfs(root).v2("/sys/fs/cgroup", "memory pids");
        CgroupLayout layout = CgroupLayout.parse(mountinfo, "0::/docker/abc123/app\n", root);

        CgroupHierarchy h = layout.hierarchies().get(0);
        assertEquals(root.resolve("sys/fs/cgroup/app"), h.ownDirectory());
        assertEquals(root.resolve("sys/fs/cgroup/x/y"), h.directoryOf("/docker/abc123/x/y"));
        CgroupException e = assertThrows(CgroupException.class, () -> h.directoryOf("/../other"));
        assertTrue(e.getMessage().contains("outside"), e.getMessage());
    }

    @Test
    void escapedMountPointsAreDecoded() throws Exception {
        String mountinfo = "41 31 0:38 / /tmp/cg\\040root rw - cgroup2 cgroup2 rw\n";
        Files.createDirectories(root.resolve("tmp/cg root"));
        Files.writeString(root.resolve("tmp/cg root/cgroup.controllers"), "memory\n");
        CgroupLayout layout = CgroupLayout.parse(mountinfo, "0::/\n", root);
        assertEquals(root.resolve("tmp/cg root"), of(layout, CgroupController.MEMORY).mountPoint());
    }

    @Test
    void theSameV1HierarchyMountedTwiceCountsOnce() {
        String mountinfo = SampleHosts.OTHER_MOUNTS
                + "35 31 0:32 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n"
                + "90 22 0:32 /other /mnt/memory rw - cgroup cgroup rw,memory\n";
        new FakeCgroupfs(root).v1("/sys/fs/cgroup/memory", "memory");
        CgroupLayout layout = CgroupLayout.parse(mountinfo, "4:memory:/process_api/x\n", root);
        assertEquals(1, layout.hierarchies().size());
        assertEquals(root.resolve("sys/fs/cgroup/memory"), layout.hierarchies().get(0).mountPoint(),
                "the mount that shows the own cgroup is chosen");
    }

    @Test
    void noCgroupMountAtAllIsAClearError() {
        CgroupException e = assertThrows(CgroupException.class,
                () -> CgroupLayout.parse(SampleHosts.OTHER_MOUNTS, "", root));
        assertTrue(e.getMessage().contains("no cgroup filesystem is mounted"), e.getMessage());
    }

    @Test
    void theV2ParentCanBeConfigured() {
        CgroupLayout layout = SampleHosts.pureV2(root).layout()
                .withV2Parent("/user.slice/user-1000.slice/user@1000.service/berth/");
        assertEquals("/user.slice/user-1000.slice/user@1000.service/berth", layout.v2Parent());
        assertEquals(root.resolve("sys/fs/cgroup/user.slice/user-1000.slice/user@1000.service/berth"),
                layout.parentDirectory(layout.hierarchies().get(0)));
        assertThrows(IllegalArgumentException.class, () -> layout.withV2Parent("relative/berth"));
        assertThrows(IllegalArgumentException.class, () -> layout.withV2Parent("/a/../b"));
    }

    @Test
    void effectiveUidIsTheSecondNumberOfTheUidLine() {
        assertEquals(1000, CgroupLayout.effectiveUid("Name:\tjava\nUid:\t0\t1000\t1000\t1000\nGid:\t0\n"));
    }

    @Test
    void detectsThisMachine() {
        // Whatever the host, detection must not fail where /proc and a cgroup mount exist.
        CgroupLayout layout = CgroupLayout.detect();
        assertFalse(layout.hierarchies().isEmpty(), layout.toString());
    }
}
