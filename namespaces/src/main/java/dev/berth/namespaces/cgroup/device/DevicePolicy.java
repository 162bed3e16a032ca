package dev.berth.namespaces.cgroup.device;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Which device nodes a cgroup's processes may use: every access is denied unless one of the
 * rules allows it (all of it: a read and write open needs a rule with both r and w). Immutable.
 *
 * <p>{@link #dockerDefault()} is the list Docker gives every container (runc's default allowed
 * devices): mknod of any character or block device, and read, write and mknod of the devices a
 * program expects in {@code /dev}. Making a node is harmless when it cannot be opened; opening
 * any other device, such as a disk or loop device an image ships, fails with EPERM.
 *
 * @see <a href="https://docs.kernel.org/admin-guide/cgroup-v1/devices.html">Device Whitelist
 *      Controller (v1)</a>
 */
public final class DevicePolicy {
    private static final DevicePolicy DOCKER_DEFAULT = new DevicePolicy(List.of(
            DeviceRule.parse("c *:* m"),
            DeviceRule.parse("b *:* m"),
            DeviceRule.parse("c 1:3 rwm"),    // /dev/null
            DeviceRule.parse("c 1:5 rwm"),    // /dev/zero
            DeviceRule.parse("c 1:7 rwm"),    // /dev/full
            DeviceRule.parse("c 1:8 rwm"),    // /dev/random
            DeviceRule.parse("c 1:9 rwm"),    // /dev/urandom
            DeviceRule.parse("c 5:0 rwm"),    // /dev/tty
            DeviceRule.parse("c 5:1 rwm"),    // /dev/console
            DeviceRule.parse("c 5:2 rwm"),    // /dev/ptmx
            DeviceRule.parse("c 136:* rwm"),  // /dev/pts/N
            DeviceRule.parse("c 10:200 rwm")  // /dev/net/tun
    ));

    private final List<DeviceRule> rules;

    private DevicePolicy(List<DeviceRule> rules) {
        this.rules = Collections.unmodifiableList(new ArrayList<>(rules));
    }

    /** Docker's default rules (see the class comment). */
    public static DevicePolicy dockerDefault() {
        return DOCKER_DEFAULT;
    }

    /** Denies every device: no rule at all. */
    public static DevicePolicy denyAll() {
        return new DevicePolicy(List.of());
    }

    /** This policy with {@code rule} allowed as well; a rule it already has is not repeated. */
    public DevicePolicy allow(DeviceRule rule) {
        Objects.requireNonNull(rule, "rule");
        if (rules.contains(rule)) {
            return this;
        }
        List<DeviceRule> more = new ArrayList<>(rules);
        more.add(rule);
        return new DevicePolicy(more);
    }

    /** The allowed ranges, in order. */
    public List<DeviceRule> rules() {
        return rules;
    }

    /**
     * Whether {@code access} (a combination of r, w and m) on the device of {@code type} (c or b)
     * numbered {@code major:minor} is allowed: what the kernel will answer, computed in Java.
     */
    public boolean allows(DeviceType type, int major, int minor, String access) {
        if (type == DeviceType.ALL) {
            throw new IllegalArgumentException("a device is either CHAR or BLOCK, not ALL");
        }
        int requested = DeviceRule.accessBits(type.letter() + " " + major + ":" + minor + " " + access, access);
        return rules.stream().anyMatch(r -> r.allows(type, major, minor, requested));
    }

    /**
     * The writes that put the policy in force in a v1 devices cgroup, in order: {@code "a"} to
     * {@code devices.deny} (drop everything inherited), then each rule to {@code devices.allow}.
     * Each element is {file name, value}.
     */
    public List<String[]> v1Writes() {
        List<String[]> out = new ArrayList<>();
        out.add(new String[] {"devices.deny", "a"});
        for (DeviceRule r : rules) {
            out.add(new String[] {"devices.allow", r.toString()});
        }
        return out;
    }

    /** The eBPF program that enforces the policy on a cgroup v2 group. */
    public byte[] program() {
        return DeviceProgram.compile(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DevicePolicy p && p.rules.equals(rules);
    }

    @Override
    public int hashCode() {
        return rules.hashCode();
    }

    @Override
    public String toString() {
        return "deny all, allow " + rules;
    }
}
