package dev.berth.namespaces.seccomp;

import java.util.Locale;
import java.util.Objects;

/**
 * What the kernel does with a system call a rule matches: the {@code SECCOMP_RET_*} values of
 * <a href="https://man7.org/linux/man-pages/man2/seccomp.2.html">seccomp(2)</a>, named as in
 * Docker's profiles ({@code SCMP_ACT_*}).
 */
public final class SeccompAction {
    /** Kind of action; the order is the kernel's precedence, strongest first. */
    public enum Kind {
        KILL_PROCESS(0x80000000), KILL_THREAD(0x00000000), TRAP(0x00030000), ERRNO(0x00050000),
        TRACE(0x7ff00000), LOG(0x7ffc0000), ALLOW(0x7fff0000);

        final int base;

        Kind(int base) {
            this.base = base;
        }
    }

    /** EPERM, the errno of Docker's default action. */
    public static final int EPERM = 1;
    /** ENOSYS, what libc treats as "this kernel lacks the call" and falls back from. */
    public static final int ENOSYS = 38;

    public static final SeccompAction ALLOW = new SeccompAction(Kind.ALLOW, 0);
    public static final SeccompAction KILL_PROCESS = new SeccompAction(Kind.KILL_PROCESS, 0);
    public static final SeccompAction KILL_THREAD = new SeccompAction(Kind.KILL_THREAD, 0);
    public static final SeccompAction LOG = new SeccompAction(Kind.LOG, 0);

    private final Kind kind;
    private final int data;

    private SeccompAction(Kind kind, int data) {
        this.kind = kind;
        this.data = data;
    }

    /** Fails the call with {@code errno} (0..4095). */
    public static SeccompAction errno(int errno) {
        if (errno < 0 || errno > 0xfff) {
            throw new IllegalArgumentException("errno out of range 0..4095: " + errno);
        }
        return new SeccompAction(Kind.ERRNO, errno);
    }

    /** Notifies a ptrace tracer with {@code data}; without a tracer the call fails with ENOSYS. */
    public static SeccompAction trace(int data) {
        return new SeccompAction(Kind.TRACE, data & 0xffff);
    }

    /** Sends SIGSYS to the thread. */
    public static SeccompAction trap() {
        return new SeccompAction(Kind.TRAP, 0);
    }

    /**
     * Parses Docker's name ({@code SCMP_ACT_ALLOW}, {@code SCMP_ACT_ERRNO}, ...); {@code errnoRet}
     * (may be null) is the errno of ERRNO, else {@code defaultErrno}.
     */
    public static SeccompAction parse(String name, Integer errnoRet, int defaultErrno) {
        String n = name.toUpperCase(Locale.ROOT);
        switch (n) {
            case "SCMP_ACT_ALLOW": return ALLOW;
            case "SCMP_ACT_ERRNO": return errno(errnoRet != null ? errnoRet : defaultErrno);
            case "SCMP_ACT_KILL":
            case "SCMP_ACT_KILL_THREAD": return KILL_THREAD;
            case "SCMP_ACT_KILL_PROCESS": return KILL_PROCESS;
            case "SCMP_ACT_TRAP": return trap();
            case "SCMP_ACT_TRACE": return trace(errnoRet != null ? errnoRet : 0);
            case "SCMP_ACT_LOG": return LOG;
            default: throw new IllegalArgumentException("unsupported seccomp action: " + name);
        }
    }

    public Kind kind() {
        return kind;
    }

    /** The errno or trace data (0 for the other kinds). */
    public int data() {
        return data;
    }

    /** The value a BPF {@code ret} instruction returns for this action. */
    public int returnValue() {
        return kind.base | data;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SeccompAction a && a.kind == kind && a.data == data;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, data);
    }

    @Override
    public String toString() {
        return kind == Kind.ERRNO || kind == Kind.TRACE ? kind + "(" + data + ")" : kind.toString();
    }
}
