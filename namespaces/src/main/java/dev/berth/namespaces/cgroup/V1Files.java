package dev.berth.namespaces.cgroup;

import dev.berth.namespaces.cgroup.device.DevicePolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The files of a cgroup v1 hierarchy: one controller (or a co-mounted few) per hierarchy.
 *
 * @see <a href="https://docs.kernel.org/admin-guide/cgroup-v1/memory.html">Memory Resource Controller (v1)</a>
 * @see <a href="https://docs.kernel.org/scheduler/sched-bwc.html">CFS Bandwidth Control</a>
 * @see <a href="https://docs.kernel.org/admin-guide/cgroup-v1/devices.html">Device Whitelist Controller (v1)</a>
 */
final class V1Files implements CgroupFiles {
    static final V1Files INSTANCE = new V1Files();

    private V1Files() {
    }

    @Override
    public void limitMemory(Writer w, Path dir, long bytes) {
        // limit_in_bytes first: the kernel refuses a memsw limit below the memory limit.
        w.set(CgroupController.MEMORY, dir.resolve("memory.limit_in_bytes"), Long.toString(bytes));
        w.setIfExists(CgroupController.MEMORY, dir.resolve("memory.memsw.limit_in_bytes"), Long.toString(bytes));
    }

    @Override
    public void limitCpu(Writer w, Path dir, long quotaMicros, long periodMicros) {
        w.set(CgroupController.CPU, dir.resolve("cpu.cfs_period_us"), Long.toString(periodMicros));
        w.set(CgroupController.CPU, dir.resolve("cpu.cfs_quota_us"), Long.toString(quotaMicros));
    }

    @Override
    public void shareCpu(Writer w, Path dir, CgroupLimits limits) {
        w.set(CgroupController.CPU, dir.resolve("cpu.shares"), Long.toString(limits.cpuShares().getAsLong()));
    }

    /** "a" to devices.deny, then each rule to devices.allow. */
    @Override
    public void limitDevices(Writer w, Path dir, DevicePolicy policy) {
        for (String[] write : policy.v1Writes()) {
            w.set(CgroupController.DEVICES, dir.resolve(write[0]), write[1]);
        }
    }

    @Override
    public OptionalLong memoryUsage(CgroupKernel kernel, Path dir) {
        return kernel.readNumber(dir.resolve("memory.usage_in_bytes"));
    }

    @Override
    public OptionalLong memoryPeak(CgroupKernel kernel, Path dir) {
        return kernel.readNumber(dir.resolve("memory.max_usage_in_bytes"));
    }

    @Override
    public OptionalLong cpuTimeNanos(CgroupKernel kernel, Path dir) {
        return kernel.readNumber(dir.resolve("cpuacct.usage"));
    }

    @Override
    public Map<String, Long> memoryStat(CgroupKernel kernel, Path dir) {
        return kernel.readAllKeyed(dir.resolve("memory.stat"));
    }

    @Override
    public List<Long> perCpuNanos(CgroupKernel kernel, Path dir) {
        return kernel.readNumbers(dir.resolve("cpuacct.usage_percpu"));
    }

    @Override
    public OptionalLong memoryInactiveFile(CgroupKernel kernel, Path dir) {
        return kernel.readKeyed(dir.resolve("memory.stat"), "total_inactive_file");
    }

    @Override
    public long oomKills(CgroupKernel kernel, Path dir) {
        return kernel.readKeyed(dir.resolve("memory.oom_control"), "oom_kill").orElse(0);
    }

    @Override
    public OptionalLong populated(CgroupKernel kernel, Path dir) {
        return OptionalLong.empty();
    }

    @Override
    public void killAll(CgroupKernel kernel, Path dir) {
        // v1 has no cgroup.kill
    }

    /** freezer.state: THAWED, FREEZING or FROZEN; writing FROZEN or THAWED asks for a change. */
    @Override
    public void requestFrozen(CgroupKernel kernel, Path dir, boolean frozen) throws java.io.IOException {
        kernel.write(dir.resolve("freezer.state"), frozen ? "FROZEN" : "THAWED");
    }

    @Override
    public boolean frozen(CgroupKernel kernel, Path dir) throws java.io.IOException {
        return kernel.read(dir.resolve("freezer.state")).trim().equals("FROZEN");
    }

    @Override
    public boolean freezeRequested(CgroupKernel kernel, Path dir) throws java.io.IOException {
        return !kernel.read(dir.resolve("freezer.state")).trim().equals("THAWED");
    }
}
