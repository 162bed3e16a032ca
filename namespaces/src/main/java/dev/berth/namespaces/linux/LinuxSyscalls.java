package dev.berth.namespaces.linux;

import static dev.berth.namespaces.linux.KernelStructs.*;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.StringArray;
import com.sun.jna.ptr.IntByReference;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The real {@link Syscalls}: each method is one JNA call into the C library. */
public final class LinuxSyscalls implements Syscalls {
    private static final LinuxSyscalls INSTANCE = new LinuxSyscalls();
    static final int P_PID = 1;
    static final int P_PIDFD = 3;
    static final int WEXITED = 4;
    static final int WNOHANG = 1;
    static final int CLD_EXITED = 1;
    static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    static final short POSIX_SPAWN_SETSIGMASK = 0x08;

    // The C library is bound (JNA's native part, its java.util.logging, the proxy) at the first
    // call, not when the host is made: a listing that makes no system call never pays for it (#17).
    private final Arch arch = Arch.current();

    private LinuxSyscalls() {
    }

    /** The one instance. */
    public static LinuxSyscalls get() {
        return INSTANCE;
    }

    private static int errno() {
        return Native.getLastError();
    }

    private static int check(int rc, String call, String object) {
        if (rc < 0) {
            throw new SyscallException(call, object, errno());
        }
        return rc;
    }

    private static long check(long rc, String call, String object) {
        if (rc < 0) {
            throw new SyscallException(call, object, errno());
        }
        return rc;
    }

    @Override
    public int open(String path, int flags, int mode) {
        return check(LibC.INSTANCE.open(path, flags, mode), "open", path);
    }

    @Override
    public void close(int fd) {
        if (LibC.INSTANCE.close(fd) < 0 && errno() == Errno.EBADF) {
            throw new SyscallException("close", "fd " + fd, Errno.EBADF);
        }
    }

    /** TIOCSWINSZ of asm-generic/ioctls.h (x86_64 and aarch64 alike). */
    static final long TIOCSWINSZ = 0x5414;

    @Override
    public void setWindowSize(int fd, int rows, int columns) {
        short[] winsize = {(short) rows, (short) columns, 0, 0}; // struct winsize: row, col, xpixel, ypixel
        check(LibC.INSTANCE.ioctl(fd, new com.sun.jna.NativeLong(TIOCSWINSZ), winsize), "ioctl TIOCSWINSZ", "fd " + fd);
    }

    @Override
    public int read(int fd, byte[] buf, int off, int len) {
        while (true) {
            byte[] tmp = off == 0 ? buf : new byte[len];
            long n = LibC.INSTANCE.read(fd, tmp, len);
            if (n < 0 && errno() == Errno.EINTR) {
                continue;
            }
            check(n, "read", "fd " + fd);
            if (tmp != buf) {
                System.arraycopy(tmp, 0, buf, off, (int) n);
            }
            return (int) n;
        }
    }

    @Override
    public void write(int fd, byte[] buf, int off, int len) {
        if (off == 0 && len > 0) {
            // The usual case (a spec, a gate byte): one call from the array, no native buffer
            // of our own; a short write goes on below from where it stopped.
            long n;
            do {
                n = LibC.INSTANCE.write(fd, buf, len);
            } while (n < 0 && errno() == Errno.EINTR);
            off = (int) check(n, "write", "fd " + fd);
            len -= off;
            if (len == 0) {
                return;
            }
        }
        Memory m = new Memory(Math.max(1, len));
        m.write(0, buf, off, len);
        long done = 0;
        while (done < len) {
            long n = LibC.INSTANCE.write(fd, m.share(done), len - done);
            if (n < 0 && errno() == Errno.EINTR) {
                continue;
            }
            done += check(n, "write", "fd " + fd);
        }
    }

    @Override
    public int[] pipe2(int flags) {
        int[] fds = new int[2];
        check(LibC.INSTANCE.pipe2(fds, flags), "pipe2", null);
        return fds;
    }

