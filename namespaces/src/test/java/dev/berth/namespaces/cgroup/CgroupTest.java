package dev.berth.namespaces.cgroup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.namespaces.cgroup.SampleHosts.Host;
import dev.berth.namespaces.cgroup.device.DevicePolicy;
import dev.berth.namespaces.cgroup.device.DeviceRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Placement, limits, statistics and removal on fake cgroup trees of each kind of host. */
class CgroupTest {
    private static final CgroupLimits ALL = CgroupLimits.builder()
            .memoryBytes(32L << 20).pidsMax(8).cpus(0.5).cpuShares(512).build();

    @TempDir
    Path root;

    private static Cgroup create(Host host, String name, CgroupLimits limits) {
        return Cgroup.create(host.layout(), name, limits, host.fs());
    }

    @Test
    void hybridWritesEveryLimitToItsV1Hierarchy() {
        Host host = SampleHosts.hybrid(root);
        FakeCgroupfs fs = host.fs();
        try (Cgroup g = create(host, "web", ALL)) {
            String memory = "sys/fs/cgroup/memory/process_api/ccf621e4/berth/web/";
            assertEquals(List.of(
                    memory + "memory.limit_in_bytes=33554432",
                    memory + "memory.memsw.limit_in_bytes=33554432",
                    "sys/fs/cgroup/pids/berth/web/pids.max=8",
                    "sys/fs/cgroup/cpu/berth/web/cpu.cfs_period_us=100000",
                    "sys/fs/cgroup/cpu/berth/web/cpu.cfs_quota_us=50000",
                    "sys/fs/cgroup/cpu/berth/web/cpu.shares=512"),
                    fs.writes().stream().map(Object::toString).collect(Collectors.toList()));
            assertEquals(List.of(
                    fs.path("/" + memory + "cgroup.procs"),
                    fs.path("/sys/fs/cgroup/pids/berth/web/cgroup.procs"),
                    fs.path("/sys/fs/cgroup/cpu/berth/web/cgroup.procs"),
                    fs.path("/sys/fs/cgroup/cpuacct/berth/web/cgroup.procs"),
                    fs.path("/sys/fs/cgroup/devices/berth/web/cgroup.procs"),
                    fs.path("/sys/fs/cgroup/freezer/berth/web/cgroup.procs")), g.procsFiles());
            assertFalse(Files.exists(fs.path("/sys/fs/cgroup/unified/berth")),
                    "cgroup2 serves nothing Berth uses here, so nothing is made there");
        }
    }

    @Test
    void hybridWritesTheDevicePolicyToTheV1DevicesGroupDenyingAllFirst() {
        Host host = SampleHosts.hybrid(root);
        DevicePolicy policy = DevicePolicy.dockerDefault();
        try (Cgroup g = create(host, "web", CgroupLimits.builder().devices(policy).build())) {
            List<String> writes = host.fs().writesTo("devices/berth/web/");
            assertEquals("sys/fs/cgroup/devices/berth/web/devices.deny=a", writes.get(0));
            assertEquals("sys/fs/cgroup/devices/berth/web/devices.allow=c *:* m", writes.get(1));
            assertEquals("sys/fs/cgroup/devices/berth/web/devices.allow=c 10:200 rwm", writes.get(writes.size() - 1));
            assertEquals(policy.rules().size() + 1, writes.size());
            assertEquals(writes.size(), host.fs().writes().size(), "nothing but the device policy is written");
        }
    }

    @Test
    void v2AttachesTheDeviceProgramToTheGroupAndEnablesNoControllerForIt() {
        Host host = SampleHosts.pureV2(root);
        DevicePolicy policy = DevicePolicy.dockerDefault().allow(DeviceRule.parse("b 7:0 r"));
        try (Cgroup g = create(host, "web", CgroupLimits.builder().devices(policy).build())) {
            Path dir = host.fs().path("/sys/fs/cgroup/berth/web");
            assertArrayEquals(policy.program(), host.fs().attachedProgram(dir));
            assertTrue(host.fs().writesTo("subtree_control").stream().noneMatch(w -> w.contains("devices")),
                    host.fs().writesTo("subtree_control").toString());
        }
    }

