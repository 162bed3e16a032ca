package dev.berth.namespaces.cgroup;

import java.util.Optional;

/**
 * The controllers Berth uses for limits and statistics, by their kernel names.
 *
 * <p>{@link #CPUACCT} exists only in v1. On the unified hierarchy the same accounting is the
 * {@code usage_usec} line of {@code cpu.stat}, which every cgroup2 group has whether or not the
 * cpu controller is enabled, so a cgroup2 mount serves it when no v1 hierarchy does.
 *
 * @see <a href="https://docs.kernel.org/admin-guide/cgroup-v2.html#controllers">Control Group v2:
 *      Controllers</a>
 * <p>{@link #DEVICES} likewise never appears in a cgroup2 mount's cgroup.controllers: there a
 * device policy is a BPF program, which any cgroup2 group accepts, so a cgroup2 mount serves it
 * when no v1 hierarchy does.
 *
 * @see <a href="https://docs.kernel.org/admin-guide/cgroup-v1/cpuacct.html">CPU Accounting
 *      Controller (v1)</a>
 */
public enum CgroupController {
    /** Memory limit, usage, peak and OOM kills. */
    MEMORY("memory"),
    /** Number of tasks (processes and threads). */
    PIDS("pids"),
    /** CPU bandwidth (quota and period) and weight or shares. */
    CPU("cpu"),
    /** CPU time used. */
    CPUACCT("cpuacct"),
    /**
     * Which device nodes may be opened and made: a v1 hierarchy's devices.allow and devices.deny,
     * or on the unified hierarchy an eBPF program attached to the group (v2 has no devices
     * controller file; every cgroup2 group can take such a program).
     */
    DEVICES("devices"),
    /**
     * Freezing and thawing the group's processes ({@code docker pause}): a v1 hierarchy's
     * freezer.state, or on the unified hierarchy cgroup.freeze, which every non-root cgroup2
     * group has (Linux 5.2+), so a cgroup2 mount serves it when no v1 hierarchy does.
     */
    FREEZER("freezer");

    private final String kernelName;

    CgroupController(String kernelName) {
        this.kernelName = kernelName;
    }

    /** The name the kernel uses in mount options, {@code /proc/self/cgroup} and cgroup.controllers. */
    public String kernelName() {
        return kernelName;
    }

    /** The controller with this kernel name, or empty for one Berth does not use (cpuset, io...). */
    public static Optional<CgroupController> byKernelName(String name) {
        for (CgroupController c : values()) {
            if (c.kernelName.equals(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return kernelName;
    }
}
