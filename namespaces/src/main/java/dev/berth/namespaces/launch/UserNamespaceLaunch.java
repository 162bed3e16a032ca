package dev.berth.namespaces.launch;

import dev.berth.namespaces.Namespace;
import dev.berth.namespaces.cgroup.Cgroup;
import dev.berth.namespaces.cgroup.CgroupDelegation;
import dev.berth.namespaces.cgroup.CgroupException;
import dev.berth.namespaces.cgroup.CgroupLayout;
import dev.berth.namespaces.cgroup.CgroupLimits;
import dev.berth.namespaces.cgroup.Cgroups;
import dev.berth.namespaces.linux.Errno;
import dev.berth.namespaces.userns.UserNamespaceMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the user namespace changes in a launch: which namespaces are made (a process without
 * root gets a user namespace with {@link UserNamespaceMap#ofCurrentUser()} whenever it asks for
 * any namespace, since the kernel lets it create the others only there), which credentials the
 * maps can carry, and whether its cgroup limits can be applied. Checked before anything starts,
 * so that an unmapped user or a limit without a delegated cgroup fails with a message that says
 * why (<a href="https://man7.org/linux/man-pages/man7/user_namespaces.7.html">user_namespaces(7)</a>).
 */
record UserNamespaceLaunch(UserNamespaceMap map, Set<Namespace.Type> namespaces, List<Integer> groups) {

    /** The plan of {@code spec} for a launcher that is root ({@code rootless} false) or not. */
    static UserNamespaceLaunch of(ProcessSpec spec, boolean rootless) {
        UserNamespaceMap map = spec.linux().namespaces().userMappings();
        if (map == null && rootless && spec.linux().namespaces().joinTarget() == null && !spec.linux().namespaces().created().isEmpty()) {
            map = UserNamespaceMap.ofCurrentUser();
        }
        if (map == null) {
            boolean joinsUnprivilegedMap = rootless && spec.linux().namespaces().joinTarget() != null
                    && spec.linux().namespaces().joinTarget().namespaces().contains(Namespace.Type.USER)
                    && UserNamespaceMap.ofCurrentUser().deniesSetgroups();
            return new UserNamespaceLaunch(null, spec.linux().namespaces().created(), joinsUnprivilegedMap ? List.of() : spec.process().user().additionalGids());
        }
        Set<Namespace.Type> ns = EnumSet.of(Namespace.Type.USER);
        ns.addAll(spec.linux().namespaces().created());
        requireMapped(spec, "uid", spec.process().user().uid(), map.hostUid(spec.process().user().uid()).isPresent(), map);
        requireMapped(spec, "gid", spec.process().user().gid(), map.hostGid(spec.process().user().gid()).isPresent(), map);
        if (map.deniesSetgroups()) {
            // setgroups is "deny" with a map written without privileges: no list can be set, so the
            // supplementary groups are left as the kernel makes them (podman does the same).
            return new UserNamespaceLaunch(map, ns, List.of());
        }
        for (int g : spec.process().user().additionalGids()) {
            requireMapped(spec, "supplementary gid", g, map.hostGid(g).isPresent(), map);
        }
        return new UserNamespaceLaunch(map, ns, spec.process().user().additionalGids());
    }

    private static void requireMapped(ProcessSpec spec, String what, long id, boolean mapped, UserNamespaceMap map) {
        if (!mapped) {
            throw new LaunchException(spec.name(), what + " " + id + " is not mapped in the user namespace ("
                    + map + (map.isSingle() ? "; /etc/subuid and /etc/subgid grant this user no ranges, or"
                            + " newuidmap/newgidmap are missing" : "") + ")", Errno.EINVAL);
        }
    }

    /**
     * The cgroup of a launch without root: in a delegated v2 subtree when there is one; otherwise
     * none when no limit is asked for, and a {@link LaunchException} naming the limits when one is.
     * A device policy is left out: an unprivileged user can neither write a v1 devices group nor
     * load a BPF program, and none is needed, because the process's user namespace mounts its
     * root nodev (device nodes there do not open) and cannot make device nodes.
     */
    static Cgroup rootlessCgroup(ProcessSpec spec, Cgroups cgroups) {
        CgroupLimits limits = spec.linux().resources().withoutDevices();
        CgroupLayout layout;
        try {
            layout = cgroups.layout();
        } catch (CgroupException e) {
            return refuseOrNone(spec.name(), limits, e.getMessage());
        }
        Optional<String> refusal = CgroupDelegation.refusal(layout, limits);
        if (refusal.isPresent()) {
            return refuseOrNone(spec.name(), limits, refusal.get());
        }
        try {
            return cgroups.create(spec.name(), limits);
        } catch (CgroupException e) {
            return refuseOrNone(spec.name(), limits, e.getMessage());
        }
    }

    private static Cgroup refuseOrNone(String name, CgroupLimits limits, String reason) {
        if (limits.isEmpty()) {
            return null; // no limit wanted: the process runs without a cgroup of its own
        }
        throw new LaunchException(name, CgroupDelegation.refused(limits, reason), Errno.EPERM);
    }
}
