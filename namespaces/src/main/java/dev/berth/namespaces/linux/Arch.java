package dev.berth.namespaces.linux;

import java.util.Locale;

/**
 * The processor architectures Berth runs on, with the numbers of the system calls that the C
 * library may not wrap. Numbers from the kernel's {@code syscall_64.tbl} (x86_64) and
 * {@code asm-generic/unistd.h} (aarch64); see <a href="https://man7.org/linux/man-pages/man2/syscall.2.html">syscall(2)</a>.
 */
public enum Arch {
    X86_64("x86_64", 319, 308, 272, 321, 332),
    AARCH64("aarch64", 279, 268, 97, 280, 291);

    /** Numbers shared by both architectures (the unified table from Linux 5.1 on). */
    public static final int SYS_PIDFD_SEND_SIGNAL = 424;
    public static final int SYS_MOVE_MOUNT = 429;
    public static final int SYS_FSOPEN = 430;
    public static final int SYS_FSCONFIG = 431;
    public static final int SYS_FSMOUNT = 432;
    public static final int SYS_PIDFD_OPEN = 434;
    public static final int SYS_CLONE3 = 435;
    public static final int SYS_CLOSE_RANGE = 436;
    public static final int SYS_OPENAT2 = 437;
    public static final int SYS_PIDFD_GETFD = 438;

    private final String kernelName;
    public final int sysMemfdCreate;
    public final int sysSetns;
    public final int sysUnshare;
    public final int sysBpf;
    public final int sysStatx;

    Arch(String kernelName, int sysMemfdCreate, int sysSetns, int sysUnshare, int sysBpf, int sysStatx) {
        this.kernelName = kernelName;
        this.sysMemfdCreate = sysMemfdCreate;
        this.sysSetns = sysSetns;
        this.sysUnshare = sysUnshare;
        this.sysBpf = sysBpf;
        this.sysStatx = sysStatx;
    }

    /** The name {@code uname -m} prints, used in resource paths ({@code linux-x86_64}). */
    public String kernelName() {
        return kernelName;
    }

    /** The architecture of this JVM; fails on one Berth has no numbers for. */
    public static Arch current() {
        String a = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        switch (a) {
            case "amd64":
            case "x86_64":
                return X86_64;
            case "aarch64":
            case "arm64":
                return AARCH64;
            default:
                throw new UnsupportedOperationException("unsupported architecture: " + a
                        + " (Berth supports x86_64 and aarch64)");
        }
    }
}
