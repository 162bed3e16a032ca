package dev.berth.namespaces.seccomp;

import java.util.Locale;

/**
 * A comparison of one system-call argument (a full 64-bit value), as libseccomp's
 * {@code SCMP_CMP_*} operators define them. For {@link Op#MASKED_EQ} {@code value} is the mask
 * and {@code valueTwo} the value the masked argument must equal.
 *
 * @param index the argument, 0..5
 */
public record ArgCondition(int index, Op op, long value, long valueTwo) {
    /** The comparison; all unsigned 64-bit. */
    public enum Op {
        NE, LT, LE, EQ, GE, GT, MASKED_EQ;

        /** Parses Docker's {@code SCMP_CMP_EQ} or {@code EQ}. */
        public static Op parse(String name) {
            String n = name.toUpperCase(Locale.ROOT);
            return valueOf(n.startsWith("SCMP_CMP_") ? n.substring(9) : n);
        }
    }

    public ArgCondition {
        if (index < 0 || index > 5) {
            throw new IllegalArgumentException("syscall argument index out of range 0..5: " + index);
        }
    }

    public static ArgCondition eq(int index, long value) {
        return new ArgCondition(index, Op.EQ, value, 0);
    }

    public static ArgCondition ne(int index, long value) {
        return new ArgCondition(index, Op.NE, value, 0);
    }

    /** {@code (arg & mask) == value}. */
    public static ArgCondition maskedEq(int index, long mask, long value) {
        return new ArgCondition(index, Op.MASKED_EQ, mask, value);
    }

    /** Whether {@code arg} satisfies this condition (the reference the compiled BPF must agree with). */
    public boolean test(long arg) {
        switch (op) {
            case NE: return arg != value;
            case LT: return Long.compareUnsigned(arg, value) < 0;
            case LE: return Long.compareUnsigned(arg, value) <= 0;
            case EQ: return arg == value;
            case GE: return Long.compareUnsigned(arg, value) >= 0;
            case GT: return Long.compareUnsigned(arg, value) > 0;
            default: return (arg & value) == valueTwo;
        }
    }
}
