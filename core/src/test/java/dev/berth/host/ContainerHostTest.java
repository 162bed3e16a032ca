package dev.berth.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.namespaces.launch.Capability;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Container-host detection on /proc files recorded on real hosts: this development machine (a
 * Docker container with hybrid cgroups), a privileged podman container, an unprivileged one in a
 * user namespace, and a Kubernetes pod on a cgroup v2 node.
 */
class ContainerHostTest {
    private static final String FULL_CAPS = "000001ffffffffff";
    /** podman's default set: chown dac_override fowner fsetid kill setgid setuid setpcap net_bind_service sys_chroot setfcap. */
    private static final String PODMAN_DEFAULT_CAPS = "00000000800405fb";

    private static String status(int uid, String capEff) {
        return "Name:\tjava\nUid:\t" + uid + "\t" + uid + "\t" + uid + "\t" + uid + "\nCapEff:\t" + capEff + "\n";
    }

    /** This machine: ext4 root, hybrid cgroups mounted from the host's root, host root without CAP_SYS_RESOURCE. */
    private static RecordedHostFiles devMachine() {
        return new RecordedHostFiles()
                .file("/proc/self/mountinfo", ""
                        + "26 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard\n"
                        + "30 26 0:27 / /sys/fs/cgroup rw,nosuid - tmpfs tmpfs rw,mode=755\n"
                        + "31 30 0:28 / /sys/fs/cgroup/unified rw,nosuid - cgroup2 cgroup2 rw\n"
                        + "35 30 0:32 / /sys/fs/cgroup/memory rw,nosuid - cgroup cgroup rw,memory\n")
                .file("/proc/self/cgroup", "4:memory:/process_api/1004472a\n0::/\n")
                .file("/proc/self/status", status(0, "000001fffeffffff"))
                .file("/proc/sys/kernel/cap_last_cap", "40\n")
                .file("/proc/self/uid_map", "         0          0 4294967295\n")
                .link("/proc/self/ns/cgroup", "cgroup:[4026531835]")
                .present("/.dockerenv").present("/dev/fuse").present("/var/lib/berth")
                .present("/sys/fs/cgroup/memory/cgroup.sane_behavior");
    }

    @Test
    void theDevelopmentMachineIsAContainerWithHostRootAndItsHomeOnExt4() {
        ContainerHost h = ContainerHost.detect(devMachine(), Path.of("/var/lib/berth"));
        assertEquals("ext4", h.rootFileSystem());
        assertFalse(h.homeOnOverlay());
        assertFalse(h.userNamespace());
        assertTrue(h.hostRoot());
        assertEquals(List.of("CAP_SYS_RESOURCE"), h.missingCapabilities());
        assertEquals("hybrid", h.cgroups().version());
        assertTrue(h.cgroups().nestedV2Root().isEmpty(), "the real cgroup2 root has no cgroup.type");
        assertEquals("no: the cgroup mounts show the hierarchies' roots", h.cgroups().namespace());
        assertTrue(h.inContainer(), "/.dockerenv says so");
        List<String> says = HostAssessment.consequences(h, "overlay");
        assertEquals("storage: BERTH_HOME is on ext4 at /: the overlay driver", says.get(0));
        assertEquals("user: host root", says.get(2));
    }