    @Test
    void aDevicePolicyWithoutAnyDevicesControllerFailsAndCreatesNothing() {
        Host host = SampleHosts.pureV1(root);
        CgroupException e = assertThrows(CgroupException.class, () -> create(host, "web",
                CgroupLimits.builder().devices(DevicePolicy.dockerDefault()).build()));
        assertTrue(e.getMessage().contains("device policy") && e.getMessage().contains("no devices controller"),
                e.getMessage());
        assertFalse(Files.exists(host.fs().path("/sys/fs/cgroup/memory/system.slice/app.service/berth/web")));
    }

    @Test
    void v1WithoutSwapAccountingWritesNoMemswLimit() {
        FakeCgroupfs fs = new FakeCgroupfs(root).withoutSwapAccounting()
                .v1("/sys/fs/cgroup/memory", "memory");
        Host noSwap = new Host("35 31 0:32 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n",
                "4:memory:/\n", fs, root);
        try (Cgroup g = create(noSwap, "db", CgroupLimits.builder().memoryBytes(1 << 20).build())) {
            assertFalse(Files.exists(g.directories().get(0).resolve("memory.memsw.limit_in_bytes")));
            assertEquals(List.of("sys/fs/cgroup/memory/berth/db/memory.limit_in_bytes=1048576"),
                    fs.writes().stream().map(Object::toString).collect(Collectors.toList()));
        }
    }

    @Test
    void aGroupAnotherProcessMadeUnderItsOwnV1CgroupIsFoundFromTheContainersProcCgroup() {
        Host host = SampleHosts.hybrid(root);
        CgroupLayout otherJvm = CgroupLayout.parse(SampleHosts.HYBRID_MOUNTINFO,
                SampleHosts.HYBRID_CGROUP.replace("/process_api/ccf621e4", "/process_api/later"), root);
        String container = "9:name=systemd:/\n8:pids:/berth/web\n7:blkio:/\n6:freezer:/berth/web\n"
                + "5:devices:/berth/web\n4:memory:/process_api/ccf621e4/berth/web\n3:cpuset:/\n"
                + "2:cpuacct:/berth/web\n1:cpu:/berth/web\n0::/\n";
        try (Cgroup made = create(host, "web", CgroupLimits.builder().pidsMax(3).build())) {
            assertTrue(Cgroup.existing(otherJvm, "web", host.fs()).isEmpty(), "found by placement under another own cgroup");
            Cgroup found = Cgroup.ofProcess(otherJvm, "web", container, host.fs()).orElseThrow();
            assertEquals(made.directories(), found.directories());
            // In a subgroup the container made, the group is still its berth/<name> ancestor.
            String nested = container.replace("/berth/web\n", "/berth/web/inner/berth/web\n");
            assertEquals(made.directories(), Cgroup.ofProcess(otherJvm, "web", nested, host.fs()).orElseThrow().directories());
            // Another group's process, a path out of the mount, a missing hierarchy: nothing.
            assertTrue(Cgroup.ofProcess(otherJvm, "db", container, host.fs()).isEmpty());
            assertTrue(Cgroup.ofProcess(otherJvm, "web", container.replace("8:pids:/berth/web", "8:pids:/../berth/web"),
                    host.fs()).isEmpty());
            assertTrue(Cgroup.ofProcess(otherJvm, "web", container.replace("8:pids:/berth/web\n", ""), host.fs()).isEmpty());
        }
        assertTrue(Cgroup.ofProcess(otherJvm, "web", container, host.fs()).isEmpty(), "a removed group was found");
    }

