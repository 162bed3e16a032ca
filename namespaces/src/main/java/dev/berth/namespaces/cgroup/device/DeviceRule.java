package dev.berth.namespaces.cgroup.device;

import java.util.Objects;

/**
 * One allowed device range: a type, a major and a minor number (either may be any), and the
 * access allowed on it, any of read, write and mknod. Written as in v1's {@code devices.allow}
 * and Docker's {@code --device-cgroup-rule}: {@code "c 1:3 rwm"}, {@code "b *:* m"}.
 * Immutable.
 */
public final class DeviceRule {
    /** A major or minor number that matches every number ({@code *}). */
    public static final int ANY = -1;

    /** Access bits as the kernel's BPF_DEVCG_ACC_* values, which v1 shares in meaning. */
    static final int MKNOD = 1;
    static final int READ = 2;
    static final int WRITE = 4;
    static final int ALL_ACCESS = MKNOD | READ | WRITE;

    /** The largest major (12 bits) and minor (20 bits) of a dev_t the kernel hands to cgroups. */
    private static final long MAX_MAJOR = (1L << 12) - 1;
    private static final long MAX_MINOR = (1L << 20) - 1;

    private final DeviceType type;
    private final int major;
    private final int minor;
    private final int access;

    private DeviceRule(DeviceType type, int major, int minor, int access) {
        this.type = type;
        this.major = major;
        this.minor = minor;
        this.access = access;
    }

    /**
     * The rule allowing {@code access} (a non-empty combination of r, w and m) on the devices of
     * {@code type} numbered {@code major:minor}, {@link #ANY} for every number.
     *
     * @throws IllegalArgumentException naming the value that is out of range or not an access
     */
    public static DeviceRule allow(DeviceType type, int major, int minor, String access) {
        Objects.requireNonNull(type, "type");
        String rule = type.letter() + " " + number(major) + ":" + number(minor) + " " + access;
        checkNumber(rule, "major", major, MAX_MAJOR);
        checkNumber(rule, "minor", minor, MAX_MINOR);
        return new DeviceRule(type, major, minor, accessBits(rule, access));
    }

    /**
     * Parses {@code "TYPE MAJOR:MINOR ACCESS"}, as in {@code devices.allow}: TYPE is a, c or b;
     * MAJOR and MINOR are numbers or {@code *}; ACCESS is a combination of r, w and m.
     *
     * @throws IllegalArgumentException naming the rule and what is wrong with it
     */
    public static DeviceRule parse(String rule) {
        Objects.requireNonNull(rule, "rule");
        String[] f = rule.strip().split("\\s+");
        if (f.length != 3 || f[0].length() != 1 || f[1].indexOf(':') < 0) {
            throw new IllegalArgumentException("device rule \"" + rule + "\" is not of the form"
                    + " 'TYPE MAJOR:MINOR ACCESS' (e.g. 'c 1:3 rwm')");
        }
        DeviceType type = DeviceType.ofLetter(f[0].charAt(0));
        if (type == null) {
            throw new IllegalArgumentException("device rule \"" + rule + "\": type '" + f[0]
                    + "' is not a (all), c (char) or b (block)");
        }
        String[] numbers = f[1].split(":", -1);
        if (numbers.length != 2) {
            throw new IllegalArgumentException("device rule \"" + rule + "\": '" + f[1] + "' is not MAJOR:MINOR");
        }
        return allow(type, parseNumber(rule, "major", numbers[0]), parseNumber(rule, "minor", numbers[1]), f[2]);
    }

    /** The access bits of {@code access}, a non-empty combination of r, w and m without repeats. */
    static int accessBits(String rule, String access) {
        if (access == null || access.isEmpty()) {
            throw new IllegalArgumentException("device rule \"" + rule + "\": the access is empty;"
                    + " give a combination of r (read), w (write) and m (mknod)");
        }
        int bits = 0;
        for (char c : access.toCharArray()) {
            int bit = c == 'r' ? READ : c == 'w' ? WRITE : c == 'm' ? MKNOD : 0;
            if (bit == 0 || (bits & bit) != 0) {
                throw new IllegalArgumentException("device rule \"" + rule + "\": access '" + access
                        + "' must be a combination of r (read), w (write) and m (mknod), each at most once");
            }
            bits |= bit;
        }
        return bits;
    }

    private static int parseNumber(String rule, String what, String text) {
        if (text.equals("*")) {
            return ANY;
        }
        if (text.isEmpty() || !text.chars().allMatch(Character::isDigit) || text.length() > 9) {
            throw new IllegalArgumentException("device rule \"" + rule + "\": the " + what + " '" + text
                    + "' is not a number or '*'");
        }
        return Integer.parseInt(text);
    }

    private static void checkNumber(String rule, String what, int n, long max) {
        if (n != ANY && (n < 0 || n > max)) {
            throw new IllegalArgumentException("device rule \"" + rule + "\": the " + what + " " + n
                    + " is outside 0.." + max + " (or * for any)");
        }
    }

    private static String number(int n) {
        return n == ANY ? "*" : Integer.toString(n);
    }

    /** The type of device the rule is about. */
    public DeviceType type() {
        return type;
    }

    /** The major number, or {@link #ANY}. */
    public int major() {
        return major;
    }

    /** The minor number, or {@link #ANY}. */
    public int minor() {
        return minor;
    }

    /** The access allowed, in the order r, w, m: "rwm", "rw", "m"... */
    public String access() {
        return ((access & READ) != 0 ? "r" : "") + ((access & WRITE) != 0 ? "w" : "") + ((access & MKNOD) != 0 ? "m" : "");
    }

    /** The access as BPF_DEVCG_ACC_* bits. */
    int accessBits() {
        return access;
    }

    /**
     * Whether the rule allows {@code requested} (BPF_DEVCG_ACC_* bits) on a device of {@code t}
     * numbered {@code maj:min}: the rule must cover every requested bit, as the kernel's v1
     * controller checks.
     */
    boolean allows(DeviceType t, int maj, int min, int requested) {
        return (type == DeviceType.ALL || type == t) && (major == ANY || major == maj)
                && (minor == ANY || minor == min) && (requested & ~access) == 0;
    }

    /** The rule as a line of {@code devices.allow}: {@code "c 1:3 rwm"}. */
    @Override
    public String toString() {
        return type.letter() + " " + number(major) + ":" + number(minor) + " " + access();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeviceRule r && r.type == type && r.major == major && r.minor == minor && r.access == access;
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, major, minor, access);
    }
}
