package dev.berth.namespaces.linux;

import java.util.List;

/**
 * Every kernel operation Berth makes from Java. {@link LinuxSyscalls} makes them;
 * {@code RecordingSyscalls} (in this module's test jar) records them and injects failures, so that
 * mount plans, launch specs, cgroup set-up and undo on failure are unit-tested without root. Each method throws {@link SyscallException} naming the call, the
 * errno and the object on failure. Constants follow the kernel's UAPI headers; the few whose
 * values differ between x86_64 and aarch64 come from {@link Arch}'s table for this JVM
 * ({@code KernelTablesTest} checks them all against both architectures' headers).
 */
public interface Syscalls {
    int O_RDONLY = 0;
    int O_WRONLY = 1;
    int O_RDWR = 2;
    int O_CREAT = 0100;
    int O_EXCL = 0200;
    int O_TRUNC = 01000;
    int O_NONBLOCK = 04000;
    int O_NOCTTY = 0400;
    /** Not a compile-time constant: aarch64 has its own bits for it ({@link Arch#openDirectory}). */
    int O_DIRECTORY = Arch.current().openDirectory;
    /** Not a compile-time constant: aarch64 has its own bits for it ({@link Arch#openNoFollow}). */
    int O_NOFOLLOW = Arch.current().openNoFollow;
    int O_CLOEXEC = 02000000;
    int O_PATH = 010000000;

    int F_GETFL = 3;
    int F_DUPFD_CLOEXEC = 1030;
    int F_SETFL = 4;
    int F_ADD_SEALS = 1033;
    int F_SEAL_SEAL = 1;
    int F_SEAL_SHRINK = 2;
    int F_SEAL_GROW = 4;
    int F_SEAL_WRITE = 8;

    int MFD_CLOEXEC = 1;
    int MFD_ALLOW_SEALING = 2;
    int MFD_EXEC = 0x10;

    int MNT_DETACH = 2;
    /** mount(2) propagation flag; the others are {@code Mount.MS_*}. */
    long MS_SLAVE = 0x80000;
    /** unshare(2) of the file system attributes (root, cwd, umask) a thread shares. */
    int CLONE_FS = 0x200;
    int AT_FDCWD = -100;
    int AT_SYMLINK_NOFOLLOW = 0x100;
    int AT_REMOVEDIR = 0x200;
    int AT_EMPTY_PATH = 0x1000;

    /** openat2(2) {@code resolve} bits. */
    long RESOLVE_NO_XDEV = 0x01;
    long RESOLVE_NO_MAGICLINKS = 0x02;
    long RESOLVE_NO_SYMLINKS = 0x04;
    long RESOLVE_BENEATH = 0x08;
    long RESOLVE_IN_ROOT = 0x10;

    int S_IFIFO = 0010000;
    int S_IFCHR = 0020000;
    int S_IFBLK = 0060000;

    /** fsconfig(2) commands. */
    int FSCONFIG_SET_FLAG = 0;
    int FSCONFIG_SET_STRING = 1;
    int FSCONFIG_CMD_CREATE = 6;
    int MOVE_MOUNT_F_EMPTY_PATH = 0x04;

    /** bpf(2) program type and attach type of a cgroup device program, and the attach flag runc uses. */
    int BPF_PROG_TYPE_CGROUP_DEVICE = 15;
    int BPF_CGROUP_DEVICE = 6;
    int BPF_F_ALLOW_MULTI = 2;

    int EPOLLIN = 0x001;
    int EPOLLERR = 0x008;
    int EPOLLHUP = 0x010;

    /** open(2). */
    int open(String path, int flags, int mode);

    /** close(2); errors other than EBADF are ignored, as the descriptor is gone either way. */
    void close(int fd);

    /**
     * ioctl(fd, TIOCSWINSZ): sets the window size of terminal {@code fd}; the kernel then sends
     * SIGWINCH to the terminal's foreground process group.
     */
    void setWindowSize(int fd, int rows, int columns);

    /** read(2): the number of bytes read, 0 at end of file. */
    int read(int fd, byte[] buf, int off, int len);

    /** write(2) of the whole range, repeating short writes. */
    void write(int fd, byte[] buf, int off, int len);

    /** pipe2(2): {read end, write end}. */
    int[] pipe2(int flags);

    /** fcntl(2) with an integer argument. */
    int fcntl(int fd, int cmd, long arg);

    /** socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC): two connected ends. */
    int[] socketPair();