    @Test
    void aV2GroupIsFoundFromTheZeroLineOfTheContainersProcCgroup() {
        Host host = SampleHosts.pureV2(root);
        try (Cgroup made = create(host, "web", CgroupLimits.builder().pidsMax(3).build())) {
            Cgroup found = Cgroup.ofProcess(host.layout(), "web", "0::/berth/web\n", host.fs()).orElseThrow();
            assertEquals(made.directories(), found.directories());
            assertTrue(Cgroup.ofProcess(host.layout(), "web", "0::/../../berth/web\n", host.fs()).isEmpty());
        }
    }

    @Test
    void pureV1PutsGroupsUnderTheOwnCgroup() {
        Host host = SampleHosts.pureV1(root);
        try (Cgroup g = create(host, "web", CgroupLimits.builder().pidsMax(3).build())) {
            assertEquals(List.of("sys/fs/cgroup/pids/system.slice/app.service/berth/web/pids.max=3"),
                    host.fs().writesTo("pids.max"));
            assertEquals(4, g.directories().size());
            assertEquals(host.fs().path("/sys/fs/cgroup/cpuacct/system.slice/app.service/berth/web"),
                    g.directory(CgroupController.CPUACCT).orElseThrow());
        }
    }

    @Test
    void coMountedV1MakesOneDirectoryForCpuAndCpuacct() {
        Host host = SampleHosts.comountedV1(root);
        try (Cgroup g = create(host, "web", CgroupLimits.builder().cpus(2).build())) {
            assertEquals(2, g.procsFiles().size(), "memory and cpu,cpuacct");
            assertEquals(g.directory(CgroupController.CPU), g.directory(CgroupController.CPUACCT));
            assertEquals(List.of(
                    "sys/fs/cgroup/cpu,cpuacct/user.slice/berth/web/cpu.cfs_period_us=100000",
                    "sys/fs/cgroup/cpu,cpuacct/user.slice/berth/web/cpu.cfs_quota_us=200000"),
                    host.fs().writesTo("cpu.cfs"));
        }
    }

    @Test
    void v2EnablesControllersInEachAncestorThenWritesTheLimits() {
        Host host = SampleHosts.pureV2(root);
        FakeCgroupfs fs = host.fs();
        try (Cgroup g = create(host, "web", ALL)) {
            assertEquals(List.of(
                    // the root already gives cpu, io, memory and pids to its children (systemd)
                    "sys/fs/cgroup/berth/cgroup.subtree_control=+memory",
                    "sys/fs/cgroup/berth/cgroup.subtree_control=+pids",
                    "sys/fs/cgroup/berth/cgroup.subtree_control=+cpu",
                    "sys/fs/cgroup/berth/web/memory.max=33554432",
                    "sys/fs/cgroup/berth/web/memory.swap.max=0",
                    "sys/fs/cgroup/berth/web/pids.max=8",
                    "sys/fs/cgroup/berth/web/cpu.max=50000 100000",
                    "sys/fs/cgroup/berth/web/cpu.weight=" + CgroupLimits.weightOfShares(512)),
                    fs.writes().stream().map(Object::toString).collect(Collectors.toList()));
            assertEquals(List.of(fs.path("/sys/fs/cgroup/berth/web/cgroup.procs")), g.procsFiles());
        }
    }

    @Test
    void v2EnablesAtTheRootToo() throws Exception {
        Host host = SampleHosts.pureV2(root);
        host.fs().put(host.fs().path("/sys/fs/cgroup/cgroup.subtree_control"), "");
        try (Cgroup g = create(host, "web", CgroupLimits.none())) {
            assertEquals(List.of(
                    "sys/fs/cgroup/cgroup.subtree_control=+memory",
                    "sys/fs/cgroup/cgroup.subtree_control=+pids",
                    "sys/fs/cgroup/cgroup.subtree_control=+cpu",
                    "sys/fs/cgroup/berth/cgroup.subtree_control=+memory",
                    "sys/fs/cgroup/berth/cgroup.subtree_control=+pids",
                    "sys/fs/cgroup/berth/cgroup.subtree_control=+cpu"),
                    host.fs().writesTo("subtree_control"));
            assertTrue(Files.exists(g.directories().get(0).resolve("memory.max")),
                    "the leaf got the memory controller from its parent");
        }
    }

