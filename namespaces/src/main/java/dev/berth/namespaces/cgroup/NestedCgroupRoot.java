package dev.berth.namespaces.cgroup;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The root of a nested cgroup v2 tree, as a container or a Kubernetes pod with its own cgroup
 * namespace sees it: the cgroup2 mount shows the container's own cgroup, whose processes (this
 * JVM among them) sit in it directly. cgroup v2's "no internal processes" rule then forbids
 * enabling controllers for children there (the write to {@code cgroup.subtree_control} fails with
 * EBUSY), so no container could get a memory or pids limit.
 *
 * <p>The fix crun, systemd and docker-in-docker's entrypoint apply: move every process of that
 * cgroup into a leaf ({@value #LEAF}) first, then enable the controllers. cgroup v2 moves whole
 * processes (writing a pid to {@code cgroup.procs} moves all its threads), which holds only in a
 * domain cgroup; a threaded one is refused with the reason.
 *
 * <p>The real root of the hierarchy is exempt from the rule and has no {@code cgroup.type}; that
 * file tells a nested root from the real one.
 *
 * @see <a href="https://docs.kernel.org/admin-guide/cgroup-v2.html#no-internal-process-constraint">
 *      cgroup v2: no internal process constraint</a>
 * @see <a href="https://docs.kernel.org/admin-guide/cgroup-v2.html#threads">cgroup v2: threads</a>
 */
final class NestedCgroupRoot {
    /** The leaf the root's processes move to, as docker-in-docker and crun name it. */
    static final String LEAF = "init";
    /** Rounds of moving: a process forked during a move lands in the old cgroup, so look again. */
    private static final int ROUNDS = 5;

    private final CgroupKernel kernel;
    private final Path dir;

    NestedCgroupRoot(CgroupKernel kernel, Path dir) {
        this.kernel = kernel;
        this.dir = dir;
    }

    /**
     * Whether {@code dir} is a nested root that holds processes: not the hierarchy's real root
     * (which has no cgroup.type) and with a non-empty cgroup.procs.
     */
    boolean holdsProcesses() throws IOException {
        return kernel.exists(dir.resolve("cgroup.type")) && !pids().isEmpty();
    }

    /**
     * Moves every process of the root into {@code <root>/init}, making the leaf if needed.
     *
     * @return the pids moved
     * @throws CgroupException when the root is threaded or a process cannot be moved
     */
    List<Long> moveProcessesToLeaf() throws IOException {
        String type = kernel.read(dir.resolve("cgroup.type")).trim();
        if (!type.equals("domain")) {
            throw new CgroupException("cannot move the processes of " + dir + " into a leaf: its cgroup.type is '"
                    + type + "', and only a domain cgroup can enable memory and pids for children (a threaded"
                    + " cgroup v2 subtree moves threads, not processes); give the container a domain cgroup");
        }
        Path leaf = dir.resolve(LEAF);
        try {
            kernel.mkdir(leaf);
        } catch (FileAlreadyExistsException e) {
            // made by an earlier JVM in this container: reuse it
        }
        List<Long> moved = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            List<Long> left = pids();
            if (left.isEmpty()) {
                return moved;
            }
            for (long pid : left) {
                try {
                    kernel.write(leaf.resolve("cgroup.procs"), Long.toString(pid));
                    moved.add(pid);
                } catch (IOException e) {
                    if (!CgroupException.reason(e).contains("No such process")) {
                        throw new CgroupException("cannot move process " + pid + " from the nested cgroup root " + dir
                                + " into " + leaf + ": " + CgroupException.reason(e), e);
                    }
                }
            }
        }
        if (!pids().isEmpty()) {
            throw new CgroupException("processes keep appearing in the nested cgroup root " + dir
                    + " while they are moved into " + leaf + ": " + pids());
        }
        return moved;
    }

    private List<Long> pids() throws IOException {
        List<Long> out = new ArrayList<>();
        for (String w : kernel.read(dir.resolve("cgroup.procs")).trim().split("\\s+")) {
            if (!w.isEmpty()) {
                out.add(Long.parseLong(w));
            }
        }
        return out;
    }
}