    /** A privileged podman container here: overlay root, the container's v1 subtrees mounted read-write. */
    @Test
    void aPrivilegedPodmanContainerPutsTheHomeOnItsOverlayRootUnlessAVolumeIsMounted() {
        RecordedHostFiles files = new RecordedHostFiles()
                .file("/proc/self/mountinfo", ""
                        + "77 51 0:40 / / rw,nodev,relatime - overlay overlay rw,lowerdir=/tmp/r,upperdir=/tmp/u,workdir=/tmp/w\n"
                        + "80 77 254:0 /tmp/vol /data/berth rw,relatime - ext4 /dev/vda rw\n"
                        + "88 81 0:47 / /sys/fs/cgroup rw,nosuid - tmpfs tmpfs rw,mode=755\n"
                        + "92 88 0:31 /libpod_parent/libpod-7f6c /sys/fs/cgroup/memory rw,nosuid - cgroup cgroup rw,memory\n"
                        + "96 88 0:35 /libpod_parent/libpod-7f6c /sys/fs/cgroup/pids rw,nosuid - cgroup cgroup rw,pids\n")
                .file("/proc/self/cgroup", "8:pids:/libpod_parent/libpod-7f6c\n4:memory:/libpod_parent/libpod-7f6c\n")
                .file("/proc/self/status", status(0, "000001fffeffffff"))
                .file("/proc/sys/kernel/cap_last_cap", "40\n")
                .file("/proc/self/uid_map", "0 0 4294967295\n")
                .present("/run/.containerenv").present("/data/berth").present("/var/lib");
        ContainerHost onRoot = ContainerHost.detect(files, Path.of("/var/lib/berth"));
        assertEquals("overlay", onRoot.rootFileSystem());
        assertTrue(onRoot.homeOnOverlay());
        assertTrue(onRoot.hostRoot());
        assertEquals("v1", onRoot.cgroups().version());
        assertFalse(onRoot.cgroups().readOnly());
        assertTrue(onRoot.cgroups().namespace().startsWith("no: the container's own cgroup subtree is mounted (/libpod_parent/libpod-7f6c)"),
                onRoot.cgroups().namespace());
        assertTrue(HostAssessment.consequences(onRoot, "vfs").get(0).contains("the copy driver (vfs) is used"));
        assertTrue(HostAssessment.detected(onRoot).get(0).startsWith("container: yes (/run/.containerenv, overlay root"),
                HostAssessment.detected(onRoot).get(0));

        ContainerHost onVolume = ContainerHost.detect(files, Path.of("/data/berth"));
        assertFalse(onVolume.homeOnOverlay());
        assertEquals("/data/berth", onVolume.homeMountPoint());
        assertEquals("storage: BERTH_HOME is on ext4 at /data/berth: the overlay driver",
                HostAssessment.consequences(onVolume, "overlay").get(0));
    }

    /** podman --userns=auto: root in a user namespace, podman's default capabilities, cgroups read-only. */
    @Test
    void rootInAUserNamespaceWithoutSysAdminTakesTheRootlessPath() {
        RecordedHostFiles files = new RecordedHostFiles()
                .file("/proc/self/mountinfo", ""
                        + "600 500 0:60 / / rw,relatime - overlay overlay rw,lowerdir=/l,upperdir=/u,workdir=/w\n"
                        + "610 600 0:47 / /sys/fs/cgroup ro,nosuid - tmpfs tmpfs ro,mode=755\n"
                        + "611 610 0:31 /libpod_parent/libpod-9a /sys/fs/cgroup/memory ro,nosuid - cgroup cgroup rw,memory\n")
                .file("/proc/self/status", status(0, PODMAN_DEFAULT_CAPS))
                .file("/proc/sys/kernel/cap_last_cap", "40\n")
                .file("/proc/self/uid_map", "         0     100000      65536\n")
                .present("/run/.containerenv");
        ContainerHost h = ContainerHost.detect(files, Path.of("/var/lib/berth"));
        assertTrue(h.userNamespace());
        assertFalse(h.hostRoot());
        assertFalse(h.has(Capability.SYS_ADMIN));
        assertFalse(h.has(Capability.NET_ADMIN));
        assertTrue(h.has(Capability.SETUID));
        assertTrue(h.cgroups().readOnly());
        assertFalse(h.fuse());
        List<String> says = HostAssessment.consequences(h, "vfs");
        assertTrue(says.stream().anyMatch(l -> l.startsWith("cgroups: the cgroup mounts are read-only")), says.toString());
        assertTrue(h.rootless());
        assertTrue(h.rootRefusal().isEmpty(), "the rootless path, not a refusal");
        assertTrue(says.contains("user: root inside a user namespace (0 100000 65536) (a pod with"
                + " hostUsers: false): the rootless path, a nested user namespace per container mapping this namespace's"
                + " ids to themselves (root there has CAP_SETUID and CAP_SETGID), with the container's mounts made inside it"),
                says.toString());
        assertFalse(says.stream().anyMatch(l -> l.startsWith("capabilities: no CAP_SYS_ADMIN")), says.toString());
        assertTrue(says.stream().anyMatch(l -> l.startsWith("network: no CAP_NET_ADMIN")), says.toString());
        assertTrue(HostAssessment.detected(h).contains("user namespace: yes (uid_map 0 100000 65536), uid 0"),
                HostAssessment.detected(h).toString());
    }