    @Test
    void v2WithoutSwapAccountingWritesNoSwapMax() {
        FakeCgroupfs fs = new FakeCgroupfs(root).withoutSwapAccounting()
                .v2("/sys/fs/cgroup", "memory pids");
        Host host = new Host(SampleHosts.V2_MOUNTINFO, "0::/init.scope\n", fs, root);
        try (Cgroup g = create(host, "web", CgroupLimits.builder().memoryBytes(4096).build())) {
            assertFalse(Files.exists(g.directories().get(0).resolve("memory.swap.max")));
            assertEquals(List.of("sys/fs/cgroup/berth/web/memory.max=4096"), fs.writesTo("/web/"));
        }
    }

    @Test
    void v2UnderAConfiguredParentEnablesEveryAncestor() {
        Host host = SampleHosts.pureV2(root);
        FakeCgroupfs fs = host.fs();
        CgroupLayout layout = host.layout().withV2Parent("/apps.slice/berth");
        try (Cgroup g = Cgroup.create(layout, "web", CgroupLimits.builder().pidsMax(4).build(), fs)) {
            assertEquals(fs.path("/sys/fs/cgroup/apps.slice/berth/web"), g.directories().get(0));
            assertTrue(fs.writesTo("subtree_control").containsAll(List.of(
                    "sys/fs/cgroup/apps.slice/cgroup.subtree_control=+pids",
                    "sys/fs/cgroup/apps.slice/berth/cgroup.subtree_control=+pids")),
                    fs.writesTo("subtree_control").toString());
        }
        assertTrue(Files.exists(fs.path("/sys/fs/cgroup/apps.slice")), "only the 'berth' parent is removed");
        assertFalse(Files.exists(fs.path("/sys/fs/cgroup/apps.slice/berth/web")));
        LeftoverCgroups.remove(layout, Duration.ZERO, n -> true, fs);
        assertTrue(Files.exists(fs.path("/sys/fs/cgroup/apps.slice")), "only the 'berth' parent is removed");
        assertFalse(Files.exists(fs.path("/sys/fs/cgroup/apps.slice/berth")));
    }

    @Test
    void v2ControllerThatCannotBeEnabledFailsOnlyWhenALimitNeedsIt() {
        Host host = SampleHosts.pureV2(root);
        FakeCgroupfs fs = host.fs();
        CgroupLayout layout = host.layout()
                .withV2Parent("/user.slice/user-1000.slice/session-2.scope/berth");
        // The session scope has processes: v2's no-internal-process rule makes this EBUSY.
        fs.failWrites("/sys/fs/cgroup/user.slice/user-1000.slice/session-2.scope/cgroup.subtree_control",
                "Device or resource busy");
        CgroupException e = assertThrows(CgroupException.class, () -> Cgroup.create(layout, "web",
                CgroupLimits.builder().memoryBytes(1 << 20).build(), fs));
        assertTrue(e.getMessage().contains("cannot enable the memory controller"), e.getMessage());
        assertTrue(e.getMessage().contains("memory limit (1048576 bytes)"), e.getMessage());
        assertTrue(e.getMessage().contains("Device or resource busy"), e.getMessage());
        assertTrue(e.getMessage().contains("no processes of its own"), e.getMessage());
        assertFalse(Files.exists(fs.path("/sys/fs/cgroup/user.slice/user-1000.slice/session-2.scope/berth/web")));

        // Without limits the same layout works; the group just has no memory statistics.
        try (Cgroup g = Cgroup.create(layout, "web", CgroupLimits.none(), fs)) {
            assertEquals(OptionalLong.empty(), g.stats().memoryUsageBytes());
        }
    }

