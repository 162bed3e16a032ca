package dev.berth.namespaces.cgroup;

import dev.berth.namespaces.cgroup.device.DevicePolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The interface files of one cgroup version, as youki splits its managers into {@code v1/} and
 * {@code v2/}: which file holds a limit or a count, and in what form. A hybrid host has both, one
 * per hierarchy, so the version is chosen per hierarchy ({@link #of}).
 *
 * @see <a href="https://docs.kernel.org/admin-guide/cgroup-v2.html">Control Group v2</a>
 * @see <a href="https://docs.kernel.org/admin-guide/cgroup-v1/cgroups.html">Control Groups (v1)</a>
 */
interface CgroupFiles {
    /** The files of {@code h}'s version. */
    static CgroupFiles of(CgroupHierarchy h) {
        return h.isUnified() ? V2Files.INSTANCE : V1Files.INSTANCE;
    }

    /** Writes one group's limit files; a refusal names the group and the limit. */
    interface Writer {
        void set(CgroupController c, Path file, String value);

        boolean exists(Path file);

        /** Attaches the policy's eBPF program to {@code dir} (v2 has no devices files). */
        void attachDeviceProgram(Path dir, DevicePolicy policy);

        default void setIfExists(CgroupController c, Path file, String value) {
            if (exists(file)) {
                set(c, file, value);
            }
        }
    }

    /** The memory limit, with no swap beyond it. */
    void limitMemory(Writer w, Path dir, long bytes);

    /** The CPU bandwidth: {@code quota} microseconds of CPU per {@code period}. */
    void limitCpu(Writer w, Path dir, long quotaMicros, long periodMicros);

    /** The CPU share: v1 shares, v2 weight. */
    void shareCpu(Writer w, Path dir, CgroupLimits limits);

    /** Puts the device policy in force before any process is in the group. */
    void limitDevices(Writer w, Path dir, DevicePolicy policy);

    /** Memory charged to the group now. */
    OptionalLong memoryUsage(CgroupKernel kernel, Path dir);

    /** Inactive page cache charged to the group (reclaimable; {@code docker stats} leaves it out). */
    OptionalLong memoryInactiveFile(CgroupKernel kernel, Path dir);

    /** The most memory charged to the group since it was made. */
    OptionalLong memoryPeak(CgroupKernel kernel, Path dir);

    /** Every counter of the group's memory.stat, as this version's kernel names them. */
    Map<String, Long> memoryStat(CgroupKernel kernel, Path dir);

    /** CPU time of the group's tasks on each CPU, in nanoseconds (v1 cpuacct.usage_percpu); v2 has none. */
    List<Long> perCpuNanos(CgroupKernel kernel, Path dir);

    /** CPU time of the group's tasks, in nanoseconds. */
    OptionalLong cpuTimeNanos(CgroupKernel kernel, Path dir);

    /** How many processes of the group the OOM killer has killed. */
    long oomKills(CgroupKernel kernel, Path dir);

    /** The kernel's own "populated" flag, which counts exiting processes too; empty where there is none. */
    OptionalLong populated(CgroupKernel kernel, Path dir);

    /** Kills the whole subtree at once where the kernel can; best effort (the caller's SIGKILLs follow). */
    void killAll(CgroupKernel kernel, Path dir);

    /** Asks the kernel to freeze ({@code true}) or thaw the group's processes; it may take a moment to finish. */
    void requestFrozen(CgroupKernel kernel, Path dir, boolean frozen) throws java.io.IOException;

    /** Whether the kernel reports the group's processes all frozen (not while it is still freezing). */
    boolean frozen(CgroupKernel kernel, Path dir) throws java.io.IOException;

    /** Whether a freeze was asked and not undone: frozen, or freezing. */
    boolean freezeRequested(CgroupKernel kernel, Path dir) throws java.io.IOException;
}