    @Override
    public int[] socketPair() {
        int[] sv = new int[2];
        check(LibC.INSTANCE.socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv), "socketpair", null);
        return sv;
    }

    @Override
    public int receiveDescriptor(int socket) {
        // One byte of data, and room for one cmsghdr with up to four descriptors.
        try (com.sun.jna.Memory data = new com.sun.jna.Memory(8);
                com.sun.jna.Memory iov = new com.sun.jna.Memory(KernelStructs.IOVEC_SIZE);
                com.sun.jna.Memory control = new com.sun.jna.Memory(KernelStructs.CMSGHDR_SIZE + 16);
                com.sun.jna.Memory msg = new com.sun.jna.Memory(KernelStructs.MSGHDR_SIZE)) {
            iov.setPointer(0, data);
            iov.setLong(KernelStructs.IOVEC_LEN, 1);
            control.clear();
            msg.clear();
            msg.setPointer(KernelStructs.MSGHDR_IOV, iov);
            msg.setLong(KernelStructs.MSGHDR_IOVLEN, 1);
            msg.setPointer(KernelStructs.MSGHDR_CONTROL, control);
            msg.setLong(KernelStructs.MSGHDR_CONTROLLEN, control.size());
            long n;
            do {
                n = LibC.INSTANCE.recvmsg(socket, msg, MSG_CMSG_CLOEXEC);
            } while (n < 0 && errno() == Errno.EINTR);
            check(n, "recvmsg", "fd " + socket);
            long controlLength = msg.getLong(KernelStructs.MSGHDR_CONTROLLEN);
            if (controlLength < KernelStructs.CMSGHDR_SIZE + 4 || control.getInt(KernelStructs.CMSGHDR_LEVEL) != SOL_SOCKET
                    || control.getInt(KernelStructs.CMSGHDR_TYPE) != SCM_RIGHTS) {
                return -1;
            }
            int count = (int) ((Math.min(control.getLong(0), controlLength) - KernelStructs.CMSGHDR_SIZE) / 4);
            for (int i = 1; i < count; i++) {
                close(control.getInt(KernelStructs.CMSGHDR_SIZE + 4L * i)); // only one was asked for
            }
            return count < 1 ? -1 : control.getInt(KernelStructs.CMSGHDR_SIZE);
        }
    }

    static final int AF_UNIX = 1;
    static final int SOCK_SEQPACKET = 5;
    static final int SOCK_CLOEXEC = 02000000;
    static final int SOL_SOCKET = 1;
    static final int SCM_RIGHTS = 1;
    static final int MSG_CMSG_CLOEXEC = 0x40000000;

    @Override
    public int fcntl(int fd, int cmd, long arg) {
        return check(LibC.INSTANCE.fcntl(fd, cmd, arg), "fcntl", "fd " + fd + " cmd " + cmd);
    }

    @Override
    public void mount(String source, String target, String fstype, long flags, String data) {
        check(LibC.INSTANCE.mount(source, target, fstype, flags, data), "mount",
                (fstype != null ? fstype : source) + " on " + target);
    }

    @Override
    public void umount2(String target, int flags) {
        check(LibC.INSTANCE.umount2(target, flags), "umount2", target);
    }

    @Override
    public void setns(int fd, int nstype) {
        check(LibC.INSTANCE.setns(fd, nstype), "setns", "fd " + fd + " type 0x" + Integer.toHexString(nstype));
    }

    @Override
    public void unshare(int flags) {
        check(LibC.INSTANCE.unshare(flags), "unshare", "0x" + Integer.toHexString(flags));
    }

    @Override
    public void mknod(String path, int mode, long dev) {
        check(LibC.INSTANCE.mknod(path, mode, dev), "mknod", path);
    }

    @Override
    public void lchown(String path, int uid, int gid) {
        check(LibC.INSTANCE.lchown(path, uid, gid), "lchown", path);
    }

    @Override
    public void lsetxattr(String path, String name, byte[] value) {
        check(LibC.INSTANCE.lsetxattr(path, name, value, value.length, 0), "lsetxattr", path + " " + name);
    }

    @Override
    public byte[] lgetxattr(String path, String name) {
        long size = LibC.INSTANCE.lgetxattr(path, name, null, 0);
        if (size < 0 && errno() == Errno.ENODATA) {
            return null;
        }
        check(size, "lgetxattr", path + " " + name);
        byte[] buf = new byte[(int) size];
        long n = check(LibC.INSTANCE.lgetxattr(path, name, buf, size), "lgetxattr", path + " " + name);
        return n == size ? buf : java.util.Arrays.copyOf(buf, (int) n);
    }

    @Override
    public List<String> llistxattr(String path) {
        long size = check(LibC.INSTANCE.llistxattr(path, null, 0), "llistxattr", path);
        if (size == 0) {
            return new ArrayList<>();
        }
        byte[] buf = new byte[(int) size];
        return names(buf, check(LibC.INSTANCE.llistxattr(path, buf, size), "llistxattr", path));
    }

    /** The names in a listxattr(2) answer: NUL-terminated, one after the other. */
    private static List<String> names(byte[] buf, long n) {
        List<String> names = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < n; i++) {
            if (buf[i] == 0) {
                names.add(new String(buf, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return names;
    }

    @Override
    public void lutimes(String path, long atimeNanos, long mtimeNanos) {
        long[] ts = {
            Math.floorDiv(atimeNanos, 1_000_000_000L), Math.floorMod(atimeNanos, 1_000_000_000L),
            Math.floorDiv(mtimeNanos, 1_000_000_000L), Math.floorMod(mtimeNanos, 1_000_000_000L),
        };
        check(LibC.INSTANCE.utimensat(AT_FDCWD, path, ts, AT_SYMLINK_NOFOLLOW), "utimensat", path);
    }

    @Override
    public String readlink(String path) {
        byte[] buf = new byte[4096];
        long n = check(LibC.INSTANCE.readlink(path, buf, buf.length), "readlink", path);
        return new String(buf, 0, (int) n, StandardCharsets.UTF_8);
    }

    /** statx's mask for the fields of stat(2) (STATX_BASIC_STATS). */
    static final int STATX_BASIC_STATS = 0x7ff;
    /** One struct statx per thread: the diff of a commit calls statx once per file. */
    private static final ThreadLocal<Memory> STATX_BUF = ThreadLocal.withInitial(() -> new Memory(STATX_SIZE));
    /** The empty path of AT_EMPTY_PATH calls, allocated once, at the first (not at class initialisation: see LibC). */
    private static final class EmptyPath {
        static final Memory EMPTY = cstring("");
    }

    @Override
    public FileStatus statx(int dirfd, String path, int flags) {
        Memory buf = STATX_BUF.get();
        Memory cpath = path.isEmpty() ? EmptyPath.EMPTY : cstring(path);
        long rc = LibC.INSTANCE.syscall(arch.sysStatx, dirfd, Pointer.nativeValue(cpath), flags, STATX_BASIC_STATS,
                Pointer.nativeValue(buf));
        Reference.reachabilityFence(cpath); // the native memory must outlive the raw call
        check(rc, "statx", path.isEmpty() ? "fd " + dirfd : path);
        return new FileStatus(buf.getShort(STATX_MODE) & 0xffff, buf.getInt(STATX_UID), buf.getInt(STATX_GID),
                buf.getLong(STATX_FILE_SIZE),
                buf.getLong(STATX_MTIME) * 1_000_000_000L + (buf.getInt(STATX_MTIME + STATX_TIMESTAMP_NSEC) & 0xffffffffL),
                FileStatus.makedev(buf.getInt(STATX_RDEV_MAJOR) & 0xffffffffL, buf.getInt(STATX_RDEV_MINOR) & 0xffffffffL),
                FileStatus.makedev(buf.getInt(STATX_DEV_MAJOR) & 0xffffffffL, buf.getInt(STATX_DEV_MINOR) & 0xffffffffL),
                buf.getLong(STATX_INO), buf.getInt(STATX_NLINK));
    }

    @Override
    public String readlinkat(int dirfd, String path) {
        byte[] buf = new byte[4096];
        long n = check(LibC.INSTANCE.readlinkat(dirfd, path, buf, buf.length), "readlinkat", path.isEmpty() ? "fd " + dirfd : path);
        return new String(buf, 0, (int) n, StandardCharsets.UTF_8);
    }

    @Override
    public List<String> flistxattr(int fd) {
        String path = "/proc/self/fd/" + fd;
        long size = check(LibC.INSTANCE.listxattr(path, null, 0), "listxattr", path);
        if (size == 0) {
            return new ArrayList<>();
        }
        byte[] buf = new byte[(int) size];
        long n = check(LibC.INSTANCE.listxattr(path, buf, size), "listxattr", path);
        return names(buf, n);
    }

    @Override
    public byte[] fgetxattr(int fd, String name) {
        String path = "/proc/self/fd/" + fd;
        long size = LibC.INSTANCE.getxattr(path, name, null, 0);
        if (size < 0 && errno() == Errno.ENODATA) {
            return null;
        }
        check(size, "getxattr", path + " " + name);
        byte[] buf = new byte[(int) size];
        long n = check(LibC.INSTANCE.getxattr(path, name, buf, size), "getxattr", path + " " + name);
        return n == size ? buf : java.util.Arrays.copyOf(buf, (int) n);
    }

    @Override
    public int openat(int dirfd, String path, int flags, int mode) {
        return check(LibC.INSTANCE.openat(dirfd, path, flags, mode), "openat", path);
    }

    @Override
    public int openat2(int dirfd, String path, int flags, int mode, long resolve) {
        Memory how = new Memory(OPEN_HOW_SIZE);
        how.setLong(OPEN_HOW_FLAGS, flags & 0xffffffffL);
        how.setLong(OPEN_HOW_MODE, mode);
        how.setLong(OPEN_HOW_RESOLVE, resolve);
        Memory cpath = cstring(path);
        long fd = LibC.INSTANCE.syscall(Arch.SYS_OPENAT2, dirfd, Pointer.nativeValue(cpath), Pointer.nativeValue(how),
                OPEN_HOW_SIZE);
        Reference.reachabilityFence(cpath); // the native memory must outlive the raw call
        Reference.reachabilityFence(how);
        return (int) check(fd, "openat2", path);
    }

    @Override
    public void mkdirat(int dirfd, String path, int mode) {
        check(LibC.INSTANCE.mkdirat(dirfd, path, mode), "mkdirat", path);
    }

    @Override
    public void mknodat(int dirfd, String path, int mode, long dev) {
        check(LibC.INSTANCE.mknodat(dirfd, path, mode, dev), "mknodat", path);
    }

    @Override
    public void symlinkat(String target, int dirfd, String path) {
        check(LibC.INSTANCE.symlinkat(target, dirfd, path), "symlinkat", path);
    }

    @Override
    public void linkat(int olddirfd, String oldpath, int newdirfd, String newpath, int flags) {
        check(LibC.INSTANCE.linkat(olddirfd, oldpath, newdirfd, newpath, flags), "linkat", newpath + " -> " + oldpath);
    }

    @Override
    public void unlinkat(int dirfd, String path, int flags) {
        check(LibC.INSTANCE.unlinkat(dirfd, path, flags), "unlinkat", path);
    }

    @Override
    public void fchmodat(int dirfd, String path, int mode, int flags) {
        check(LibC.INSTANCE.fchmodat(dirfd, path, mode, flags), "fchmodat", path);
    }

    @Override
    public void fchownat(int dirfd, String path, int uid, int gid, int flags) {
        check(LibC.INSTANCE.fchownat(dirfd, path, uid, gid, flags), "fchownat", path);
    }

    @Override
    public void utimensat(int dirfd, String path, long atimeNanos, long mtimeNanos, int flags) {
        long[] ts = {
            Math.floorDiv(atimeNanos, 1_000_000_000L), Math.floorMod(atimeNanos, 1_000_000_000L),
            Math.floorDiv(mtimeNanos, 1_000_000_000L), Math.floorMod(mtimeNanos, 1_000_000_000L),
        };
        check(LibC.INSTANCE.utimensat(dirfd, path, ts, flags), "utimensat", path);
    }

    @Override
    public void syncfs(int fd) {
        check(LibC.INSTANCE.syncfs(fd), "syncfs", "fd " + fd);
    }

    @Override
    public void startWriteback(int fd) {
        check(LibC.INSTANCE.sync_file_range(fd, 0, 0, 2 /* SYNC_FILE_RANGE_WRITE */), "sync_file_range", "fd " + fd);
    }

    @Override
    public void chdir(String path) {
        check(LibC.INSTANCE.chdir(path), "chdir", path);
    }

    @Override
    public void chroot(String path) {
        check(LibC.INSTANCE.chroot(path), "chroot", path);
    }

    @Override
    public int fsopen(String fstype, int flags) {
        Memory name = cstring(fstype);
        long fd = LibC.INSTANCE.syscall(Arch.SYS_FSOPEN, Pointer.nativeValue(name), flags);
        Reference.reachabilityFence(name);
        return (int) check(fd, "fsopen", fstype);
    }

    @Override
    public void fsconfig(int fsfd, int cmd, String key, String value) {
        Memory k = key == null ? null : cstring(key);
        Memory v = value == null ? null : cstring(value);
        long rc = LibC.INSTANCE.syscall(Arch.SYS_FSCONFIG, fsfd, cmd, k == null ? 0 : Pointer.nativeValue(k),
                v == null ? 0 : Pointer.nativeValue(v), 0);
        Reference.reachabilityFence(k);
        Reference.reachabilityFence(v);
        check(rc, "fsconfig", key == null ? "cmd " + cmd : value == null ? key : key + "=" + value);
    }

    @Override
    public int fsmount(int fsfd, int flags, int attrFlags) {
        return (int) check(LibC.INSTANCE.syscall(Arch.SYS_FSMOUNT, fsfd, flags, attrFlags), "fsmount", "fd " + fsfd);
    }

    @Override
    public void moveMount(int fromFd, String toPath) {
        Memory empty = cstring("");
        Memory to = cstring(toPath);
        long rc = LibC.INSTANCE.syscall(Arch.SYS_MOVE_MOUNT, fromFd, Pointer.nativeValue(empty), AT_FDCWD,
                Pointer.nativeValue(to), MOVE_MOUNT_F_EMPTY_PATH);
        Reference.reachabilityFence(empty);
        Reference.reachabilityFence(to);
        check(rc, "move_mount", toPath);
    }

    private static Memory cstring(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        Memory m = new Memory(b.length + 1L);
        m.write(0, b, 0, b.length);
        m.setByte(b.length, (byte) 0);
        return m;
    }

    /** The size of union bpf_attr passed; the kernel requires bytes beyond its own size to be zero. */
    static final int BPF_ATTR_SIZE = 128;
    static final int BPF_PROG_LOAD = 5;
    static final int BPF_PROG_ATTACH = 8;
    /** Enough for the verifier's account of a refused program of a few hundred instructions. */
    private static final int VERIFIER_LOG_SIZE = 64 * 1024;

    @Override
    public int bpfProgLoad(int type, int expectedAttachType, byte[] instructions, String license) {
        if (instructions.length == 0 || instructions.length % 8 != 0) {
            throw new IllegalArgumentException("eBPF instructions are 8 bytes each: " + instructions.length + " bytes");
        }
        long fd = bpfProgLoad(type, expectedAttachType, instructions, license, null);
        if (fd >= 0) {
            return (int) fd;
        }
        int errno = errno();
        // Loaded again with the verifier's log, so that the refusal says why (the first attempt
        // runs without one: a log costs the kernel time on every successful load).
        Memory log = new Memory(VERIFIER_LOG_SIZE);
        log.clear();
        bpfProgLoad(type, expectedAttachType, instructions, license, log);
        String verifier = log.getString(0, "UTF-8").strip();
        throw new SyscallException("bpf", "BPF_PROG_LOAD of " + instructions.length / 8 + " instructions"
                + (verifier.isEmpty() ? "" : "; verifier: " + verifier), errno);
    }

    private long bpfProgLoad(int type, int expectedAttachType, byte[] instructions, String license, Memory log) {
        Memory insns = new Memory(instructions.length);
        insns.write(0, instructions, 0, instructions.length);
        Memory lic = cstring(license);
        Memory attr = new Memory(BPF_ATTR_SIZE);
        attr.clear();
        attr.setInt(BPF_ATTR_PROG_TYPE, type);
        attr.setInt(BPF_ATTR_INSN_CNT, instructions.length / 8);
        attr.setLong(BPF_ATTR_INSNS, Pointer.nativeValue(insns));
        attr.setLong(BPF_ATTR_LICENSE, Pointer.nativeValue(lic));
        if (log != null) {
            attr.setInt(BPF_ATTR_LOG_LEVEL, 1);
            attr.setInt(BPF_ATTR_LOG_SIZE, (int) log.size());
            attr.setLong(BPF_ATTR_LOG_BUF, Pointer.nativeValue(log));
        }
        byte[] name = "berth_devices".getBytes(StandardCharsets.US_ASCII); // NUL-terminated within BPF_PROG_NAME_LEN
        attr.write(BPF_ATTR_PROG_NAME, name, 0, Math.min(name.length, BPF_ATTR_PROG_NAME_LEN - 1));
        attr.setInt(BPF_ATTR_EXPECTED_ATTACH_TYPE, expectedAttachType);
        long rc = LibC.INSTANCE.syscall(arch.sysBpf, BPF_PROG_LOAD, Pointer.nativeValue(attr), BPF_ATTR_SIZE);
        Reference.reachabilityFence(insns); // the native memory must outlive the raw call
        Reference.reachabilityFence(lic);
        Reference.reachabilityFence(attr);
        Reference.reachabilityFence(log);
        return rc;
    }

    @Override
    public void bpfProgAttach(int targetFd, int progFd, int attachType, int flags) {
        Memory attr = new Memory(BPF_ATTR_SIZE);
        attr.clear();
        attr.setInt(BPF_ATTR_TARGET_FD, targetFd);
        attr.setInt(BPF_ATTR_ATTACH_BPF_FD, progFd);
        attr.setInt(BPF_ATTR_ATTACH_TYPE, attachType);
        attr.setInt(BPF_ATTR_ATTACH_FLAGS, flags);
        long rc = LibC.INSTANCE.syscall(arch.sysBpf, BPF_PROG_ATTACH, Pointer.nativeValue(attr), BPF_ATTR_SIZE);
        Reference.reachabilityFence(attr);
        check(rc, "bpf", "BPF_PROG_ATTACH of program fd " + progFd + " to fd " + targetFd);
    }

    @Override
    public int memfdCreate(String name, int flags) {
        Memory cname = new Memory(name.length() + 1L);
        cname.setString(0, name, "UTF-8");
        long fd = LibC.INSTANCE.syscall(arch.sysMemfdCreate, com.sun.jna.Pointer.nativeValue(cname), flags);
        return (int) check(fd, "memfd_create", name);
    }

    @Override
    public int pidfdOpen(int pid) {
        return (int) check(LibC.INSTANCE.syscall(Arch.SYS_PIDFD_OPEN, pid, 0), "pidfd_open", "pid " + pid);
    }

    @Override
    public boolean pidfdSendSignal(int pidfd, int signal) {
        long rc = LibC.INSTANCE.syscall(Arch.SYS_PIDFD_SEND_SIGNAL, pidfd, signal, 0, 0);
        if (rc < 0 && errno() == Errno.ESRCH) {
            return false;
        }
        check(rc, "pidfd_send_signal", "signal " + signal);
        return true;
    }

    @Override
    public int pidfdGetfd(int pidfd, int targetFd) {
        return (int) check(LibC.INSTANCE.syscall(Arch.SYS_PIDFD_GETFD, pidfd, targetFd, 0), "pidfd_getfd",
                "fd " + targetFd);
    }

    @Override
    public WaitStatus waitPidfd(int pidfd, boolean block) {
        return waitid(P_PIDFD, pidfd, block, "pidfd " + pidfd);
    }

    @Override
    public WaitStatus waitPid(int pid) {
        return waitid(P_PID, pid, true, "pid " + pid);
    }

    private WaitStatus waitid(int idtype, int id, boolean block, String object) {
        Memory info = new Memory(SIGINFO_SIZE);
        while (true) {
            info.clear();
            int rc = LibC.INSTANCE.waitid(idtype, id, info, WEXITED | (block ? 0 : WNOHANG));
            if (rc < 0 && errno() == Errno.EINTR) {
                continue;
            }
            check(rc, "waitid", object);
            if (info.getInt(SIGINFO_PID) == 0) {
                return null;
            }
            int code = info.getInt(SIGINFO_CODE);
            int status = info.getInt(SIGINFO_STATUS);
            return new WaitStatus(code == CLD_EXITED, status);
        }
    }

    @Override
    public long[] getrlimit(int resource) {
        long[] lim = new long[2];
        check(LibC.INSTANCE.getrlimit(resource, lim), "getrlimit", "resource " + resource);
        return lim;
    }

    @Override
    public int geteuid() {
        return EffectiveUid.VALUE;
    }

    @Override
    public boolean privilegedRoot() {
        return EffectiveUid.VALUE == 0 && EffectiveUid.SYS_ADMIN && EffectiveUid.INITIAL_USER_NAMESPACE;
    }

    /**
     * The effective uid, read once from {@code /proc/self/status} (its {@code Uid:} line: real,
     * effective, saved, filesystem) rather than by a call into the C library, so that asking
     * whether this is root does not bind the library (JNA) for a command that needs nothing else
     * of it. A JVM cannot change its own uid, so once is enough.
     */
    private static final class EffectiveUid {
        private static final String STATUS = status();
        static final int VALUE = read();
        /** Whether CapEff holds CAP_SYS_ADMIN (bit 21); true where /proc cannot tell, so that root keeps the root path. */
        static final boolean SYS_ADMIN = field("CapEff:").map(c -> new java.math.BigInteger(c, 16).testBit(21)).orElse(true);
        /** Whether uid_map is the initial namespace's identity of every id; true where /proc cannot tell. */
        static final boolean INITIAL_USER_NAMESPACE = initialUserNamespace();

        private static boolean initialUserNamespace() {
            try {
                return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/uid_map")).trim()
                        .matches("0\\s+0\\s+4294967295");
            } catch (java.io.IOException | RuntimeException e) {
                return true;
            }
        }

        private static String status() {
            try {
                return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/status"));
            } catch (java.io.IOException | RuntimeException e) {
                return ""; // no /proc
            }
        }

        /** The value of a status line ("Uid:\t0\t0\t0\t0" gives "0\t0\t0\t0"), trimmed. */
        private static java.util.Optional<String> field(String key) {
            return STATUS.lines().filter(l -> l.startsWith(key)).findFirst().map(l -> l.substring(key.length()).trim());
        }

        private static int read() {
            try {
                java.util.Optional<String> uids = field("Uid:");
                if (uids.isPresent()) {
                    return Integer.parseInt(uids.get().split("\\s+")[1]);
                }
            } catch (RuntimeException e) {
                // unreadable: ask the C library
            }
            return LibC.INSTANCE.geteuid();
        }
    }

    @Override
    public int getpid() {
        return LibC.INSTANCE.getpid();
    }

    @Override
    public int epollCreate() {
        return check(LibC.INSTANCE.epoll_create1(O_CLOEXEC), "epoll_create1", null);
    }

    /** struct epoll_event is packed (12 bytes) on x86_64 and 16 bytes elsewhere. */
    private int eventSize() {
        return arch.epollEventSize;
    }

    private int dataOffset() {
        return arch.epollDataOffset;
    }

    @Override
    public void epollAdd(int epfd, int fd, int events) {
        Memory ev = new Memory(arch.epollEventSize);
        ev.clear();
        ev.setInt(0, events);
        ev.setLong(dataOffset(), fd);
        check(LibC.INSTANCE.epoll_ctl(epfd, 1, fd, ev), "epoll_ctl", "add fd " + fd);
    }

    @Override
    public void epollDelete(int epfd, int fd) {
        Memory ev = new Memory(arch.epollEventSize);
        ev.clear();
        check(LibC.INSTANCE.epoll_ctl(epfd, 2, fd, ev), "epoll_ctl", "delete fd " + fd);
    }

    @Override
    public int[] epollWait(int epfd, int maxEvents, int timeoutMillis) {
        Memory evs = new Memory((long) eventSize() * maxEvents);
        int n = LibC.INSTANCE.epoll_wait(epfd, evs, maxEvents, timeoutMillis);
        if (n < 0 && errno() == Errno.EINTR) {
            return new int[0];
        }
        check(n, "epoll_wait", null);
        int[] fds = new int[n];
        for (int i = 0; i < n; i++) {
            fds[i] = (int) evs.getLong((long) i * eventSize() + dataOffset());
        }
        return fds;
    }

    @Override
    public int spawn(String path, List<String> argv, List<String> env, int[] fdMap) {
        return spawn(path, argv, env, fdMap, false);
    }

    @Override
    public int spawnClosingOthers(String path, List<String> argv, List<String> env, int[] fdMap) {
        return spawn(path, argv, env, fdMap, true);
    }

    private int spawn(String path, List<String> argv, List<String> env, int[] fdMap, boolean closeOthers) {
        // Sources are first copied above every target, so that mapping one low descriptor onto
        // another (2 -> 1, 1 -> 2) cannot clobber a source before it is used.
        int[] high = new int[fdMap.length];
        Memory actions = LibC.opaque();
        Memory attr = SpawnAttributes.ATTR;
        LibC.INSTANCE.posix_spawn_file_actions_init(actions);
        try {
            for (int i = 0; i < fdMap.length; i++) {
                // Only a source below fdMap.length can be a target too; the others stay as they are.
                high[i] = fdMap[i] < 0 || fdMap[i] >= fdMap.length ? -1 : fcntl(fdMap[i], F_DUPFD_CLOEXEC, 64);
                int source = fdMap[i] < 0 ? devNull() : high[i] >= 0 ? high[i] : fdMap[i];
                LibC.INSTANCE.posix_spawn_file_actions_adddup2(actions, source, i);
            }
            if (closeOthers) {
                closeFrom(actions, fdMap.length);
            }
            IntByReference pid = new IntByReference();
            int rc = LibC.INSTANCE.posix_spawn(pid, path, actions, attr,
                    new StringArray(argv.toArray(new String[0])),
                    new StringArray(env.toArray(new String[0])));
            if (rc != 0) {
                throw new SyscallException("posix_spawn", path, rc);
            }
            return pid.getValue();
        } finally {
            for (int fd : high) {
                if (fd >= 0) {
                    LibC.INSTANCE.close(fd);
                }
            }
            LibC.INSTANCE.posix_spawn_file_actions_destroy(actions);
        }
    }

    /**
     * The attributes of every spawn, made once (six calls into the C library fewer per launch,
     * which count while the JIT has not compiled JNA's path): an empty signal mask, and every
     * signal's disposition reset to its default. posix_spawn only reads them, so concurrent
     * spawns share them; they live as long as the JVM.
     */
    private static final class SpawnAttributes {
        static final Memory ATTR = make();

        private static Memory make() {
            Memory attr = LibC.opaque();
            Memory mask = new Memory(SIGSET_SIZE);
            Memory defaults = new Memory(SIGSET_SIZE);
            LibC.INSTANCE.posix_spawnattr_init(attr);
            LibC.INSTANCE.sigemptyset(mask);
            LibC.INSTANCE.sigfillset(defaults);
            LibC.INSTANCE.posix_spawnattr_setsigmask(attr, mask);
            LibC.INSTANCE.posix_spawnattr_setsigdefault(attr, defaults);
            LibC.INSTANCE.posix_spawnattr_setflags(attr, (short) (POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK));
            return attr;
        }
    }

    private static volatile boolean noCloseFrom;

    /**
     * Closes every descriptor above the mapped ones in the child. The stage-1 helper does so
     * itself (and runs from a memfd that must stay open), but slirp4netns does not, and the JDK
     * opens sockets without close-on-exec: it would keep a host port bound that the JVM closed.
     */
    private void closeFrom(Memory actions, int from) {
        if (noCloseFrom) {
            return;
        }
        try {
            LibC.INSTANCE.posix_spawn_file_actions_addclosefrom_np(actions, from);
        } catch (UnsatisfiedLinkError e) {
            noCloseFrom = true; // glibc before 2.34: descriptors with close-on-exec are all that is closed
        }
    }

    private static volatile int devNull = -1;

    /** A descriptor of /dev/null kept open for mapping closed child descriptors onto. */
    private int devNull() {
        if (devNull < 0) {
            synchronized (LinuxSyscalls.class) {
                if (devNull < 0) {
                    devNull = open("/dev/null", O_RDWR | O_CLOEXEC, 0);
                }
            }
        }
        return devNull;
    }
}