    @Test
    void aLimitWhoseControllerIsMissingFailsNamingBothAndCreatesNothing() {
        Host host = SampleHosts.comountedV1(root); // no pids hierarchy
        CgroupException e = assertThrows(CgroupException.class,
                () -> create(host, "web", CgroupLimits.builder().memoryBytes(1 << 20).pidsMax(8).build()));
        assertTrue(e.getMessage().contains("pids limit (8)"), e.getMessage());
        assertTrue(e.getMessage().contains("no pids controller"), e.getMessage());
        assertFalse(Files.exists(host.fs().path("/sys/fs/cgroup/memory/user.slice/berth")));
        assertTrue(host.fs().writes().isEmpty());
    }

    @Test
    void creatingAnExistingNameFailsAndLeavesTheFirstAlone() {
        Host host = SampleHosts.hybrid(root);
        try (Cgroup first = create(host, "web", CgroupLimits.none())) {
            CgroupException e = assertThrows(CgroupException.class,
                    () -> create(host, "web", CgroupLimits.none()));
            assertTrue(e.getMessage().contains("already exists"), e.getMessage());
            assertTrue(e.getMessage().contains("/berth/web"), e.getMessage());
            for (Path dir : first.directories()) {
                assertTrue(Files.isDirectory(dir), dir + " of the first group must survive");
            }
        }
    }

    @Test
    void aRefusedLimitRollsTheGroupBack() {
        Host host = SampleHosts.hybrid(root);
        host.fs().failWrites("/sys/fs/cgroup/pids/berth/web/pids.max", "Invalid argument");
        CgroupException e = assertThrows(CgroupException.class,
                () -> create(host, "web", CgroupLimits.builder().pidsMax(8).build()));
        assertTrue(e.getMessage().contains("writing '8' to"), e.getMessage());
        assertTrue(e.getMessage().contains("Invalid argument"), e.getMessage());
        assertFalse(Files.exists(host.fs().path("/sys/fs/cgroup/pids/berth/web")));
        assertFalse(Files.exists(host.fs().path("/sys/fs/cgroup/memory/process_api/ccf621e4/berth/web")));
    }

    @Test
    void namesMustBeOnePathComponent() {
        Host host = SampleHosts.hybrid(root);
        for (String bad : new String[] {"", "..", "a/b", ".hidden", "-x", "a b", "x".repeat(129)}) {
            assertThrows(IllegalArgumentException.class, () -> create(host, bad, CgroupLimits.none()), bad);
        }
    }

    @Test
    void v1FreezesThroughFreezerStateAndV2ThroughCgroupFreezeWaitingForFrozen() {
        Host hybrid = SampleHosts.hybrid(root.resolve("a"));
        try (Cgroup g = create(hybrid, "web", CgroupLimits.none())) {
            assertFalse(g.isFrozen());
            g.freeze();
            assertTrue(g.isFrozen());
            g.thaw();
            assertFalse(g.isFrozen());
            assertEquals(List.of("sys/fs/cgroup/freezer/berth/web/freezer.state=FROZEN",
                    "sys/fs/cgroup/freezer/berth/web/freezer.state=THAWED"), hybrid.fs().writesTo("freezer"));
        }
        Host v2 = SampleHosts.pureV2(root.resolve("b"));
        try (Cgroup g = create(v2, "web", CgroupLimits.none())) {
            Path events = g.directories().get(0).resolve("cgroup.events");
            g.freeze();
            assertTrue(g.isFrozen());
            assertEquals("populated 0\nfrozen 1\n", v2.fs().readString(events));
            g.thaw();
            assertFalse(g.isFrozen());
            assertEquals(List.of("sys/fs/cgroup/berth/web/cgroup.freeze=1", "sys/fs/cgroup/berth/web/cgroup.freeze=0"),
                    v2.fs().writesTo("cgroup.freeze"));
        }
    }

