package dev.berth.namespaces.linux;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.StringArray;
import com.sun.jna.ptr.IntByReference;

/**
 * The JNA binding to the C library, loaded by its soname so that JNA never runs
 * {@code ldconfig -p} to find it. Only {@link LinuxSyscalls} calls it; every other class goes
 * through {@link Syscalls}. Calls report failure the C way (-1 and errno, read with
 * {@link Native#getLastError()}, or an error number as the result for {@code posix_spawn}).
 */
interface LibC extends Library {
    LibC INSTANCE = Native.load("libc.so.6", LibC.class);

    int open(String path, int flags, int mode);

    int ioctl(int fd, com.sun.jna.NativeLong request, short[] winsize);

    int openat(int dirfd, String path, int flags, int mode);

    int mkdirat(int dirfd, String path, int mode);

    int mknodat(int dirfd, String path, int mode, long dev);

    int symlinkat(String target, int dirfd, String path);

    int linkat(int olddirfd, String oldpath, int newdirfd, String newpath, int flags);

    int unlinkat(int dirfd, String path, int flags);

    int fchmodat(int dirfd, String path, int mode, int flags);

    int fchownat(int dirfd, String path, int uid, int gid, int flags);

    int chdir(String path);

    int chroot(String path);

    int syncfs(int fd);

    int sync_file_range(int fd, long offset, long nbytes, int flags);

    int close(int fd);

    long read(int fd, byte[] buf, long count);

    long write(int fd, byte[] buf, long count);

    long write(int fd, Pointer buf, long count);

    int pipe2(int[] fds, int flags);

    int socketpair(int domain, int type, int protocol, int[] sv);

    long recvmsg(int sockfd, Pointer msg, int flags);

    int fcntl(int fd, int cmd, long arg);

    int mount(String source, String target, String fstype, long flags, String data);

    int umount2(String target, int flags);

    int setns(int fd, int nstype);

    int unshare(int flags);

    int mknod(String path, int mode, long dev);

    int lchown(String path, int uid, int gid);

    int lsetxattr(String path, String name, byte[] value, long size, int flags);

    long lgetxattr(String path, String name, byte[] value, long size);

    long llistxattr(String path, byte[] list, long size);

    int utimensat(int dirfd, String path, long[] times, int flags);

    long readlink(String path, byte[] buf, long size);

    long readlinkat(int dirfd, String path, byte[] buf, long size);

    long listxattr(String path, byte[] list, long size);

    long getxattr(String path, String name, byte[] value, long size);

    int waitid(int idtype, int id, Pointer infop, int options);

    int getrlimit(int resource, long[] rlim);

    int getuid();

    int geteuid();

    int getpid();

    int epoll_create1(int flags);

    int epoll_ctl(int epfd, int op, int fd, Pointer event);

    int epoll_wait(int epfd, Pointer events, int maxevents, int timeout);

    String strerror(int errnum);

    long syscall(long number, long a1, long a2);

    long syscall(long number, long a1, long a2, long a3);

    long syscall(long number, long a1, long a2, long a3, long a4);

    long syscall(long number, long a1, long a2, long a3, long a4, long a5);

    int posix_spawn(IntByReference pid, String path, Pointer fileActions, Pointer attr,
            StringArray argv, StringArray envp);

    int posix_spawn_file_actions_init(Pointer fileActions);

    int posix_spawn_file_actions_destroy(Pointer fileActions);

    int posix_spawn_file_actions_adddup2(Pointer fileActions, int fd, int newfd);

    /** glibc 2.34+. */
    int posix_spawn_file_actions_addclosefrom_np(Pointer fileActions, int from);

    int posix_spawnattr_init(Pointer attr);

    int posix_spawnattr_destroy(Pointer attr);

    int posix_spawnattr_setflags(Pointer attr, short flags);

    int posix_spawnattr_setsigmask(Pointer attr, Pointer sigset);

    int posix_spawnattr_setsigdefault(Pointer attr, Pointer sigset);

    int sigemptyset(Pointer set);

    int sigfillset(Pointer set);

    /** Room for glibc's opaque spawn structures (80 and 336 bytes on 64-bit glibc). */
    static Memory opaque() {
        Memory m = new Memory(KernelStructs.SPAWN_OPAQUE_SIZE);
        m.clear();
        return m;
    }
}
