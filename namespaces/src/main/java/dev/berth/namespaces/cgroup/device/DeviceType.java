package dev.berth.namespaces.cgroup.device;

/**
 * The kind of device node a rule is about, with its letter in the v1 {@code devices.allow}
 * syntax and its value in the {@code access_type} of {@code struct bpf_cgroup_dev_ctx}
 * ({@code BPF_DEVCG_DEV_BLOCK} 1, {@code BPF_DEVCG_DEV_CHAR} 2).
 */
public enum DeviceType {
    /** Both kinds ({@code a}); a v2 program skips the type test. */
    ALL('a', 0),
    /** Character devices ({@code c}). */
    CHAR('c', 2),
    /** Block devices ({@code b}). */
    BLOCK('b', 1);

    private final char letter;
    private final int bpfValue;

    DeviceType(char letter, int bpfValue) {
        this.letter = letter;
        this.bpfValue = bpfValue;
    }

    /** The letter of the v1 syntax: a, c or b. */
    public char letter() {
        return letter;
    }

    /** The kernel's BPF_DEVCG_DEV_* value; 0 for {@link #ALL}, which has none. */
    int bpfValue() {
        return bpfValue;
    }

    /** The type written as {@code letter}; null when the letter is none of a, c, b. */
    static DeviceType ofLetter(char letter) {
        for (DeviceType t : values()) {
            if (t.letter == letter) {
                return t;
            }
        }
        return null;
    }
}