    @Test
    void aGroupThatNeverReportsFrozenIsThawedAgainAndTheFreezeFails() {
        Host v2 = SampleHosts.pureV2(root);
        v2.fs().neverFreeze();
        try (Cgroup g = create(v2, "web", CgroupLimits.none())) {
            CgroupException e = assertThrows(CgroupException.class, g::freeze);
            assertTrue(e.getMessage().contains("did not report frozen"), e.getMessage());
            assertFalse(g.isFrozen(), "thawed again");
        }
    }

    @Test
    void addProcessWritesThePidIntoEveryHierarchy() {
        Host host = SampleHosts.hybrid(root);
        try (Cgroup g = create(host, "web", CgroupLimits.none())) {
            g.addProcess(4242);
            assertEquals(6, host.fs().writesTo("cgroup.procs").size());
            assertTrue(host.fs().writesTo("cgroup.procs").stream().allMatch(w -> w.endsWith("=4242")));
            assertEquals(Set.of(4242L), g.pids());
            assertTrue(g.hasProcesses());
        }
    }

    @Test
    void closeKillsWhatIsLeftAndRemovesEveryDirectoryAndTheEmptyParents() {
        Host host = SampleHosts.hybrid(root);
        FakeCgroupfs fs = host.fs();
        Cgroup g = create(host, "web", CgroupLimits.none());
        g.addProcess(101);
        fs.addPid(g.directory(CgroupController.MEMORY).orElseThrow(), 102);
        List<Path> dirs = g.directories();

        g.close();

        assertEquals(Set.of(101L, 102L), fs.killed());
        for (Path dir : dirs) {
            assertFalse(Files.exists(dir), dir + " should be gone");
            assertFalse(Files.exists(dir.getParent()), dir.getParent() + " became empty and should be gone");
        }
        assertTrue(Files.isDirectory(fs.path("/sys/fs/cgroup/memory/process_api/ccf621e4")),
                "the own cgroup is not Berth's to remove");
        g.close(); // idempotent
        assertFalse(g.hasProcesses());
    }

    @Test
    void closeKeepsTheParentWhileAnotherGroupIsInIt() {
        Host host = SampleHosts.pureV2(root);
        try (Cgroup other = create(host, "other", CgroupLimits.none())) {
            assertEquals("other", other.name());
            create(host, "web", CgroupLimits.none()).close();
            assertTrue(Files.isDirectory(host.fs().path("/sys/fs/cgroup/berth/other")));
            assertFalse(Files.exists(host.fs().path("/sys/fs/cgroup/berth/web")));
        }
        assertFalse(Files.exists(host.fs().path("/sys/fs/cgroup/berth")), "removed with its last group");
    }

    @Test
    void v2UsesCgroupKillAndV1FallsBackToSignals() {
        Host v2 = SampleHosts.pureV2(root.resolve("a"));
        try (Cgroup g = create(v2, "web", CgroupLimits.none())) {
            g.addProcess(7);
            g.kill();
            assertTrue(v2.fs().writesTo("cgroup.kill").contains("sys/fs/cgroup/berth/web/cgroup.kill=1"));
            assertFalse(g.hasProcesses());
            assertTrue(Files.isDirectory(g.directories().get(0)), "kill() keeps the group");
        }

        FakeCgroupfs old = new FakeCgroupfs(root.resolve("b")).withoutCgroupKill().v2("/sys/fs/cgroup", "memory pids");
        Host oldV2 = new Host(SampleHosts.V2_MOUNTINFO, "0::/init.scope\n", old, root.resolve("b"));
        Cgroup g = create(oldV2, "web", CgroupLimits.none());
        g.addProcess(8);
        g.close();
        assertEquals(Set.of(8L), old.killed());
        assertTrue(old.writesTo("cgroup.kill").isEmpty());
        assertFalse(Files.exists(g.directories().get(0)));
    }

