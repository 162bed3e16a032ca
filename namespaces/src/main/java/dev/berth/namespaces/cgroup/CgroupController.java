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
    CPUACCT("cpuacct");

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
