package dev.berth.namespaces.cgroup;

import java.nio.file.Path;

/**
 * The /proc/self/mountinfo and /proc/self/cgroup of the kinds of host Berth meets, with a fake
 * cgroupfs to match. The hybrid one is copied from the development machine; the others follow
 * what systemd and older distributions mount.
 */
final class SampleHosts {
    private SampleHosts() {
    }

    /** A host's two /proc files and the fake tree that goes with them. */
    record Host(String mountinfo, String cgroup, FakeCgroupfs fs, Path root) {
        CgroupLayout layout() {
            return CgroupLayout.parse(mountinfo, cgroup, root);
        }
    }

    static final String OTHER_MOUNTS = ""
            + "22 28 0:20 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw\n"
            + "23 28 0:21 / /sys rw,nosuid,nodev,noexec,relatime shared:2 - sysfs sysfs rw\n"
            + "28 1 259:1 / / rw,relatime shared:1 - ext4 /dev/nvme0n1p1 rw,errors=remount-ro\n";

    /** Current systemd: only cgroup2, at /sys/fs/cgroup; a login session's process. */
    static final String V2_MOUNTINFO = OTHER_MOUNTS
            + "31 23 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2"
            + " rw,nsdelegate,memory_recursiveprot\n";
    static final String V2_CGROUP = "0::/user.slice/user-1000.slice/session-2.scope\n";

    static Host pureV2(Path root) {
        FakeCgroupfs fs = new FakeCgroupfs(root)
                .v2("/sys/fs/cgroup", "cpuset cpu io memory hugetlb pids rdma misc");
        // systemd enables these for its slices; the session scope holds processes.
        fs.put(fs.path("/sys/fs/cgroup/cgroup.subtree_control"), "cpu io memory pids");
        fs.group("/sys/fs/cgroup/user.slice/user-1000.slice/session-2.scope");
        return new Host(V2_MOUNTINFO, V2_CGROUP, fs, root);
    }

    /**
     * A Kubernetes pod (or a podman container) on a pure v2 node, with its own cgroup namespace:
     * the cgroup2 mount shows the pod container's cgroup as "/", which holds the JVM (pid 1) and a
     * sidecar process, and enables nothing for children yet.
     */
    static final String NESTED_V2_MOUNTINFO = ""
            + "612 470 0:75 / / rw,relatime - overlay overlay rw,lowerdir=/var/lib/containerd/l1,"
            + "upperdir=/var/lib/containerd/u,workdir=/var/lib/containerd/w\n"
            + "618 612 0:80 / /sys rw,nosuid,nodev,noexec,relatime - sysfs sysfs rw\n"
            + "619 618 0:28 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime - cgroup2 cgroup rw\n";
    static final String NESTED_V2_CGROUP = "0::/\n";

    static Host nestedV2(Path root) {
        FakeCgroupfs fs = new FakeCgroupfs(root).v2("/sys/fs/cgroup", "cpuset cpu io memory hugetlb pids");
        Path pod = fs.path("/sys/fs/cgroup");
        fs.put(pod.resolve("cgroup.type"), "domain\n"); // a namespace root is no real root
        fs.addPid(pod, 1);
        fs.addPid(pod, 42);
        return new Host(NESTED_V2_MOUNTINFO, NESTED_V2_CGROUP, fs, root);
    }

    /** The development machine: v1 controllers each on its own mount, cgroup2 with hugetlb only. */
    static final String HYBRID_MOUNTINFO = OTHER_MOUNTS
            + "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
            + "32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"
            + "33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct\n"
            + "34 31 0:31 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset\n"
            + "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
            + "36 31 0:33 / /sys/fs/cgroup/devices rw,relatime - cgroup cgroup rw,devices\n"
            + "37 31 0:34 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer\n"
            + "38 31 0:35 / /sys/fs/cgroup/blkio rw,relatime - cgroup cgroup rw,blkio\n"
            + "39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids\n"
            + "40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd\n"
            + "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n";
    static final String HYBRID_CGROUP = ""
            + "9:name=systemd:/\n"
            + "8:pids:/\n"
            + "7:blkio:/\n"
            + "6:freezer:/\n"
            + "5:devices:/\n"
            + "4:memory:/process_api/ccf621e4\n"
            + "3:cpuset:/\n"
            + "2:cpuacct:/\n"
            + "1:cpu:/\n"
            + "0::/\n";

