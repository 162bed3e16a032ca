package dev.berth.namespaces.cgroup;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Makes the directories of one new group: the checks that come first, the parents, the v2
 * controller enabling in each ancestor, and the leaf in one hierarchy.
 *
 * @see <a href="https://docs.kernel.org/admin-guide/cgroup-v2.html#enabling-and-disabling">Control
 *      Group v2: enabling and disabling controllers</a>
 */
final class CgroupPlacement {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    private static final Set<CgroupController> ENABLED_IN_V2 =
            EnumSet.of(CgroupController.MEMORY, CgroupController.PIDS, CgroupController.CPU);

    private final CgroupLayout layout;
    private final String name;
    private final CgroupLimits limits;
    private final CgroupKernel kernel;

    CgroupPlacement(CgroupLayout layout, String name, CgroupLimits limits, CgroupKernel kernel) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("cgroup name must be 1 to 128 letters, digits, '_',"
                    + " '-' or '.', starting with a letter or digit: " + name);
        }
        this.layout = layout;
        this.name = name;
        this.limits = limits;
        this.kernel = kernel;
    }

    /** A limit whose controller is missing fails before anything is created, naming both. */
    void checkControllers() {
        for (CgroupController c : limits.requiredControllers()) {
            if (layout.hierarchyOf(c).isEmpty()) {
                throw new CgroupException("cannot set the " + limits.describe(c) + " of cgroup '"
                        + name + "': this host has no " + c + " controller (no cgroup v1 hierarchy"
                        + " is mounted with '" + c + "' and no cgroup2 mount lists it in"
                        + " cgroup.controllers); layout: " + layout);
            }
        }
        if (layout.hierarchies().isEmpty()) {
            throw new CgroupException("cannot create cgroup '" + name + "': no hierarchy serves"
                    + " memory, pids, cpu or cpuacct; layout: " + layout);
        }
    }

    /** Creates the group's directory in the hierarchy, and its parents as needed. */
    Path makeLeaf(CgroupHierarchy h) {
        Path parent = layout.parentDirectory(h);
        Path leaf = parent.resolve(name);
        for (int attempt = 1; ; attempt++) {
            prepareParent(h, parent);
            try {
                kernel.mkdir(leaf);
                return leaf;
            } catch (FileAlreadyExistsException e) {
                throw new CgroupException("cannot create cgroup '" + name + "': " + leaf
                        + " already exists (" + h + "); choose another name, or remove a leftover"
                        + " with LeftoverCgroups.remove", e);
            } catch (NoSuchFileException e) {
                // Another user's close() removed the empty parent between our mkdir and this one.
                if (attempt == 3) {
                    throw new CgroupException("cannot create cgroup " + leaf + ": its parent keeps"
                            + " disappearing", e);
                }
            } catch (IOException e) {
                throw new CgroupException("cannot create cgroup " + leaf + ": "
                        + CgroupException.reason(e), e);
            }
        }
    }

    /**
     * Makes the missing directories from the mount down to the parent. In the unified hierarchy
     * it also enables memory, pids and cpu in each one's cgroup.subtree_control, because v2 gives
     * a group a controller only when every ancestor enabled it for its children.
     */
    private void prepareParent(CgroupHierarchy h, Path parent) {
        Path dir = h.mountPoint();
        if (h.isUnified()) {
            enableControllers(h, dir);
        }
        for (String component : CgroupHierarchy.components(dir.relativize(parent).toString())) {
            dir = dir.resolve(component);
            if (!kernel.exists(dir)) {
                try {
                    kernel.mkdir(dir);
                } catch (FileAlreadyExistsException e) {
                    // made by a concurrent create: fine
                } catch (IOException e) {
                    throw new CgroupException("cannot create cgroup " + dir + " (the parent of '"
                            + name + "'): " + CgroupException.reason(e), e);
                }
            }
            if (h.isUnified()) {
                enableControllers(h, dir);
            }
        }
    }

    /**
     * Writes "+memory", "+pids" and "+cpu" one at a time, each only if not enabled yet, so a
     * failure names the controller and a controller that no limit needs may fail without harm
     * (its statistics stay empty). Writing only what is missing also keeps a non-root caller
     * from writing to ancestors it may not write.
     */
    private void enableControllers(CgroupHierarchy h, Path dir) {
        Set<CgroupController> wanted = EnumSet.noneOf(CgroupController.class);
        for (CgroupController c : h.controllers()) {
            if (ENABLED_IN_V2.contains(c)) {
                wanted.add(c);
            }
        }
        if (wanted.isEmpty()) {
            return;
        }
        Path subtree = dir.resolve("cgroup.subtree_control");
        Set<String> enabled;
        Set<String> available;
        try {
            enabled = words(kernel.read(subtree));
            available = words(kernel.read(dir.resolve("cgroup.controllers")));
        } catch (IOException e) {
            throw new CgroupException("cannot read the controllers of " + dir + ": "
                    + CgroupException.reason(e), e);
        }
        Set<CgroupController> required = limits.requiredControllers();
        if (dir.equals(h.mountPoint()) && dir.equals(h.ownDirectory())
                && wanted.stream().anyMatch(c -> available.contains(c.kernelName()) && !enabled.contains(c.kernelName()))) {
            vacateNestedRoot(dir);
        }
        for (CgroupController c : wanted) {
            if (enabled.contains(c.kernelName())) {
                continue;
            }
            boolean needed = required.contains(c);
            if (!available.contains(c.kernelName())) {
                if (needed) {
                    throw new CgroupException("cannot set the " + limits.describe(c) + " of cgroup '"
                            + name + "': " + dir.resolve("cgroup.controllers") + " does not list "
                            + c + ", so the parent of " + dir + " does not give it to its children");
                }
                continue;
            }
            try {
                kernel.write(subtree, "+" + c.kernelName());
            } catch (IOException e) {
                if (needed) {
                    throw new CgroupException("cannot enable the " + c + " controller for cgroup '"
                            + name + "' (needed for its " + limits.describe(c) + "): writing +" + c
                            + " to " + subtree + " failed: " + CgroupException.reason(e)
                            + hintForSubtree(e), e);
                }
            }
        }
    }

    /**
     * This process lives in the root of a nested cgroup2 tree (a container's own cgroup
     * namespace): its processes go to a leaf first, or no controller could be enabled there.
     */
    private void vacateNestedRoot(Path dir) {
        NestedCgroupRoot root = new NestedCgroupRoot(kernel, dir);
        try {
            if (root.holdsProcesses()) {
                root.moveProcessesToLeaf();
            }
        } catch (IOException e) {
            throw new CgroupException("cannot move the processes of the nested cgroup root " + dir
                    + " into a leaf: " + CgroupException.reason(e), e);
        }
    }

    private static String hintForSubtree(IOException e) {
        String r = CgroupException.reason(e);
        if (r.contains("busy")) {
            return " (cgroup v2 lets a cgroup enable controllers for its children only while it has"
                    + " no processes of its own; use CgroupLayout.withV2Parent to choose a parent"
                    + " without processes)";
        }
        if (r.contains("denied") || r.contains("not permitted")) {
            return " (this process may not write there; use CgroupLayout.withV2Parent to choose a"
                    + " cgroup delegated to this user)";
        }
        return "";
    }

    private static Set<String> words(String text) {
        Set<String> out = new HashSet<>();
        for (String w : text.trim().split("\\s+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }
}
