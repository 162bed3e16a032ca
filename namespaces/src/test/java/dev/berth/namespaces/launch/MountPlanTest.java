package dev.berth.namespaces.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MountPlanTest {
    private final RootFs overlay = RootFs.overlay(List.of(Path.of("/l2"), Path.of("/l1")), Path.of("/u"), Path.of("/w"), Path.of("/m"));

    @Test
    void rootComesFirstThenStandardThenCallerThenMasksThenReadOnlyRoot() {
        ProcessSpec spec = ProcessSpec.builder("true").rootfs(overlay).readOnlyRoot(true)
                .bind(Path.of("/data"), "/data", false).build();
        List<Mount> plan = MountPlan.of(spec, false);
        Mount root = plan.get(0);
        assertEquals(Mount.Op.OVERLAY, root.op());
        assertEquals("/", root.target());
        assertEquals("/l2\n/l1", root.source());
        assertEquals("upperdir=/u,workdir=/w" + (OverlayIndex.supported() ? ",index=on" : ""), root.data());
        assertEquals("/proc", plan.get(1).target());
        assertEquals("proc", plan.get(1).fstype());
        int data = indexOf(plan, "/data");
        int kcore = indexOf(plan, "/proc/kcore");
        int sysctl = indexOf(plan, "/proc/sys");
        assertTrue(indexOf(plan, "/dev/null") < data && data < kcore && kcore < sysctl, plan.toString());
        Mount last = plan.get(plan.size() - 1);
        assertEquals(Mount.Op.REMOUNT, last.op());
        assertEquals("/", last.target());
        assertEquals(Mount.MS_RDONLY, last.flags());
        assertEquals(Mount.Op.MASK, plan.get(kcore).op());
        assertEquals(Mount.OPTIONAL, plan.get(kcore).options() & Mount.OPTIONAL);
        assertEquals(Mount.Op.READONLY, plan.get(sysctl).op());
    }

    @Test
    void aVolatileUpperAddsTheOverlayOption() {
        ProcessSpec spec = ProcessSpec.builder("true").rootfs(overlay.volatileUpper()).build();
        assertEquals("upperdir=/u,workdir=/w,volatile" + (OverlayIndex.supported() ? ",index=on" : ""),
                MountPlan.of(spec, false).get(0).data());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> RootFs.directory(Path.of("/r")).volatileUpper());
    }

    @Test
    void rootUsesMknodForDevicesAndRootlessBindsThem() {
        ProcessSpec spec = ProcessSpec.builder("true").rootfs(overlay).build();
        Mount rootNull = MountPlan.of(spec, false).get(indexOf(MountPlan.of(spec, false), "/dev/null"));
        assertEquals(Mount.Op.MKNOD, rootNull.op());
        assertEquals(0020666, rootNull.mode());
        assertEquals(Mount.makedev(1, 3), rootNull.dev());
        List<Mount> rootless = MountPlan.of(spec, true);
        Mount userNull = rootless.get(indexOf(rootless, "/dev/null"));
        assertEquals(Mount.Op.BIND, userNull.op());
        assertEquals("/dev/null", userNull.source());
        assertTrue(rootless.get(0).data().endsWith(",userxattr"));
        assertTrue(!rootless.get(0).data().contains("index"), "the kernel refuses index=on with userxattr");
    }

    @Test
    void anAddedDeviceComesAfterTheStandardOnesMadeAsRootAndBoundRootless() {
        ProcessSpec spec = ProcessSpec.builder("true").rootfs(overlay)
                .device(new DeviceNode(Path.of("/dev/loop3"), "/dev/disk/x", true, 7, 3, 0660)).build();
        List<Mount> root = MountPlan.of(spec, false);
        int at = indexOf(root, "/dev/disk/x");
        assertTrue(at > indexOf(root, "/dev/null") && at > indexOf(root, "/dev/pts"), root.toString());
        assertEquals(Mount.Op.MKNOD, root.get(at).op());
        assertEquals(0060660, root.get(at).mode());
        assertEquals(Mount.makedev(7, 3), root.get(at).dev());
        List<Mount> rootless = MountPlan.of(spec, true);
        Mount bound = rootless.get(indexOf(rootless, "/dev/disk/x"));
        assertEquals(Mount.Op.BIND, bound.op());
        assertEquals("/dev/loop3", bound.source());
    }

    @Test
    void withoutANetworkNamespaceSysIsBoundReadOnly() {
        ProcessSpec spec = ProcessSpec.builder("true").rootfs(overlay)
                .namespaces(List.of(dev.berth.namespaces.Namespace.Type.MNT, dev.berth.namespaces.Namespace.Type.PID)).build();
        List<Mount> plan = MountPlan.of(spec, false);
        Mount sys = plan.get(indexOf(plan, "/sys"));
        assertEquals(Mount.Op.BIND, sys.op());
        assertTrue((sys.flags() & Mount.MS_RDONLY) != 0);
        assertEquals(-1, indexOf(plan, "/dev/mqueue"), "mqueue needs an IPC namespace");
    }

    @Test
    void withoutStandardMountsOnlyTheRootAndTheCallersMountsAreMade() {
        ProcessSpec spec = ProcessSpec.builder("true").rootfs(RootFs.directory(Path.of("/r"))).standardMounts(false)
                .mount(Mount.tmpfs("/scratch", 0, "size=1m")).build();
        assertEquals(List.of(Mount.bind(Path.of("/r"), "/", Mount.MS_REC, 0), Mount.tmpfs("/scratch", 0, "size=1m")),
                MountPlan.of(spec, false));
    }

    @Test
    void mountsWithoutARootAreRefused() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ProcessSpec.builder("true").mount(Mount.tmpfs("/scratch", 0, "size=1m")).build());
        assertTrue(e.getMessage().contains("mounts need a root"), e.getMessage());
    }

    @Test
    void makedevMatchesGlibc() {
        assertEquals(0x103, Mount.makedev(1, 3));
        assertEquals(0x500, Mount.makedev(5, 0));
        assertEquals((0x1000L << 32) | (0x123L << 8) | 0x45, Mount.makedev(0x1123, 0x45));
    }

    private static int indexOf(List<Mount> plan, String target) {
        for (int i = 0; i < plan.size(); i++) {
            if (plan.get(i).target().equals(target)) {
                return i;
            }
        }
        return -1;
    }
}