    @Test
    void v2CountsProcessesByThePopulatedFlagAndV1ByItsProcsFiles() {
        Host v2 = SampleHosts.pureV2(root.resolve("a"));
        try (Cgroup g = create(v2, "web", CgroupLimits.none())) {
            Path events = g.directories().get(0).resolve("cgroup.events");
            // An exiting process: no longer in cgroup.procs, still counted by the kernel.
            v2.fs().put(events, "populated 1\nfrozen 0\n");
            assertEquals(Set.of(), g.pids());
            assertTrue(g.hasProcesses());
            v2.fs().put(events, "populated 0\nfrozen 0\n");
            assertFalse(g.hasProcesses());
        }

        Host v1 = SampleHosts.pureV1(root.resolve("b"));
        try (Cgroup g = create(v1, "web", CgroupLimits.none())) {
            Path memory = g.directory(CgroupController.MEMORY).orElseThrow();
            v1.fs().put(memory.resolve("cgroup.events"), "populated 1\n"); // no such file in v1: not read
            assertFalse(g.hasProcesses());
            v1.fs().addPid(memory, 55);
            assertTrue(g.hasProcesses());
        }
    }

    @Test
    void eachHierarchyOfAHybridHostReadsItsOwnVersionsStats() throws Exception {
        // The v1 controllers give memory and CPU; the unified hierarchy, with no controllers
        // here, is not asked for either.
        Host host = SampleHosts.hybrid(root);
        try (Cgroup g = create(host, "web", CgroupLimits.none())) {
            for (Path dir : g.directories()) {
                host.fs().put(dir.resolve("memory.current"), "1\n");
                host.fs().put(dir.resolve("cpu.stat"), "usage_usec 1\n");
            }
            Path memory = g.directory(CgroupController.MEMORY).orElseThrow();
            host.fs().put(memory.resolve("memory.usage_in_bytes"), "4096\n");
            host.fs().put(g.directory(CgroupController.CPUACCT).orElseThrow().resolve("cpuacct.usage"), "77\n");
            CgroupStats s = g.stats();
            assertEquals(OptionalLong.of(4096), s.memoryUsageBytes());
            assertEquals(OptionalLong.of(77), s.cpuTimeNanos());
        }
    }

    @Test
    void closeRemovesGroupsTheContainerMadeInsideItsOwn() throws Exception {
        Host host = SampleHosts.pureV2(root);
        FakeCgroupfs fs = host.fs();
        Cgroup g = create(host, "web", CgroupLimits.none());
        Path inner = g.directories().get(0).resolve("init.scope");
        fs.mkdir(inner);
        fs.addPid(inner, 55);
        assertEquals(Set.of(55L), g.pids(), "pids of nested groups count");

        g.close();

        assertEquals(Set.of(55L), fs.killed());
        assertFalse(Files.exists(inner));
        assertFalse(Files.exists(g.directories().get(0)));
    }