    static Host hybrid(Path root) {
        FakeCgroupfs fs = new FakeCgroupfs(root)
                .v1("/sys/fs/cgroup/cpu", "cpu")
                .v1("/sys/fs/cgroup/cpuacct", "cpuacct")
                .v1("/sys/fs/cgroup/memory", "memory")
                .v1("/sys/fs/cgroup/pids", "pids")
                .v1("/sys/fs/cgroup/devices", "devices")
                .v1("/sys/fs/cgroup/freezer", "freezer")
                .v2("/sys/fs/cgroup/unified", "hugetlb");
        fs.group("/sys/fs/cgroup/memory/process_api/ccf621e4");
        return new Host(HYBRID_MOUNTINFO, HYBRID_CGROUP, fs, root);
    }

    /** Pure v1 without a cgroup2 mount, each controller on its own mount (older Debian). */
    static final String V1_MOUNTINFO = OTHER_MOUNTS
            + "31 23 0:28 / /sys/fs/cgroup ro,nosuid,nodev,noexec - tmpfs tmpfs ro,mode=755\n"
            + "32 31 0:29 / /sys/fs/cgroup/systemd rw,nosuid,nodev,noexec,relatime shared:9 - cgroup"
            + " cgroup rw,xattr,release_agent=/lib/systemd/systemd-cgroups-agent,name=systemd\n"
            + "33 31 0:30 / /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime shared:10 - cgroup"
            + " cgroup rw,memory\n"
            + "34 31 0:31 / /sys/fs/cgroup/pids rw,nosuid,nodev,noexec,relatime shared:11 - cgroup"
            + " cgroup rw,pids\n"
            + "35 31 0:32 / /sys/fs/cgroup/cpu rw,nosuid,nodev,noexec,relatime shared:12 - cgroup"
            + " cgroup rw,cpu\n"
            + "36 31 0:33 / /sys/fs/cgroup/cpuacct rw,nosuid,nodev,noexec,relatime shared:13 - cgroup"
            + " cgroup rw,cpuacct\n";
    static final String V1_CGROUP = ""
            + "5:cpuacct:/system.slice/app.service\n"
            + "4:cpu:/system.slice/app.service\n"
            + "3:pids:/system.slice/app.service\n"
            + "2:memory:/system.slice/app.service\n"
            + "1:name=systemd:/system.slice/app.service\n";

    static Host pureV1(Path root) {
        FakeCgroupfs fs = new FakeCgroupfs(root)
                .v1("/sys/fs/cgroup/memory", "memory")
                .v1("/sys/fs/cgroup/pids", "pids")
                .v1("/sys/fs/cgroup/cpu", "cpu")
                .v1("/sys/fs/cgroup/cpuacct", "cpuacct");
        for (String c : new String[] {"memory", "pids", "cpu", "cpuacct"}) {
            fs.group("/sys/fs/cgroup/" + c + "/system.slice/app.service");
        }
        return new Host(V1_MOUNTINFO, V1_CGROUP, fs, root);
    }

    /**
     * Pure v1 with cpu and cpuacct co-mounted (CentOS 7, Ubuntu 18.04): one hierarchy serves
     * both, and its mount point has a comma in it. No pids controller.
     */
    static final String COMOUNTED_MOUNTINFO = OTHER_MOUNTS
            + "25 23 0:21 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:6 - tmpfs tmpfs ro,mode=755\n"
            + "26 25 0:22 / /sys/fs/cgroup/systemd rw,nosuid,nodev,noexec,relatime shared:7 - cgroup"
            + " cgroup rw,xattr,release_agent=/usr/lib/systemd/systemd-cgroups-agent,name=systemd\n"
            + "29 25 0:25 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,relatime shared:10 -"
            + " cgroup cgroup rw,cpuacct,cpu\n"
            + "30 25 0:26 / /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime shared:11 - cgroup"
            + " cgroup rw,memory\n"
            + "31 25 0:27 / /sys/fs/cgroup/net_cls,net_prio rw,nosuid,nodev,noexec,relatime"
            + " shared:12 - cgroup cgroup rw,net_prio,net_cls\n";
    static final String COMOUNTED_CGROUP = ""
            + "10:net_prio,net_cls:/\n"
            + "4:memory:/user.slice\n"
            + "3:cpuacct,cpu:/user.slice\n"
            + "1:name=systemd:/user.slice/user-1000.slice/session-1.scope\n";

    static Host comountedV1(Path root) {
        FakeCgroupfs fs = new FakeCgroupfs(root)
                .v1("/sys/fs/cgroup/cpu,cpuacct", "cpu", "cpuacct")
                .v1("/sys/fs/cgroup/memory", "memory");
        fs.group("/sys/fs/cgroup/cpu,cpuacct/user.slice");
        fs.group("/sys/fs/cgroup/memory/user.slice");
        return new Host(COMOUNTED_MOUNTINFO, COMOUNTED_CGROUP, fs, root);
    }
}
