package dev.berth.namespaces.linux;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A {@link Syscalls} that makes no call: it records each one as a line such as
 * {@code mount(overlay, /x, overlay, 0x0, lowerdir=...)} and answers with made-up descriptors
 * (from 100 up) and pids (from 4000 up). Bytes written are kept per descriptor, and reads are
 * answered from a queue the test fills, so launch and mount logic can be tested without root.
 *
 * <p>Failures can be injected, as youki's {@code TestHelperSyscall} does: {@link #failAt} fails
 * the call with a given number and {@link #failNext} the next call of a given name, each with a
 * chosen errno, by throwing the {@link SyscallException} the real implementation throws. A failed
 * call is recorded with its errno ({@code mount(...) = -EPERM}) and has no effect. Calls are
 * numbered from 0 in order, leaving out the process watcher's idle {@code epoll_wait}, which a
 * thread of its own makes at any time. {@link #openDescriptors()} and {@link #mountedTargets()}
 * say what a piece of code left behind.
 *
 * <p>Two conveniences let a whole container start run on it: {@link #readingFilesThrough} passes
 * the calls that read files (opening, stat, xattrs, reading and closing what they opened) on to
 * a real implementation, still recorded and still failing where told, so that code reading an
 * image's files sees them; and a process it "started" ends when it is signalled: the process
 * watcher then finds every watched descriptor readable, at end of file.
 */
public final class RecordingSyscalls implements Syscalls {
    private static final long MS_REMOUNT = 0x20;
    /** MS_PRIVATE, MS_SLAVE, MS_SHARED and MS_UNBINDABLE. */
    private static final long MS_PROPAGATION = 0x40000 | 0x80000 | 0x100000 | 0x20000;
    private final List<String> calls = new ArrayList<>();
    private final Set<Integer> open = new TreeSet<>();
    private final List<String> mounted = new ArrayList<>();
    private final Map<String, Integer> failNextByName = new HashMap<>();
    private int numbered;
    private int failAt = -1;
    private int failAtErrno;
    private final Map<Integer, StringBuilder> written = new HashMap<>();
    private final Deque<byte[]> reads = new ArrayDeque<>();
    private final Map<String, byte[]> xattrs = new HashMap<>();
    private int nextFd = 100;
    private Syscalls files;
    private final Set<Integer> realFds = new HashSet<>();
    private final Set<Integer> watched = new HashSet<>();
    private volatile boolean signalled;
    private int nextPid = 4000;
    private int euid;

    /** Answers geteuid() with this id (0 unless set). */
    public RecordingSyscalls euid(int uid) {
        this.euid = uid;
        return this;
    }

    /**
     * Passes the calls that read files on to {@code real} (see the class comment). Made-up
     * descriptors then start at 1,000,000, where the real ones of this JVM never are.
     */
    public synchronized RecordingSyscalls readingFilesThrough(Syscalls real) {
        this.files = real;
        this.nextFd = Math.max(nextFd, 1_000_000);
        return this;
    }

    private synchronized int real(int fd) {
        realFds.add(fd);
        open.add(fd);
        return fd;
    }

    /** Queues bytes for the next read() on any descriptor; an empty queue reads end of file. */
    public RecordingSyscalls queueRead(String data) {
        reads.add(data.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /**
     * Fails call number {@code n} (from 0; see the class comment for what is numbered) with
     * {@code errno}. One failure at a time: a later call replaces it.
     */
    public synchronized RecordingSyscalls failAt(int n, int errno) {
        this.failAt = n;
        this.failAtErrno = errno;
        return this;
    }

    /** Fails the next call of {@code name} (as recorded: {@code "mount"}, {@code "open"}) with {@code errno}. */
    public synchronized RecordingSyscalls failNext(String name, int errno) {
        failNextByName.put(name, errno);
        return this;
    }

    /** How many calls were numbered so far: those {@link #failAt} can reach. */
    public synchronized int numberedCalls() {
        return numbered;
    }

    /** The descriptors handed out and not closed yet, in ascending order. */
    public synchronized List<Integer> openDescriptors() {
        return List.copyOf(open);
    }

    /** The mount targets that were mounted ({@code mount} or {@code move_mount}) and not unmounted. */
    public synchronized List<String> mountedTargets() {
        return List.copyOf(mounted);
    }

    /** The calls made so far, one line each, in order. */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    /** The calls whose line starts with {@code name(}. */
    public synchronized List<String> calls(String name) {
        return calls.stream().filter(c -> c.startsWith(name + "(")).toList();
    }

    /** Everything written to the descriptor, as ISO-8859-1 text (bytes kept one to one). */
    public synchronized String written(int fd) {
        StringBuilder sb = written.get(fd);
        return sb == null ? "" : sb.toString();
    }

    /** Records the call, or throws the injected failure, in which case the call has no effect. */
    private synchronized void record(String call, Object... args) {
        StringBuilder sb = new StringBuilder(call).append('(');
        for (int i = 0; i < args.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(args[i]);
        }
        sb.append(')');
        Integer errno = null;
        if (!call.equals("epoll_wait")) {
            if (numbered++ == failAt) {
                errno = failAtErrno;
                failAt = -1;
            }
        }
        if (errno == null) {
            errno = failNextByName.remove(call);
        }
        if (errno != null) {
            calls.add(sb.append(" = -").append(Errno.name(errno)).toString());
            throw new SyscallException(call, args.length == 0 ? "" : String.valueOf(args[0]), errno);
        }
        calls.add(sb.toString());
    }

    private synchronized int fd() {
        int fd = nextFd++;
        open.add(fd);
        return fd;
    }

    @Override
    public int open(String path, int flags, int mode) {
        record("open", path, "0" + Integer.toOctalString(flags), "0" + Integer.toOctalString(mode));
        return files != null ? real(files.open(path, flags, mode)) : fd();
    }

    @Override
    public void setWindowSize(int fd, int rows, int columns) {
        record("ioctl TIOCSWINSZ", fd, rows, columns);
    }

    @Override
    public synchronized void close(int fd) {
        try {
            record("close", fd);
        } catch (SyscallException e) {
            // As LinuxSyscalls: Linux releases the descriptor whatever close(2) says, and only
            // EBADF (a bug of the caller) is thrown.
            if (e.errno() == Errno.EBADF) {
                throw e;
            }
        }
        open.remove(fd);
        if (realFds.remove(fd)) {
            files.close(fd);
        }
    }

    @Override
    public synchronized int read(int fd, byte[] buf, int off, int len) {
        record("read", fd);
        if (realFds.contains(fd)) {
            return files.read(fd, buf, off, len);
        }
        byte[] next = reads.poll();
        if (next == null) {
            return 0;
        }
        int n = Math.min(len, next.length);
        System.arraycopy(next, 0, buf, off, n);
        if (n < next.length) {
            reads.addFirst(java.util.Arrays.copyOfRange(next, n, next.length));
        }
        return n;
    }

    @Override
    public synchronized void write(int fd, byte[] buf, int off, int len) {
        record("write", fd, len);
        written.computeIfAbsent(fd, k -> new StringBuilder())
                .append(new String(buf, off, len, StandardCharsets.ISO_8859_1));
    }

    @Override
    public synchronized int[] pipe2(int flags) {
        int[] fds = {nextFd, nextFd + 1};
        record("pipe2", "0" + Integer.toOctalString(flags), "=" + fds[0] + "," + fds[1]);
        fd();
        fd();
        return fds;
    }

    @Override
    public int fcntl(int fd, int cmd, long arg) {
        record("fcntl", fd, cmd, arg);
        return 0;
    }

    @Override
    public synchronized void mount(String source, String target, String fstype, long flags, String data) {
        record("mount", source, target, fstype, "0x" + Long.toHexString(flags), data);
        // A remount or a change of propagation makes no new mount.
        if ((flags & (MS_REMOUNT | MS_PROPAGATION)) == 0) {
            mounted.add(target);
        }
    }

    @Override
    public synchronized void umount2(String target, int flags) {
        record("umount2", target, flags);
        mounted.remove(target);
    }

    @Override
    public void setns(int fd, int nstype) {
        record("setns", fd, "0x" + Integer.toHexString(nstype));
    }

    @Override
    public void unshare(int flags) {
        record("unshare", "0x" + Integer.toHexString(flags));
    }

    @Override
    public void mknod(String path, int mode, long dev) {
        record("mknod", path, "0" + Integer.toOctalString(mode), dev);
    }

    @Override
    public void lchown(String path, int uid, int gid) {
        record("lchown", path, uid, gid);
    }

    @Override
    public synchronized void lsetxattr(String path, String name, byte[] value) {
        record("lsetxattr", path, name, new String(value, StandardCharsets.UTF_8));
        xattrs.put(path + "\0" + name, value.clone());
    }

    @Override
    public synchronized byte[] lgetxattr(String path, String name) {
        record("lgetxattr", path, name);
        if (files != null) {
            return files.lgetxattr(path, name);
        }
        byte[] v = xattrs.get(path + "\0" + name);
        return v == null ? null : v.clone();
    }

    @Override
    public synchronized List<String> llistxattr(String path) {
        record("llistxattr", path);
        if (files != null) {
            return files.llistxattr(path);
        }
        return llistxattrUnrecorded(path);
    }

    private List<String> llistxattrUnrecorded(String path) {
        String prefix = path + "\0";
        return xattrs.keySet().stream().filter(k -> k.startsWith(prefix))
                .map(k -> k.substring(prefix.length())).sorted().toList();
    }

    @Override
    public void lutimes(String path, long atimeNanos, long mtimeNanos) {
        record("lutimes", path, atimeNanos, mtimeNanos);
    }

    @Override
    public String readlink(String path) {
        record("readlink", path);
        if (files != null) {
            return files.readlink(path);
        }
        return path;
    }

    /** Answers as for an empty regular file of root, mode 0644. */
    @Override
    public FileStatus statx(int dirfd, String path, int flags) {
        record("statx", dirfd, path, "0x" + Integer.toHexString(flags));
        if (files != null) {
            return files.statx(dirfd, path, flags);
        }
        return new FileStatus(0100644, 0, 0, 0, 0, 0, 0, 0, 1);
    }

    @Override
    public String readlinkat(int dirfd, String path) {
        record("readlinkat", dirfd, path);
        if (files != null) {
            return files.readlinkat(dirfd, path);
        }
        return path;
    }

    @Override
    public synchronized List<String> flistxattr(int fd) {
        record("flistxattr", fd);
        if (realFds.contains(fd)) {
            return files.flistxattr(fd);
        }
        return llistxattrUnrecorded("fd " + fd);
    }

    @Override
    public synchronized byte[] fgetxattr(int fd, String name) {
        record("fgetxattr", fd, name);
        if (realFds.contains(fd)) {
            return files.fgetxattr(fd, name);
        }
        byte[] v = xattrs.get("fd " + fd + "\0" + name);
        return v == null ? null : v.clone();
    }

    @Override
    public int openat(int dirfd, String path, int flags, int mode) {
        record("openat", dirfd, path, "0" + Integer.toOctalString(flags), "0" + Integer.toOctalString(mode));
        return files != null ? real(files.openat(dirfd, path, flags, mode)) : fd();
    }

    @Override
    public int openat2(int dirfd, String path, int flags, int mode, long resolve) {
        record("openat2", dirfd, path, "0" + Integer.toOctalString(flags), "0" + Integer.toOctalString(mode),
                "0x" + Long.toHexString(resolve));
        return files != null ? real(files.openat2(dirfd, path, flags, mode, resolve)) : fd();
    }

    @Override
    public void mkdirat(int dirfd, String path, int mode) {
        record("mkdirat", dirfd, path, "0" + Integer.toOctalString(mode));
    }

    @Override
    public void mknodat(int dirfd, String path, int mode, long dev) {
        record("mknodat", dirfd, path, "0" + Integer.toOctalString(mode), dev);
    }

    @Override
    public void symlinkat(String target, int dirfd, String path) {
        record("symlinkat", target, dirfd, path);
    }

    @Override
    public void linkat(int olddirfd, String oldpath, int newdirfd, String newpath, int flags) {
        record("linkat", olddirfd, oldpath, newdirfd, newpath, "0x" + Integer.toHexString(flags));
    }

    @Override
    public void unlinkat(int dirfd, String path, int flags) {
        record("unlinkat", dirfd, path, "0x" + Integer.toHexString(flags));
    }

    @Override
    public void fchmodat(int dirfd, String path, int mode, int flags) {
        record("fchmodat", dirfd, path, "0" + Integer.toOctalString(mode), "0x" + Integer.toHexString(flags));
    }

    @Override
    public void fchownat(int dirfd, String path, int uid, int gid, int flags) {
        record("fchownat", dirfd, path, uid, gid, "0x" + Integer.toHexString(flags));
    }

    @Override
    public void utimensat(int dirfd, String path, long atimeNanos, long mtimeNanos, int flags) {
        record("utimensat", dirfd, path, atimeNanos, mtimeNanos, "0x" + Integer.toHexString(flags));
    }

    @Override
    public void syncfs(int fd) {
        record("syncfs", fd);
        if (realFds.contains(fd)) {
            files.syncfs(fd);
        }
    }

    @Override
    public void startWriteback(int fd) {
        record("sync_file_range", fd, "SYNC_FILE_RANGE_WRITE");
    }

    @Override
    public void chdir(String path) {
        record("chdir", path);
    }

    @Override
    public void chroot(String path) {
        record("chroot", path);
    }

    @Override
    public int fsopen(String fstype, int flags) {
        record("fsopen", fstype, flags);
        return fd();
    }

    @Override
    public void fsconfig(int fsfd, int cmd, String key, String value) {
        record("fsconfig", fsfd, cmd, key, value);
    }

    @Override
    public int fsmount(int fsfd, int flags, int attrFlags) {
        record("fsmount", fsfd, flags, attrFlags);
        return fd();
    }

    @Override
    public synchronized void moveMount(int fromFd, String toPath) {
        record("move_mount", fromFd, toPath);
        mounted.add(toPath);
    }

    @Override
    public int bpfProgLoad(int type, int expectedAttachType, byte[] instructions, String license) {
        record("bpf_prog_load", type, expectedAttachType, instructions.length / 8 + " instructions", license);
        return fd();
    }

    @Override
    public void bpfProgAttach(int targetFd, int progFd, int attachType, int flags) {
        record("bpf_prog_attach", targetFd, progFd, attachType, flags);
    }

    @Override
    public int memfdCreate(String name, int flags) {
        record("memfd_create", name, flags);
        return fd();
    }

    @Override
    public int pidfdOpen(int pid) {
        record("pidfd_open", pid);
        return fd();
    }

    @Override
    public boolean pidfdSendSignal(int pidfd, int signal) {
        record("pidfd_send_signal", pidfd, signal);
        signalled = true;
        return true;
    }

    @Override
    public int pidfdGetfd(int pidfd, int targetFd) {
        record("pidfd_getfd", pidfd, targetFd);
        return fd();
    }

    @Override
    public synchronized int[] socketPair() {
        int[] fds = {nextFd, nextFd + 1};
        record("socketpair", "=" + fds[0] + "," + fds[1]);
        fd();
        fd();
        return fds;
    }

    @Override
    public int receiveDescriptor(int socket) {
        record("recvmsg", socket);
        return fd();
    }

    @Override
    public WaitStatus waitPidfd(int pidfd, boolean block) {
        record("waitid", pidfd, block);
        return new WaitStatus(true, 0);
    }

    @Override
    public WaitStatus waitPid(int pid) {
        record("waitpid", pid);
        return new WaitStatus(true, 0);
    }

    @Override
    public long[] getrlimit(int resource) {
        record("getrlimit", resource);
        return new long[] {1024, 4096};
    }

    @Override
    public int geteuid() {
        return euid;
    }

    @Override
    public int getpid() {
        return 1;
    }

    @Override
    public int epollCreate() {
        record("epoll_create1");
        return fd();
    }

    @Override
    public synchronized void epollAdd(int epfd, int fd, int events) {
        record("epoll_add", epfd, fd, events);
        watched.add(fd);
    }

    @Override
    public synchronized void epollDelete(int epfd, int fd) {
        record("epoll_delete", epfd, fd);
        watched.remove(fd);
    }

    @Override
    public int[] epollWait(int epfd, int maxEvents, int timeoutMillis) {
        record("epoll_wait", epfd);
        if (signalled) {
            // A signalled process has ended: its report pipe reads end of file.
            synchronized (this) {
                if (!watched.isEmpty()) {
                    return watched.stream().mapToInt(Integer::intValue).limit(maxEvents).toArray();
                }
            }
        }
        try {
            Thread.sleep(Math.max(0, Math.min(timeoutMillis, 50)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new int[0];
    }

    @Override
    public synchronized int spawn(String path, List<String> argv, List<String> env, int[] fdMap) {
        record("spawn", path, argv, env, java.util.Arrays.toString(fdMap));
        return nextPid++;
    }
}
