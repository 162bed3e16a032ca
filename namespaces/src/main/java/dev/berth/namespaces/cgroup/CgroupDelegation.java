package dev.berth.namespaces.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a process without root may create cgroups: only in a cgroup v2 subtree delegated to
 * its user (writable, with the controllers it needs enabled), as systemd's {@code Delegate=yes}
 * gives one (<a href="https://systemd.io/CGROUP_DELEGATION/">systemd cgroup delegation</a>,
 * <a href="https://docs.kernel.org/admin-guide/cgroup-v2.html#delegation">cgroup-v2 delegation</a>).
 * v1 hierarchies are never delegated. Limits that cannot be applied are refused with the reason,
 * never dropped.
 */
public final class CgroupDelegation {
    private CgroupDelegation() {
    }

    /** Why this process cannot create a group with {@code limits} on {@code layout}, or empty when it can. */
    public static Optional<String> refusal(CgroupLayout layout, CgroupLimits limits) {
        Set<CgroupController> needed = limits.requiredControllers();
        for (CgroupController c : needed) {
            Optional<CgroupHierarchy> h = layout.hierarchyOf(c);
            if (h.isEmpty()) {
                return Optional.of("this host has no " + c + " controller");
            }
            if (!h.get().isUnified()) {
                return Optional.of("the " + c + " controller is in a cgroup v1 hierarchy (" + h.get().mountPoint()
                        + ", cgroups are " + layout.mode() + "), which only root can use; rootless limits need"
                        + " a delegated cgroup v2 subtree");
            }
        }
        Optional<CgroupHierarchy> unified = layout.hierarchies().stream().filter(CgroupHierarchy::isUnified).findFirst();
        if (unified.isEmpty()) {
            return Optional.of("there is no cgroup v2 hierarchy (cgroups are " + layout.mode() + ")");
        }
        Path dir = existingAncestor(layout.parentDirectory(unified.get()));
        if (!Files.isWritable(dir)) {
            return Optional.of("the cgroup v2 subtree " + dir + " is not delegated to this user (not writable)");
        }
        List<String> enabled = words(dir.resolve("cgroup.controllers"));
        for (CgroupController c : needed) {
            if (!enabled.contains(c.kernelName())) {
                return Optional.of("the delegated cgroup " + dir + " does not have the " + c.kernelName() + " controller");
            }
        }
        return Optional.empty();
    }

    /** The message of a refused set of limits: which limits, and why. */
    public static String refused(CgroupLimits limits, String reason) {
        StringBuilder b = new StringBuilder("cannot apply the ");
        String sep = "";
        for (CgroupController c : limits.requiredControllers()) {
            b.append(sep).append(limits.describe(c));
            sep = " and the ";
        }
        return b.append(" without root: ").append(reason).toString();
    }

    private static Path existingAncestor(Path p) {
        Path d = p;
        while (d.getParent() != null && !Files.isDirectory(d)) {
            d = d.getParent();
        }
        return d;
    }

    private static List<String> words(Path file) {
        try {
            String text = Files.readString(file).trim();
            return text.isEmpty() ? List.of() : List.of(text.split("\\s+"));
        } catch (IOException e) {
            return List.of();
        }
    }
}
