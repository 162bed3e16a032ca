package dev.berth.namespaces.cgroup;

import dev.berth.namespaces.cgroup.device.DevicePolicy;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The resource limits of one container: memory, number of tasks, CPU bandwidth and CPU share.
 * Every limit is optional; one that is not set is left as the kernel's default (unlimited).
 * Immutable; made with {@link #builder()}.
 *
 * <p>How each limit is written:
 * <ul>
 * <li>memory: v1 {@code memory.limit_in_bytes}, and {@code memory.memsw.limit_in_bytes} set to
 *     the same value where swap accounting exists so the container cannot escape into swap; v2
 *     {@code memory.max}, and {@code memory.swap.max} set to 0 where it exists.
 * <li>pids: {@code pids.max} in both.
 * <li>CPU bandwidth: v1 {@code cpu.cfs_period_us} and {@code cpu.cfs_quota_us}; v2
 *     {@code cpu.max} as "quota period".
 * <li>CPU shares: v1 {@code cpu.shares}; v2 {@code cpu.weight}, converted by {@link #cpuWeight()}.
 * <li>device policy: v1 {@code devices.deny} and {@code devices.allow}; v2 an eBPF program of
 *     type {@code BPF_PROG_TYPE_CGROUP_DEVICE} attached to the group (see {@link DevicePolicy}).
 * </ul>
 *
 * @see <a href="https://docs.kernel.org/admin-guide/cgroup-v2.html#memory-interface-files">cgroup
 *      v2 memory</a>, <a href="https://docs.kernel.org/admin-guide/cgroup-v2.html#pid">pids</a>
 *      and <a href="https://docs.kernel.org/admin-guide/cgroup-v2.html#cpu">cpu</a>
 * @see <a href="https://docs.kernel.org/admin-guide/cgroup-v1/memory.html">Memory Resource
 *      Controller (v1)</a>
 * @see <a href="https://docs.kernel.org/admin-guide/cgroup-v1/pids.html">Process Number
 *      Controller (v1)</a>
 * @see <a href="https://docs.kernel.org/scheduler/sched-bwc.html">CFS Bandwidth Control (v1
 *      cpu.cfs_quota_us)</a>
 */
public final class CgroupLimits {
    /** The CFS period used when only a number of CPUs is given: 100 ms, the kernel's default. */
    public static final long DEFAULT_CPU_PERIOD_MICROS = 100_000;
    /** The smallest quota and period the kernel accepts: 1 ms. */
    public static final long MIN_CPU_MICROS = 1_000;
    /** The largest period the kernel accepts: 1 s. */
    public static final long MAX_CPU_PERIOD_MICROS = 1_000_000;
    /** The range of v1 cpu.shares (2 to 2^18); 1024 is the default. */
    public static final long MIN_CPU_SHARES = 2;
    /** The largest v1 cpu.shares. */
    public static final long MAX_CPU_SHARES = 262_144;

    private static final CgroupLimits NONE = new Builder().build();

    private final long memoryBytes;
    private final long pidsMax;
    private final long cpuQuotaMicros;
    private final long cpuPeriodMicros;
    private final long cpuShares;
    private final DevicePolicy devices;

    private CgroupLimits(Builder b) {
        this.memoryBytes = b.memoryBytes;
        this.pidsMax = b.pidsMax;
        this.cpuQuotaMicros = b.cpuQuotaMicros;
        this.cpuPeriodMicros = b.cpuPeriodMicros;
        this.cpuShares = b.cpuShares;
        this.devices = b.devices;
    }

    /** A builder with no limit set. */
    public static Builder builder() {
        return new Builder();
    }

    /** No limits: the group is still useful for statistics, OOM reporting and killing. */
    public static CgroupLimits none() {
        return NONE;
    }

    /** The memory limit in bytes (RAM; swap is not allowed on top of it). */
    public OptionalLong memoryBytes() {
        return memoryBytes < 0 ? OptionalLong.empty() : OptionalLong.of(memoryBytes);
    }

    /** The largest number of tasks (processes and threads) the group may hold. */
    public OptionalLong pidsMax() {
        return pidsMax < 0 ? OptionalLong.empty() : OptionalLong.of(pidsMax);
    }

    /** The CPU time the group may use in each {@link #cpuPeriodMicros() period}, in microseconds. */
    public OptionalLong cpuQuotaMicros() {
        return cpuQuotaMicros < 0 ? OptionalLong.empty() : OptionalLong.of(cpuQuotaMicros);
    }

    /** The CFS period in microseconds; set whenever the quota is. */
    public OptionalLong cpuPeriodMicros() {
        return cpuQuotaMicros < 0 ? OptionalLong.empty() : OptionalLong.of(cpuPeriodMicros);
    }

    /** The relative CPU share in v1 units (2 to 262144, default 1024), as Docker's --cpu-shares. */
    public OptionalLong cpuShares() {
        return cpuShares < 0 ? OptionalLong.empty() : OptionalLong.of(cpuShares);
    }

    /**
     * The share as a v2 {@code cpu.weight} (1 to 10000, default 100). Uses the conversion of runc
     * 1.3.2 and crun 1.23, {@code ceil(10^((L^2 + 125 L) / 612 - 7/34))} with {@code L = log2(shares)},
     * which maps the v1 default 1024 to the v2 default 100 (the older linear formula gave 39 and
     * so made every container weaker than a process outside it; runc issue #4772).
     */
    public OptionalLong cpuWeight() {
        return cpuShares < 0 ? OptionalLong.empty() : OptionalLong.of(weightOfShares(cpuShares));
    }

    /**
     * The device policy: which device nodes the group's processes may open and make. Empty
     * leaves devices as the parent group has them (unrestricted, in the root group).
     */
    public Optional<DevicePolicy> devices() {
        return Optional.ofNullable(devices);
    }

    /**
     * These limits without the device policy: for a process without root, which may neither
     * write a v1 devices group nor load a BPF program, and whose user namespace already keeps
     * the devices of its root file system closed (its mounts are nodev).
     */
    public CgroupLimits withoutDevices() {
        if (devices == null) {
            return this;
        }
        Builder b = toBuilder();
        b.devices = null;
        return b.build();
    }

    private Builder toBuilder() {
        Builder b = new Builder();
        b.memoryBytes = memoryBytes;
        b.pidsMax = pidsMax;
        b.cpuQuotaMicros = cpuQuotaMicros;
        b.cpuPeriodMicros = cpuPeriodMicros;
        b.cpuShares = cpuShares;
        b.devices = devices;
        return b;
    }

    /** The controllers these limits need; creating a group fails when one is missing. */
    public Set<CgroupController> requiredControllers() {
        Set<CgroupController> out = EnumSet.noneOf(CgroupController.class);
        if (memoryBytes >= 0) {
            out.add(CgroupController.MEMORY);
        }
        if (pidsMax >= 0) {
            out.add(CgroupController.PIDS);
        }
        if (cpuQuotaMicros >= 0 || cpuShares >= 0) {
            out.add(CgroupController.CPU);
        }
        if (devices != null) {
            out.add(CgroupController.DEVICES);
        }
        return out;
    }

    /** Whether no limit is set. */
    public boolean isEmpty() {
        return requiredControllers().isEmpty();
    }

    /** The limit that needs the controller, with its value, for error messages. */
    String describe(CgroupController c) {
        switch (c) {
            case MEMORY:
                return "memory limit (" + memoryBytes + " bytes)";
            case PIDS:
                return "pids limit (" + pidsMax + ")";
            case CPU:
                String quota = cpuQuotaMicros < 0 ? ""
                        : "quota " + cpuQuotaMicros + "us per " + cpuPeriodMicros + "us";
                String shares = cpuShares < 0 ? "" : "shares " + cpuShares;
                return "CPU limit (" + quota + (quota.isEmpty() || shares.isEmpty() ? "" : ", ")
                        + shares + ")";
            case DEVICES:
                return "device policy (" + devices.rules().size() + " allow rules)";
            default:
                return c + " limit";
        }
    }

    static long weightOfShares(long shares) {
        if (shares <= MIN_CPU_SHARES) {
            return 1;
        }
        if (shares >= MAX_CPU_SHARES) {
            return 10_000;
        }
        double l = Math.log(shares) / Math.log(2);
        double exponent = (l * l + 125 * l) / 612.0 - 7.0 / 34.0;
        return Math.max(1, Math.min(10_000, (long) Math.ceil(Math.pow(10, exponent))));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CgroupLimits l && l.memoryBytes == memoryBytes && l.pidsMax == pidsMax
                && l.cpuQuotaMicros == cpuQuotaMicros && l.cpuPeriodMicros == cpuPeriodMicros
                && l.cpuShares == cpuShares && Objects.equals(l.devices, devices);
    }

    @Override
    public int hashCode() {
        return Objects.hash(memoryBytes, pidsMax, cpuQuotaMicros, cpuPeriodMicros, cpuShares, devices);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("CgroupLimits[");
        String sep = "";
        if (memoryBytes >= 0) {
            b.append("memory=").append(memoryBytes).append('B');
            sep = ", ";
        }
        if (pidsMax >= 0) {
            b.append(sep).append("pids=").append(pidsMax);
            sep = ", ";
        }
        if (cpuQuotaMicros >= 0) {
            b.append(sep).append("cpu=").append(cpuQuotaMicros).append('/').append(cpuPeriodMicros)
                    .append("us");
            sep = ", ";
        }
        if (cpuShares >= 0) {
            b.append(sep).append("cpuShares=").append(cpuShares);
            sep = ", ";
        }
        if (devices != null) {
            b.append(sep).append("devices=").append(devices.rules().size()).append(" rules");
        }
        return b.append(']').toString();
    }

    /**
     * Builds {@link CgroupLimits}. Each setter checks its value against what the kernel accepts,
     * so a bad value fails here, with the Java stack of the caller, and not as an EINVAL later.
     */
    public static final class Builder {
        private long memoryBytes = -1;
        private long pidsMax = -1;
        private long cpuQuotaMicros = -1;
        private long cpuPeriodMicros = DEFAULT_CPU_PERIOD_MICROS;
        private long cpuShares = -1;
        private DevicePolicy devices;

        private Builder() {
        }

        /** Limits memory to this many bytes (at least one page is sensible; must be positive). */
        public Builder memoryBytes(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("memory limit must be positive: " + bytes);
            }
            this.memoryBytes = bytes;
            return this;
        }

        /** Limits the number of tasks (processes and threads); must be positive. */
        public Builder pidsMax(long max) {
            if (max <= 0) {
                throw new IllegalArgumentException("pids limit must be positive: " + max);
            }
            this.pidsMax = max;
            return this;
        }

        /**
         * Allows {@code quotaMicros} of CPU time in every {@code periodMicros}; a quota larger than
         * the period allows more than one CPU.
         */
        public Builder cpuQuota(long quotaMicros, long periodMicros) {
            if (periodMicros < MIN_CPU_MICROS || periodMicros > MAX_CPU_PERIOD_MICROS) {
                throw new IllegalArgumentException("cpu period must be between " + MIN_CPU_MICROS
                        + " and " + MAX_CPU_PERIOD_MICROS + " microseconds: " + periodMicros);
            }
            if (quotaMicros < MIN_CPU_MICROS) {
                throw new IllegalArgumentException("cpu quota must be at least " + MIN_CPU_MICROS
                        + " microseconds: " + quotaMicros);
            }
            this.cpuQuotaMicros = quotaMicros;
            this.cpuPeriodMicros = periodMicros;
            return this;
        }

        /**
         * Allows this many CPUs' worth of time, as Docker's {@code --cpus}: a quota of
         * {@code cpus} times the default 100 ms period. At least 0.01.
         */
        public Builder cpus(double cpus) {
            if (!(cpus > 0) || Double.isInfinite(cpus)) {
                throw new IllegalArgumentException("cpus must be a positive number: " + cpus);
            }
            long quota = Math.round(cpus * DEFAULT_CPU_PERIOD_MICROS);
            if (quota < MIN_CPU_MICROS) {
                throw new IllegalArgumentException("cpus must be at least 0.01: " + cpus);
            }
            return cpuQuota(quota, DEFAULT_CPU_PERIOD_MICROS);
        }

        /** Sets the relative CPU share in v1 units, 2 to 262144 (1024 is the default). */
        public Builder cpuShares(long shares) {
            if (shares < MIN_CPU_SHARES || shares > MAX_CPU_SHARES) {
                throw new IllegalArgumentException("cpu shares must be between " + MIN_CPU_SHARES
                        + " and " + MAX_CPU_SHARES + ": " + shares);
            }
            this.cpuShares = shares;
            return this;
        }

        /**
         * Restricts the devices the group's processes may open and make to those {@code policy}
         * allows, as Docker does for every container ({@link DevicePolicy#dockerDefault()}).
         */
        public Builder devices(DevicePolicy policy) {
            this.devices = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** The limits set so far. */
        public CgroupLimits build() {
            return new CgroupLimits(this);
        }
    }
}