    /**
     * recvmsg(2) of one message carrying one descriptor (SCM_RIGHTS), received close-on-exec
     * (MSG_CMSG_CLOEXEC), as a console socket carries a pty master; -1 at EOF or when the
     * message holds no descriptor (any other descriptors it holds are closed).
     */
    int receiveDescriptor(int socket);

    /** mount(2). */
    void mount(String source, String target, String fstype, long flags, String data);

    /** umount2(2). */
    void umount2(String target, int flags);

    /** setns(2) with a namespace file descriptor or a pidfd. */
    void setns(int fd, int nstype);

    /** unshare(2); affects only the calling thread for everything but user namespaces. */
    void unshare(int flags);

    /** mknod(2). */
    void mknod(String path, int mode, long dev);

    /** lchown(2). */
    void lchown(String path, int uid, int gid);

    /** lsetxattr(2). */
    void lsetxattr(String path, String name, byte[] value);

    /** lgetxattr(2); null when the attribute does not exist. */
    byte[] lgetxattr(String path, String name);

    /** llistxattr(2): the attribute names. */
    List<String> llistxattr(String path);

    /** utimensat(2) on a path without following a final symlink; times in nanoseconds. */
    void lutimes(String path, long atimeNanos, long mtimeNanos);

    /** readlink(2). */
    String readlink(String path);

    /**
     * statx(2) of {@code path} relative to {@code dirfd}: with AT_SYMLINK_NOFOLLOW a symlink
     * itself, with AT_EMPTY_PATH and an empty path the file of the descriptor (also an O_PATH one).
     */
    FileStatus statx(int dirfd, String path, int flags);

    /** readlinkat(2); with an empty path, the symlink an O_PATH|O_NOFOLLOW descriptor refers to. */
    String readlinkat(int dirfd, String path);

    /**
     * The xattr names of the file of descriptor {@code fd}, which may be an O_PATH one (of a
     * symlink too), where flistxattr(2) fails: listxattr(2) of {@code /proc/self/fd/N}, which the
     * kernel resolves to the descriptor's own file without walking a path.
     */
    List<String> flistxattr(int fd);

    /** As {@link #flistxattr}: one attribute of the descriptor's file; null when it does not exist. */
    byte[] fgetxattr(int fd, String name);

    /** openat(2) relative to a directory descriptor. */
    int openat(int dirfd, String path, int flags, int mode);

    /**
     * openat2(2): {@code resolve} is a set of RESOLVE_* bits, so that a path can be resolved
     * without leaving {@code dirfd} or without following any symlink.
     */
    int openat2(int dirfd, String path, int flags, int mode, long resolve);

    /** mkdirat(2). */
    void mkdirat(int dirfd, String path, int mode);

    /** mknodat(2): mode includes the type bits (S_IFCHR, S_IFBLK, S_IFIFO). */
    void mknodat(int dirfd, String path, int mode, long dev);

    /** symlinkat(2): creates {@code path} (relative to dirfd) pointing to {@code target}. */
    void symlinkat(String target, int dirfd, String path);

    /** linkat(2); without AT_SYMLINK_FOLLOW a link to a symlink links the symlink itself. */
    void linkat(int olddirfd, String oldpath, int newdirfd, String newpath, int flags);

    /** unlinkat(2); AT_REMOVEDIR removes an empty directory. */
    void unlinkat(int dirfd, String path, int flags);

    /** fchmodat(2); with AT_SYMLINK_NOFOLLOW it never changes what a symlink points to. */
    void fchmodat(int dirfd, String path, int mode, int flags);

    /** fchownat(2). */
    void fchownat(int dirfd, String path, int uid, int gid, int flags);

    /** utimensat(2) with times in nanoseconds. */
    void utimensat(int dirfd, String path, long atimeNanos, long mtimeNanos, int flags);

    /** syncfs(2): writes out everything of the file system that holds {@code fd}. */
    void syncfs(int fd);

    /**
     * sync_file_range(2) with SYNC_FILE_RANGE_WRITE over the whole file: starts writing its dirty
     * pages back without waiting, so a later sync has less left to do.
     */
    void startWriteback(int fd);

    /** chdir(2); for the whole process unless the thread has called unshare(CLONE_FS). */
    void chdir(String path);

    /** chroot(2); for the whole process unless the thread has called unshare(CLONE_FS). */
    void chroot(String path);