    /** A Kubernetes pod on a cgroup v2 node (containerd, cgroupns private), the store on an emptyDir. */
    @Test
    void aPodOnACgroupV2NodeHasANestedRootWhoseProcessesMoveToInit() {
        RecordedHostFiles files = new RecordedHostFiles()
                .file("/proc/self/mountinfo", ""
                        + "612 470 0:75 / / rw,relatime - overlay overlay rw,lowerdir=/var/lib/containerd/l1\n"
                        + "619 618 0:28 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime - cgroup2 cgroup rw\n"
                        + "630 612 259:1 /var/lib/kubelet/pods/5f/volumes/kubernetes.io~empty-dir/berth /var/lib/berth"
                        + " rw,relatime - ext4 /dev/nvme0n1p1 rw\n")
                .file("/proc/self/cgroup", "0::/\n")
                .file("/proc/self/status", status(0, FULL_CAPS))
                .file("/proc/self/uid_map", "0 0 4294967295\n")
                .link("/proc/self/ns/cgroup", "cgroup:[4026532901]")
                .present("/sys/fs/cgroup/cgroup.type").present("/var/lib/berth")
                .env("KUBERNETES_SERVICE_HOST", "10.96.0.1");
        ContainerHost h = ContainerHost.detect(files, Path.of("/var/lib/berth"));
        assertEquals("v2", h.cgroups().version());
        assertEquals("/sys/fs/cgroup", h.cgroups().nestedV2Root().orElseThrow());
        assertTrue(h.cgroups().namespace().startsWith("yes: the cgroup2 mount shows its root as '/'"), h.cgroups().namespace());
        assertFalse(h.homeOnOverlay(), "the emptyDir is the node's ext4");
        assertTrue(HostAssessment.consequences(h, "overlay").get(1).contains("move into /sys/fs/cgroup/init"));
        assertTrue(HostAssessment.detected(h).get(0).contains("KUBERNETES_SERVICE_HOST"));
    }

    /** podman --user 1000: /proc/kcore and friends are covered, so the kernel refuses a nested proc mount. */
    @Test
    void aNonRootUserInAContainerWithMaskedProcIsToldToUnmaskIt() {
        RecordedHostFiles files = devMachine().file("/proc/self/status", status(1000, "0000000000000000"))
                .file("/proc/self/mountinfo", ""
                        + "77 51 0:40 / / rw,relatime - overlay overlay rw,lowerdir=/l\n"
                        + "81 77 0:45 / /proc rw,nosuid,nodev,noexec,relatime - proc proc rw\n"
                        + "98 81 0:46 /null /proc/kcore rw,nosuid - tmpfs tmpfs rw\n"
                        + "99 81 0:48 / /proc/acpi ro,relatime - tmpfs tmpfs ro\n");
        ContainerHost h = ContainerHost.detect(files, Path.of("/home/app/berth"));
        assertEquals(List.of("/proc/kcore", "/proc/acpi"), h.maskedProc());
        assertTrue(HostAssessment.consequences(h, "vfs").stream().anyMatch(l -> l.contains("procMount: Unmasked")));
    }

    @Test
    void aNonRootUserGetsTheRootlessPath() {
        RecordedHostFiles files = devMachine().file("/proc/self/status", status(1000, "0000000000000000"));
        ContainerHost h = ContainerHost.detect(files, Path.of("/home/app/.local/share/berth"));
        assertEquals(41, h.missingCapabilities().size());
        assertTrue(HostAssessment.consequences(h, "overlay").stream().anyMatch(l -> l.startsWith("user: not root: the rootless path")));
        assertTrue(HostAssessment.consequences(h, "overlay").stream().anyMatch(l -> l.startsWith("network: slirp4netns")));
    }

    @Test
    void mountPointsWithSpacesAreUnescaped() {
        MountTable t = MountTable.parse("40 26 0:50 / /mnt/my\\040disk rw - ext4 /dev/sdb rw\n26 1 254:0 / / rw - overlay o rw\n");
        assertEquals("ext4", t.containing(Path.of("/mnt/my disk/berth")).orElseThrow().fsType());
        assertEquals("overlay", t.containing(Path.of("/mnt/other")).orElseThrow().fsType());
    }

    /** The real detection on this machine, whatever it is: it reads, and agrees with /proc. */
    @Test
    void theRealHostIsDetected() throws Exception {
        ContainerHost h = ContainerHost.detect(HostFiles.system(), Path.of(System.getProperty("java.io.tmpdir")));
        String root = Files.readString(Path.of("/proc/self/mountinfo")).lines()
                .filter(l -> l.split(" ")[4].equals("/")).reduce((a, b) -> b).orElseThrow();
        assertEquals(root.split(" - ")[1].split(" ")[0], h.rootFileSystem());
        assertEquals(Files.exists(Path.of("/dev/fuse")), h.fuse());
        assertEquals(9, HostAssessment.detected(h).size());
    }
}
