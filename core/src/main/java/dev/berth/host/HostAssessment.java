package dev.berth.host;

import dev.berth.namespaces.launch.Capability;
import java.util.ArrayList;
import java.util.List;

/**
 * What Berth does about a {@link ContainerHost}, in lines a person reads ({@code berth info},
 * {@code Berth.hostReport()}): which store driver and why, what happens to a nested cgroup v2
 * root, which path a user namespace or a missing capability leads to.
 */
public final class HostAssessment {
    private HostAssessment() {
    }

    /** What was detected, one fact a line. */
    public static List<String> detected(ContainerHost h) {
        List<String> out = new ArrayList<>();
        out.add("container: " + (h.inContainer() ? "yes (" + String.join(", ", signs(h)) + ")" : "no"));
        out.add("root file system: " + h.rootFileSystem());
        out.add("BERTH_HOME: " + h.home() + " on " + h.homeFileSystem() + " (mounted at " + h.homeMountPoint() + ")");
        out.add("cgroups: " + h.cgroups().version()
                + h.cgroups().nestedV2Root().map(r -> ", nested cgroup v2 root " + r).orElse("")
                + (h.cgroups().readOnly() ? ", mounted read-only" : ""));
        out.add("cgroup namespace: " + h.cgroups().namespace());
        out.add("user namespace: " + (h.userNamespace() ? "yes (uid_map " + String.join("; ", h.uidMap()) + ")" : "no")
                + ", uid " + h.euid());
        out.add("capabilities missing: " + (h.missingCapabilities().isEmpty() ? "none" : String.join(" ", h.missingCapabilities())));
        out.add("/dev/fuse: " + (h.fuse() ? "present" : "missing"));
        out.add("masked /proc paths: " + (h.maskedProc().isEmpty() ? "none" : String.join(" ", h.maskedProc())));
        return List.copyOf(out);
    }

    /** What follows for Berth, one decision a line; {@code driver} is the storage driver in use ("overlay" or "vfs"). */
    public static List<String> consequences(ContainerHost h, String driver) {
        List<String> out = new ArrayList<>();
        if (h.homeOnOverlay()) {
            out.add("storage: BERTH_HOME is on an overlay (the container's own root), which the kernel refuses as an"
                    + " overlay's upper directory: the copy driver (vfs) is used; mount a volume (an emptyDir) at"
                    + " BERTH_HOME for the overlay driver (containers and RUN steps copy their layers until then)");
        } else {
            out.add("storage: BERTH_HOME is on " + h.homeFileSystem() + " at " + h.homeMountPoint() + ": the " + driver
                    + " driver" + (driver.equals("vfs") ? " (a trial overlay mount failed there)" : ""));
        }
        ContainerHost.CgroupTree cg = h.cgroups();
        if (cg.readOnly()) {
            out.add("cgroups: the cgroup mounts are read-only (an unprivileged container): containers without limits run,"
                    + " a memory, pids or cpu limit is refused; a privileged pod or a delegated, writable cgroup v2 lifts that");
        } else if (cg.nestedV2Root().isPresent()) {
            String r = cg.nestedV2Root().get();
            out.add("cgroups: nested cgroup v2: when a container first needs a controller, the processes of " + r
                    + " move into " + r + "/init and memory, pids and cpu are enabled in its cgroup.subtree_control"
                    + " (cgroup v2 allows no processes in a group that enables controllers for children)");
        } else {
            out.add("cgroups: " + cg.version() + ", containers' groups under berth/ in this process's cgroup"
                    + (cg.version().equals("v2") ? " or the delegated subtree" : ""));
        }
        String procFix = h.maskedProc().isEmpty() ? "" : "; but /proc has masked paths (" + h.maskedProc().size()
                + " mounts over /proc/...), so the kernel refuses each container a /proc: run the pod with"
                + " procMount: Unmasked (podman --security-opt unmask=ALL)";
        if (h.euid() != 0) {
            out.add("user: not root: the rootless path, a user namespace per container (with /etc/subuid ranges when"
                    + " the user has them), as podman's rootless mode" + procFix);
        } else if (h.rootless()) {
            out.add("user: root" + (h.userNamespace() ? " inside a user namespace (" + String.join("; ", h.uidMap()) + ")"
                    : " without CAP_SYS_ADMIN") + " (a pod with hostUsers: false): the rootless path, a nested user"
                    + " namespace per container mapping this namespace's ids to themselves (root there has CAP_SETUID"
                    + " and CAP_SETGID), with the container's mounts made inside it" + procFix);
        } else {
            out.add("user: host root");
        }
        if (h.euid() == 0 && !h.has(Capability.NET_ADMIN)) {
            out.add("network: no CAP_NET_ADMIN: no bridge; the default network is slirp4netns (published ports work),"
                    + " and host mode means the pod's own network namespace");
        } else {
            out.add("network: " + (h.euid() == 0 ? "bridge with published ports" : "slirp4netns with published ports")
                    + "; host mode means " + (h.inContainer() ? "the pod's own network namespace" : "the host's network"));
        }
        if (!h.fuse()) {
            out.add("fuse: no /dev/fuse: nothing needs it (Berth uses overlay or the copy driver, never fuse-overlayfs)");
        }
        return List.copyOf(out);
    }

    /**
     * What to add to a launch failure that this host explains: inside a container whose /proc
     * has masked paths (podman's and Kubernetes' default), the kernel refuses a new proc mount
     * to a nested user namespace, as it would reveal what the masks hide. Says so, and the fix,
     * instead of a bare EPERM; empty for any other failure.
     */
    public static String launchHint(dev.berth.namespaces.launch.LaunchException e) {
        if (e.errno() != 1 || !e.step().startsWith("mount proc")) {
            return "";
        }
        List<String> masked = ContainerHost.detect(HostFiles.system(), java.nio.file.Path.of("/")).maskedProc();
        return masked.isEmpty() ? "" : "; the kernel refuses a new /proc in a user namespace while this container's /proc"
                + " has masked paths (" + String.join(", ", masked.subList(0, Math.min(3, masked.size())))
                + (masked.size() > 3 ? ", ..." : "") + "): run the pod with procMount: Unmasked (podman"
                + " --security-opt unmask=ALL), or Berth as root in a privileged pod";
    }

    private static List<String> signs(ContainerHost h) {
        List<String> s = new ArrayList<>(h.containerSigns());
        if (h.userNamespace()) {
            s.add("user namespace");
        }
        if (h.cgroups().nestedV2Root().isPresent() || h.cgroups().namespace().startsWith("yes")) {
            s.add("cgroup namespace");
        }
        return s;
    }
}
