package dev.berth.namespaces.linux;

import java.util.Locale;

/**
 * The processor architectures Berth runs on, each with the kernel interface values that differ
 * between them: the numbers of the system calls that Berth makes raw (the C library may not
 * wrap them), the open(2) flags whose bits aarch64 moved, and the layout of
 * {@code struct epoll_event}. Everything else Berth passes to the kernel through JNA is the
 * same on both and lives in {@link Syscalls}, {@link LinuxSyscalls} and {@link KernelStructs}.
 *
 * <p>Sources: {@code arch/x86/entry/syscalls/syscall_64.tbl} and
 * {@code include/uapi/asm-generic/unistd.h} (aarch64's table), {@code asm-generic/fcntl.h} and
 * {@code arch/arm64/include/uapi/asm/fcntl.h}, {@code include/uapi/linux/eventpoll.h}
 * ({@code EPOLL_PACKED} on x86_64 only). {@code KernelTablesTest} compiles every value here
 * against both architectures' kernel headers. See
 * <a href="https://man7.org/linux/man-pages/man2/syscall.2.html">syscall(2)</a>.
 */
public enum Arch {
    X86_64("x86_64", new SyscallNumbers(319, 308, 272, 321, 332), 0200000, 0400000, 12, 4),
    AARCH64("aarch64", new SyscallNumbers(279, 268, 97, 280, 291), 040000, 0100000, 16, 8);

    /**
     * The calls whose numbers differ by architecture. Calls added from Linux 5.1 on have one
     * number everywhere (the constants below).
     */
    record SyscallNumbers(int memfdCreate, int setns, int unshare, int bpf, int statx) {
    }

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
    /** {@code O_DIRECTORY}: 0200000 on x86_64, 040000 on aarch64 (where 0200000 is O_DIRECT). */
    public final int openDirectory;
    /** {@code O_NOFOLLOW}: 0400000 on x86_64, 0100000 on aarch64 (where 0400000 is O_LARGEFILE). */
    public final int openNoFollow;
    /** {@code sizeof(struct epoll_event)}: packed (12) on x86_64, 16 elsewhere. */
    public final int epollEventSize;
    /** {@code offsetof(struct epoll_event, data)}. */
    public final int epollDataOffset;

    Arch(String kernelName, SyscallNumbers nr, int openDirectory, int openNoFollow, int epollEventSize,
            int epollDataOffset) {
        this.kernelName = kernelName;
        this.sysMemfdCreate = nr.memfdCreate();
        this.sysSetns = nr.setns();
        this.sysUnshare = nr.unshare();
        this.sysBpf = nr.bpf();
        this.sysStatx = nr.statx();
        this.openDirectory = openDirectory;
        this.openNoFollow = openNoFollow;
        this.epollEventSize = epollEventSize;
        this.epollDataOffset = epollDataOffset;
    }

    /** The name {@code uname -m} prints, used in resource paths ({@code linux-x86_64}). */
    public String kernelName() {
        return kernelName;
    }

    /** The architecture of this JVM; fails on one Berth has no numbers for. */
    public static Arch current() {
        return of(System.getProperty("os.arch"));
    }

    /** The architecture a JVM's {@code os.arch} names ({@code amd64}, {@code aarch64}, ...). */
    public static Arch of(String osArch) {
        String a = osArch.toLowerCase(Locale.ROOT);
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