    /** fsopen(2): a file-system context for {@code fstype}. */
    int fsopen(String fstype, int flags);

    /**
     * fsconfig(2) with a string value (FSCONFIG_SET_STRING), a flag (value null), or a command
     * (key and value null).
     */
    void fsconfig(int fsfd, int cmd, String key, String value);

    /** fsmount(2): a detached mount of the created context. */
    int fsmount(int fsfd, int flags, int attrFlags);

    /** move_mount(2) of a detached mount descriptor onto {@code toPath}. */
    void moveMount(int fromFd, String toPath);

    /**
     * bpf(BPF_PROG_LOAD): loads an eBPF program of {@code type} (BPF_PROG_TYPE_*) from its
     * instructions, 8 bytes each in the kernel's encoding, and returns its descriptor. When the
     * kernel refuses it, the exception names the verifier's log.
     */
    int bpfProgLoad(int type, int expectedAttachType, byte[] instructions, String license);

    /**
     * bpf(BPF_PROG_ATTACH): attaches the program behind {@code progFd} to the object behind
     * {@code targetFd} (a cgroup directory for BPF_CGROUP_DEVICE). The attachment holds the
     * program, so both descriptors may be closed afterwards.
     */
    void bpfProgAttach(int targetFd, int progFd, int attachType, int flags);

    /** memfd_create(2). */
    int memfdCreate(String name, int flags);

    /** pidfd_open(2). */
    int pidfdOpen(int pid);

    /** pidfd_send_signal(2); false when the process no longer exists (ESRCH). */
    boolean pidfdSendSignal(int pidfd, int signal);

    /** pidfd_getfd(2): a copy of descriptor {@code targetFd} of the process behind the pidfd. */
    int pidfdGetfd(int pidfd, int targetFd);

    /**
     * waitid(P_PIDFD) for a child that has exited; with {@code block} false returns null if it
     * is still running.
     */
    WaitStatus waitPidfd(int pidfd, boolean block);

    /**
     * waitid(P_PID), blocking: reaps child {@code pid} where no pidfd could be had for it (a child
     * that has not been reaped keeps its pid, so the number cannot name another process).
     */
    WaitStatus waitPid(int pid);

    /** getrlimit(2): {soft, hard}, with -1 for unlimited. */
    long[] getrlimit(int resource);

    /** geteuid(2). */
    int geteuid();

    /**
     * Whether this process takes the root path: effective uid 0 with CAP_SYS_ADMIN in the initial
     * user namespace, so that it makes each container's namespaces and mounts itself, gives files
     * host owners, makes device nodes and sets trusted xattrs directly. Root in a user namespace (a
     * pod with {@code hostUsers: false}, podman's {@code --userns=auto}) or without CAP_SYS_ADMIN
     * cannot do all of that, and takes the rootless path of a non-root user instead: a nested
     * user namespace per container, where it holds every capability.
     */
    default boolean privilegedRoot() {
        return geteuid() == 0;
    }

    /** getpid(2). */
    int getpid();

    /** epoll_create1(EPOLL_CLOEXEC). */
    int epollCreate();

    /** epoll_ctl(EPOLL_CTL_ADD) with the fd itself as the event data. */
    void epollAdd(int epfd, int fd, int events);

    /** epoll_ctl(EPOLL_CTL_DEL). */
    void epollDelete(int epfd, int fd);

    /** epoll_wait(2): the descriptors that are ready (EINTR gives an empty array). */
    int[] epollWait(int epfd, int maxEvents, int timeoutMillis);

    /**
     * posix_spawn(3) of {@code path} with an empty signal mask and default dispositions: child
     * descriptor i is a copy of {@code fdMap[i]} (or of /dev/null when it is -1). Descriptors
     * above are inherited only where they lack O_CLOEXEC; the spawned program closes those
     * (the stage-1 helper does so first thing). Returns the pid.
     */
    int spawn(String path, List<String> argv, List<String> env, int[] fdMap);

    /**
     * As {@link #spawn}, and every descriptor above {@code fdMap} is closed in the child (where
     * libc can, glibc 2.34+): for programs that, unlike the stage-1 helper, do not close what
     * they inherit, since the JDK opens sockets without close-on-exec. Not for a path under
     * {@code /proc/self/fd}, whose descriptor must survive until the exec.
     */
    default int spawnClosingOthers(String path, List<String> argv, List<String> env, int[] fdMap) {
        return spawn(path, argv, env, fdMap);
    }
}
