package dev.berth.host;

import dev.berth.namespaces.launch.Capability;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What this process sees of the host it runs on, as far as it matters to Berth inside a container
 * or a Kubernetes pod: the file systems of {@code /} and of {@code BERTH_HOME}, the cgroup tree it
 * was given, whether it is in a user namespace, which capabilities it lacks and whether
 * {@code /dev/fuse} exists. {@link #detect} reads them; {@link HostReport} says what follows.
 *
 * @param rootFileSystem the type of the file system mounted on {@code /} ("overlay" in a pod)
 * @param home {@code BERTH_HOME}
 * @param homeFileSystem the type of the file system {@code BERTH_HOME} lies on
 * @param homeMountPoint where that file system is mounted
 * @param cgroups the cgroup tree this process was given
 * @param uidMap {@code /proc/self/uid_map}, one line per range, blanks collapsed
 * @param euid the effective uid
 * @param missingCapabilities the capabilities the kernel has that {@code CapEff} lacks
 * @param fuse whether {@code /dev/fuse} exists
 * @param containerSigns what says this is a container: marker files, environment, an overlay root
 * @param maskedProc the mounts over parts of {@code /proc} (a container's masked paths, such as
 *     {@code /proc/kcore}), which make the kernel refuse a new proc mount in a user namespace
 */
public record ContainerHost(String rootFileSystem, Path home, String homeFileSystem, String homeMountPoint,
        CgroupTree cgroups, List<String> uidMap, long euid, List<String> missingCapabilities, boolean fuse,
        List<String> containerSigns, List<String> maskedProc) {

    /** The identity map of the initial user namespace: every uid is itself. */
    private static final String FULL_IDENTITY = "0 0 4294967295";

    /**
     * The cgroup tree: its version, whether it is nested (the mount's top is a container's cgroup,
     * not the hierarchy's root), whether it is in a cgroup namespace, and whether it is writable.
     *
     * @param version "v1", "v2", "hybrid" or "none"
     * @param nestedV2Root the cgroup2 mount's top directory when it is a container's own cgroup
     *     (it has {@code cgroup.type}, which the real root has not), else empty
     * @param namespace "yes", "no" or "unknown", with the evidence after a colon
     * @param readOnly whether the cgroup mounts are read-only (an unprivileged container)
     */
    public record CgroupTree(String version, Optional<String> nestedV2Root, String namespace, boolean readOnly) {
    }

    /** Reads the host through {@code files}, for a store at {@code home}. */
    public static ContainerHost detect(HostFiles files, Path home) {
        MountTable mounts = MountTable.parse(files.read("/proc/self/mountinfo").orElse(""));
        String rootFs = mounts.containing(Path.of("/")).map(MountTable.Entry::fsType).orElse("unknown");
        Optional<MountTable.Entry> homeMount = mounts.containing(existing(files, home));
        String status = files.read("/proc/self/status").orElse("");
        List<String> uidMap = files.read("/proc/self/uid_map").orElse(FULL_IDENTITY).lines()
                .map(l -> l.trim().replaceAll("\\s+", " ")).filter(l -> !l.isEmpty()).toList();
        List<String> signs = new ArrayList<>();
        if (files.exists("/.dockerenv")) {
            signs.add("/.dockerenv");
        }
        if (files.exists("/run/.containerenv")) {
            signs.add("/run/.containerenv");
        }
        files.env("KUBERNETES_SERVICE_HOST").ifPresent(v -> signs.add("KUBERNETES_SERVICE_HOST"));
        files.env("container").ifPresent(v -> signs.add("container=" + v));
        if (rootFs.equals("overlay")) {
            signs.add("overlay root");
        }
        return new ContainerHost(rootFs, home, homeMount.map(MountTable.Entry::fsType).orElse("unknown"),
                homeMount.map(MountTable.Entry::mountPoint).orElse("?"), cgroups(files, mounts),
                uidMap, statusField(status, "Uid:", 1).map(Long::parseLong).orElse(-1L),
                missingCapabilities(statusField(status, "CapEff:", 0).orElse(""),
                        files.read("/proc/sys/kernel/cap_last_cap").map(String::trim).orElse("")),
                files.exists("/dev/fuse"), List.copyOf(signs), mounts.entries().stream().map(MountTable.Entry::mountPoint)
                        .filter(mp -> mp.startsWith("/proc/") && !mp.startsWith("/proc/sys/fs/binfmt_misc")).toList());
    }

    /** Whether this process is in a user namespace other than the initial one. */
    public boolean userNamespace() {
        return !(uidMap.size() == 1 && uidMap.get(0).equals(FULL_IDENTITY));
    }

    /** Root of the host: uid 0 in the initial user namespace. */
    public boolean hostRoot() {
        return euid == 0 && !userNamespace();
    }

    /** Whether anything says this process runs in a container. */
    public boolean inContainer() {
        return !containerSigns.isEmpty() || userNamespace() || cgroups.nestedV2Root().isPresent()
                || cgroups.namespace().startsWith("yes");
    }

    /** Whether {@code BERTH_HOME} lies on an overlay, where the kernel refuses an overlay's upper directory. */
    public boolean homeOnOverlay() {
        return homeFileSystem.equals("overlay");
    }

    /**
     * Why Berth on the root path cannot start containers on this host, or empty. Root with
     * CAP_SYS_ADMIN puts each container in a cgroup of its own (the device policy, limits, kill),
     * so read-only cgroup mounts are refused up front with the fix rather than failing midway.
     * Root in a user namespace or without CAP_SYS_ADMIN takes the rootless path
     * ({@link #rootless()}) and is not refused here.
     */
    public Optional<String> rootRefusal() {
        if (euid != 0 || rootless()) {
            return Optional.empty();
        }
        if (cgroups.readOnly()) {
            return Optional.of("the cgroup mounts are read-only (an unprivileged container), and Berth as root puts each"
                    + " container in a cgroup of its own (device policy, limits, kill): use a privileged pod, a writable"
                    + " cgroup v2 (the pod's own cgroup namespace, delegated), or run Berth as a non-root user");
        }
        return Optional.empty();
    }

    /**
     * Whether Berth takes the rootless path here: not root, or root in a user namespace (a pod
     * with {@code hostUsers: false}) or without CAP_SYS_ADMIN, which makes a nested user
     * namespace per container as a non-root user does (see {@code Syscalls#privilegedRoot}).
     */
    public boolean rootless() {
        return euid != 0 || !has(Capability.SYS_ADMIN) || userNamespace();
    }

    /** Whether this process's effective set (CapEff of /proc/self/status) holds the capability. */
    public static boolean effective(HostFiles files, Capability c) {
        String status = files.read("/proc/self/status").orElse("");
        return statusField(status, "CapEff:", 0).map(hex -> new BigInteger(hex, 16).testBit(c.bit())).orElse(false);
    }

    /** Whether the capability is in the effective set. */
    public boolean has(Capability c) {
        return !missingCapabilities.contains("CAP_" + c.name());
    }

    private static CgroupTree cgroups(HostFiles files, MountTable mounts) {
        List<MountTable.Entry> v1 = mounts.ofType("cgroup");
        List<MountTable.Entry> v2 = mounts.ofType("cgroup2");
        String version = !v1.isEmpty() && !v2.isEmpty() ? "hybrid" : !v1.isEmpty() ? "v1" : !v2.isEmpty() ? "v2" : "none";
        Optional<String> nested = v2.stream().map(MountTable.Entry::mountPoint)
                .filter(mp -> files.exists(mp + "/cgroup.type")).findFirst();
        String namespace;
        Optional<String> self = files.link("/proc/self/ns/cgroup");
        Optional<String> init = files.link("/proc/1/ns/cgroup");
        if (self.isPresent() && init.isPresent() && !self.equals(init)) {
            namespace = "yes: /proc/self/ns/cgroup differs from pid 1's";
        } else if (v2.stream().anyMatch(e -> e.root().equals("/") && files.exists(e.mountPoint() + "/cgroup.type"))) {
            namespace = "yes: the cgroup2 mount shows its root as '/' but is not the hierarchy's root (it has cgroup.type)";
        } else if (v1.stream().anyMatch(e -> e.root().equals("/") && !files.exists(e.mountPoint() + "/cgroup.sane_behavior"))) {
            namespace = "yes: a cgroup v1 mount shows its root as '/' but is not the hierarchy's root"
                    + " (it has no cgroup.sane_behavior)";
        } else if (v1.stream().anyMatch(e -> !e.root().equals("/")) || v2.stream().anyMatch(e -> !e.root().equals("/"))) {
            namespace = "no: the container's own cgroup subtree is mounted (" + subtree(v1, v2) + ")";
        } else if (!v1.isEmpty() || !v2.isEmpty()) {
            namespace = "no: the cgroup mounts show the hierarchies' roots";
        } else {
            namespace = "unknown: no cgroup file system is mounted";
        }
        boolean ro = !v1.isEmpty() || !v2.isEmpty();
        for (MountTable.Entry e : v1) {
            ro &= e.readOnly();
        }
        for (MountTable.Entry e : v2) {
            ro &= e.readOnly();
        }
        return new CgroupTree(version, nested, namespace, ro);
    }

    private static String subtree(List<MountTable.Entry> v1, List<MountTable.Entry> v2) {
        List<MountTable.Entry> all = new ArrayList<>(v2);
        all.addAll(v1);
        return all.stream().filter(e -> !e.root().equals("/")).findFirst().map(MountTable.Entry::root).orElse("?");
    }

    /** The capabilities from 0 to cap_last_cap (or those Berth knows) that the hex mask lacks. */
    static List<String> missingCapabilities(String capEffHex, String capLastCap) {
        if (capEffHex.isEmpty()) {
            return List.of();
        }
        BigInteger mask = new BigInteger(capEffHex, 16);
        int last;
        try {
            last = Integer.parseInt(capLastCap);
        } catch (NumberFormatException e) {
            last = Capability.values().length - 1;
        }
        List<String> missing = new ArrayList<>();
        for (int bit = 0; bit <= last; bit++) {
            if (!mask.testBit(bit)) {
                missing.add(bit < Capability.values().length ? "CAP_" + Capability.values()[bit].name() : "cap " + bit);
            }
        }
        return List.copyOf(missing);
    }

    /** The {@code index}th value of a status line such as "Uid: 0 0 0 0". */
    private static Optional<String> statusField(String status, String key, int index) {
        return status.lines().filter(l -> l.startsWith(key)).findFirst()
                .map(l -> l.substring(key.length()).trim().split("\\s+"))
                .filter(f -> f.length > index).map(f -> f[index]);
    }

    /** The nearest existing ancestor: a home not made yet will be made on its parent's file system. */
    private static Path existing(HostFiles files, Path p) {
        Path d = p.toAbsolutePath().normalize();
        while (d.getParent() != null && !files.exists(d.toString())) {
            d = d.getParent();
        }
        return d;
    }
}
