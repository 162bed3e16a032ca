package dev.berth.namespaces.linux;

/**
 * Sizes and field offsets of the kernel and C library structures that {@link LinuxSyscalls}
 * builds and reads by hand in JNA memory. They are the same on x86_64 and aarch64 (LP64,
 * little-endian); the one that differs, {@code struct epoll_event}, is in {@link Arch}.
 * {@code KernelTablesTest} compiles every value here with {@code offsetof}/{@code sizeof}
 * against both architectures' headers.
 */
final class KernelStructs {
    private KernelStructs() {
    }

    /** {@code struct statx} (<a href="https://man7.org/linux/man-pages/man2/statx.2.html">statx(2)</a>). */
    static final int STATX_SIZE = 256;
    static final int STATX_NLINK = 16;
    static final int STATX_UID = 20;
    static final int STATX_GID = 24;
    /** A u16. */
    static final int STATX_MODE = 28;
    static final int STATX_INO = 32;
    static final int STATX_FILE_SIZE = 40;
    /** {@code stx_mtime}: s64 tv_sec, then u32 tv_nsec at +8. */
    static final int STATX_MTIME = 112;
    static final int STATX_TIMESTAMP_NSEC = 8;
    static final int STATX_RDEV_MAJOR = 128;
    static final int STATX_RDEV_MINOR = 132;
    static final int STATX_DEV_MAJOR = 136;
    static final int STATX_DEV_MINOR = 140;

    /** {@code struct open_how} of openat2(2): u64 flags, mode, resolve. */
    static final int OPEN_HOW_SIZE = 24;
    static final int OPEN_HOW_FLAGS = 0;
    static final int OPEN_HOW_MODE = 8;
    static final int OPEN_HOW_RESOLVE = 16;

    /** {@code union bpf_attr}, its BPF_PROG_LOAD member. */
    static final int BPF_ATTR_PROG_TYPE = 0;
    static final int BPF_ATTR_INSN_CNT = 4;
    static final int BPF_ATTR_INSNS = 8;
    static final int BPF_ATTR_LICENSE = 16;
    static final int BPF_ATTR_LOG_LEVEL = 24;
    static final int BPF_ATTR_LOG_SIZE = 28;
    static final int BPF_ATTR_LOG_BUF = 32;
    static final int BPF_ATTR_PROG_NAME = 48;
    /** {@code BPF_OBJ_NAME_LEN}. */
    static final int BPF_ATTR_PROG_NAME_LEN = 16;
    static final int BPF_ATTR_EXPECTED_ATTACH_TYPE = 68;
    /** Its BPF_PROG_ATTACH member: target_fd, attach_bpf_fd, attach_type, attach_flags (u32 each). */
    static final int BPF_ATTR_TARGET_FD = 0;
    static final int BPF_ATTR_ATTACH_BPF_FD = 4;
    static final int BPF_ATTR_ATTACH_TYPE = 8;
    static final int BPF_ATTR_ATTACH_FLAGS = 12;

    /** {@code siginfo_t} as waitid(2) fills it for SIGCHLD. */
    static final int SIGINFO_SIZE = 128;
    static final int SIGINFO_CODE = 8;
    static final int SIGINFO_PID = 16;
    static final int SIGINFO_STATUS = 24;

    /** glibc's {@code sigset_t} (1024 bits). */
    static final int SIGSET_SIZE = 128;
    /** Room for glibc's opaque {@code posix_spawnattr_t} and {@code posix_spawn_file_actions_t}. */
    static final int SPAWN_OPAQUE_SIZE = 1024;
    /** {@code struct timespec}: the array of two that utimensat(2) takes is 4 longs. */
    static final int TIMESPEC_SIZE = 16;
    /** {@code struct rlimit}: rlim_cur, rlim_max (u64 each). */
    static final int RLIMIT_SIZE = 16;
    /** {@code struct winsize}: ws_row, ws_col, ws_xpixel, ws_ypixel (u16 each). */
    static final int WINSIZE_SIZE = 8;

    /** {@code struct msghdr} of recvmsg(2), and the {@code struct iovec} and {@code struct cmsghdr} it points to. */
    static final int MSGHDR_SIZE = 56;
    static final int MSGHDR_IOV = 16;
    static final int MSGHDR_IOVLEN = 24;
    static final int MSGHDR_CONTROL = 32;
    static final int MSGHDR_CONTROLLEN = 40;
    static final int IOVEC_SIZE = 16;
    static final int IOVEC_LEN = 8;
    /** {@code size_t cmsg_len, int cmsg_level, int cmsg_type}, then the data ({@code CMSG_DATA}). */
    static final int CMSGHDR_SIZE = 16;
    static final int CMSGHDR_LEVEL = 8;
    static final int CMSGHDR_TYPE = 12;
}