    @Test
    void statsAndOomKillsComeFromEachHierarchysFiles() {
        Host host = SampleHosts.hybrid(root);
        FakeCgroupfs fs = host.fs();
        try (Cgroup g = create(host, "web", CgroupLimits.none())) {
            Path memory = g.directory(CgroupController.MEMORY).orElseThrow();
            fs.put(memory.resolve("memory.usage_in_bytes"), "1048576\n");
            fs.put(memory.resolve("memory.max_usage_in_bytes"), "33554432\n");
            fs.put(memory.resolve("memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n");
            fs.put(memory.resolve("memory.stat"), "cache 8192\ninactive_file 100\ntotal_inactive_file 4096\n");
            fs.put(g.directory(CgroupController.PIDS).orElseThrow().resolve("pids.current"), "3\n");
            fs.put(g.directory(CgroupController.CPUACCT).orElseThrow().resolve("cpuacct.usage"), "123456789\n");
            fs.put(g.directory(CgroupController.CPUACCT).orElseThrow().resolve("cpuacct.usage_percpu"), "123000000 456789 \n");

            CgroupStats s = g.stats();
            assertEquals(new CgroupStats(OptionalLong.of(1_048_576), OptionalLong.of(33_554_432),
                    OptionalLong.of(3), OptionalLong.of(123_456_789), 2, OptionalLong.of(4096),
                    java.util.Map.of("cache", 8192L, "inactive_file", 100L, "total_inactive_file", 4096L),
                    java.util.List.of(123_000_000L, 456_789L)), s);
            assertEquals(java.util.List.of("cache", "inactive_file", "total_inactive_file"), java.util.List.copyOf(s.memoryStat().keySet()),
                    "in the kernel's order");
            assertTrue(s.oomKilled());
            assertEquals(2, g.oomKillCount());
        }
    }

    @Test
    void v2StatsConvertCpuMicrosecondsAndMissingPeakIsEmpty() throws Exception {
        Host host = SampleHosts.pureV2(root);
        FakeCgroupfs fs = host.fs();
        try (Cgroup g = create(host, "web", CgroupLimits.none())) {
            Path dir = g.directories().get(0);
            fs.put(dir.resolve("memory.current"), "8192\n");
            Files.delete(dir.resolve("memory.peak")); // kernels before 5.19
            fs.put(dir.resolve("memory.events"), "low 0\nhigh 0\nmax 4\noom 1\noom_kill 1\n");
            fs.put(dir.resolve("pids.current"), "1\n");
            fs.put(dir.resolve("memory.stat"), "anon 4096\nfile 2048\ninactive_file 1024\n");
            fs.put(dir.resolve("cpu.stat"), "usage_usec 2500\nuser_usec 2000\nsystem_usec 500\n");

            assertEquals(new CgroupStats(OptionalLong.of(8192), OptionalLong.empty(),
                    OptionalLong.of(1), OptionalLong.of(2_500_000), 1, OptionalLong.of(1024),
                    java.util.Map.of("anon", 4096L, "file", 2048L, "inactive_file", 1024L), java.util.List.of()), g.stats(),
                    "v2 has no per-CPU times");
        }
    }

    @Test
    void leftoversWithoutProcessesAreRemovedAndOthersKept() throws Exception {
        Host host = SampleHosts.hybrid(root);
        FakeCgroupfs fs = host.fs();
        CgroupLayout layout = host.layout();
        Cgroup crashed = create(host, "crashed", CgroupLimits.none());
        Cgroup busy = create(host, "busy", CgroupLimits.none());
        busy.addProcess(77); // a live container of another JVM
        Cgroup young = create(host, "young", CgroupLimits.none());
        FileTime old = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
        for (Cgroup g : List.of(crashed, busy)) {
            for (Path dir : g.directories()) {
                Files.setLastModifiedTime(dir, old);
            }
        }

        List<Path> removed = LeftoverCgroups.remove(layout, Duration.ofMinutes(1), n -> true, fs);

        assertEquals(crashed.directories(), removed);
        crashed.directories().forEach(d -> assertFalse(Files.exists(d), d + " is a leftover"));
        busy.directories().forEach(d -> assertTrue(Files.exists(d), d + " has a process"));
        young.directories().forEach(d -> assertTrue(Files.exists(d), d + " may be about to be used"));
        assertTrue(fs.killed().isEmpty(), "leftover cleanup never kills");

        assertEquals(young.directories(), LeftoverCgroups.remove(layout, Duration.ZERO, n -> true, fs));
        busy.close();
        LeftoverCgroups.remove(layout, Duration.ZERO, n -> true, fs);
        assertFalse(Files.exists(fs.path("/sys/fs/cgroup/pids/berth")), "all gone: parent removed");
    }

    @Test
    void leftoversInAHierarchyWithoutABerthParentAreNothing() {
        Host host = SampleHosts.pureV1(root);
        assertEquals(List.of(), LeftoverCgroups.remove(host.layout(), Duration.ZERO, n -> true, host.fs()));
    }
}
