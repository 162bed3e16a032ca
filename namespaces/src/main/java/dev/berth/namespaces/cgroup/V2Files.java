package dev.berth.namespaces.cgroup;

import dev.berth.namespaces.cgroup.device.DevicePolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The files of the cgroup v2 (unified) hierarchy, where every controller is in one tree.
 *
 * @see <a href="https://docs.kernel.org/admin-guide/cgroup-v2.html#controllers">Control Group v2: controllers</a>
 */
final class V2Files implements CgroupFiles {
    static final V2Files INSTANCE = new V2Files();

    private V2Files() {
    }

    @Override
    public void limitMemory(Writer w, Path dir, long bytes) {
        w.set(CgroupController.MEMORY, dir.resolve("memory.max"), Long.toString(bytes));
        // No swap on top of the limit; the file is absent without swap accounting.
        w.setIfExists(CgroupController.MEMORY, dir.resolve("memory.swap.max"), "0");
    }

    @Override
    public void limitCpu(Writer w, Path dir, long quotaMicros, long periodMicros) {
        w.set(CgroupController.CPU, dir.resolve("cpu.max"), quotaMicros + " " + periodMicros);
    }

    @Override
    public void shareCpu(Writer w, Path dir, CgroupLimits limits) {
        w.set(CgroupController.CPU, dir.resolve("cpu.weight"), Long.toString(limits.cpuWeight().getAsLong()));
    }

    /**
     * The policy's eBPF program, attached to the group's directory with BPF_F_ALLOW_MULTI, so
     * that programs an ancestor has keep running as well (the kernel allows an access only if
     * every one of them does); the attachment lives as long as the directory.
     */
    @Override
    public void limitDevices(Writer w, Path dir, DevicePolicy policy) {
        w.attachDeviceProgram(dir, policy);
    }

    @Override
    public OptionalLong memoryUsage(CgroupKernel kernel, Path dir) {
        return kernel.readNumber(dir.resolve("memory.current"));
    }

    @Override
    public OptionalLong memoryPeak(CgroupKernel kernel, Path dir) {
        return kernel.readNumber(dir.resolve("memory.peak"));
    }

    /** The {@code usage_usec} line of cpu.stat, in microseconds. */
    @Override
    public OptionalLong cpuTimeNanos(CgroupKernel kernel, Path dir) {
        OptionalLong micros = kernel.readKeyed(dir.resolve("cpu.stat"), "usage_usec");
        return micros.isPresent() ? OptionalLong.of(micros.getAsLong() * 1000) : micros;
    }

    @Override
    public Map<String, Long> memoryStat(CgroupKernel kernel, Path dir) {
        return kernel.readAllKeyed(dir.resolve("memory.stat"));
    }

    @Override
    public List<Long> perCpuNanos(CgroupKernel kernel, Path dir) {
        return List.of();
    }

    @Override
    public OptionalLong memoryInactiveFile(CgroupKernel kernel, Path dir) {
        return kernel.readKeyed(dir.resolve("memory.stat"), "inactive_file");
    }

    @Override
    public long oomKills(CgroupKernel kernel, Path dir) {
        return kernel.readKeyed(dir.resolve("memory.events"), "oom_kill").orElse(0);
    }

    @Override
    public OptionalLong populated(CgroupKernel kernel, Path dir) {
        return kernel.readKeyed(dir.resolve("cgroup.events"), "populated");
    }

    /** cgroup.kill (Linux 5.14+) kills the whole subtree and also catches processes forking while it runs. */
    @Override
    public void killAll(CgroupKernel kernel, Path dir) {
        Path killFile = dir.resolve("cgroup.kill");
        if (kernel.exists(killFile)) {
            try {
                kernel.write(killFile, "1");
            } catch (IOException ignored) {
                // gone already, or refused: the per-pid SIGKILL still runs
            }
        }
    }

    /** cgroup.freeze asks; the "frozen" line of cgroup.events says when every process has stopped. */
    @Override
    public void requestFrozen(CgroupKernel kernel, Path dir, boolean frozen) throws java.io.IOException {
        kernel.write(dir.resolve("cgroup.freeze"), frozen ? "1" : "0");
    }

    @Override
    public boolean frozen(CgroupKernel kernel, Path dir) {
        return kernel.readKeyed(dir.resolve("cgroup.events"), "frozen").orElse(0) == 1;
    }

    @Override
    public boolean freezeRequested(CgroupKernel kernel, Path dir) throws java.io.IOException {
        return kernel.read(dir.resolve("cgroup.freeze")).trim().equals("1");
    }
}
