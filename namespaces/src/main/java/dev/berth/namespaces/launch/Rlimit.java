package dev.berth.namespaces.launch;

/**
 * A resource limit for the launched process, as
 * <a href="https://man7.org/linux/man-pages/man2/setrlimit.2.html">setrlimit(2)</a> defines it.
 * {@link #UNLIMITED} stands for RLIM_INFINITY.
 */
public record Rlimit(Type type, long soft, long hard) {
    public static final long UNLIMITED = -1L;

    /** The resources, numbered as in asm-generic/resource.h (the same on x86_64 and aarch64). */
    public enum Type {
        CPU, FSIZE, DATA, STACK, CORE, RSS, NPROC, NOFILE, MEMLOCK, AS, LOCKS, SIGPENDING,
        MSGQUEUE, NICE, RTPRIO, RTTIME;

        /** The RLIMIT_* number. */
        public int number() {
            return ordinal();
        }
    }

    public Rlimit {
        if (soft != UNLIMITED && (soft < 0 || (hard != UNLIMITED && soft > hard))) {
            throw new IllegalArgumentException("rlimit " + type + ": soft " + soft
                    + " must be between 0 and the hard limit " + hard);
        }
        if (hard != UNLIMITED && hard < 0) {
            throw new IllegalArgumentException("rlimit " + type + ": hard " + hard + " is negative");
        }
        if (soft == UNLIMITED && hard != UNLIMITED) {
            throw new IllegalArgumentException("rlimit " + type + ": soft is unlimited but hard is " + hard);
        }
    }

    /** Soft and hard set to the same value. */
    public static Rlimit of(Type type, long value) {
        return new Rlimit(type, value, value);
    }
}
