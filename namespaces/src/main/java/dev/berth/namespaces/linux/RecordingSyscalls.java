package dev.berth.namespaces.linux;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link Syscalls} that makes no call: it records each one as a line such as
 * {@code mount(overlay, /x, overlay, 0x0, lowerdir=...)} and answers with made-up descriptors
 * (from 100 up) and pids (from 4000 up). Bytes written are kept per descriptor, and reads are
 * answered from a queue the test fills, so launch and mount logic can be tested without root.
 */
public final class RecordingSyscalls implements Syscalls {
    private final List<String> calls = new ArrayList<>();
    private final Map<Integer, StringBuilder> written = new HashMap<>();
    private final Deque<byte[]> reads = new ArrayDeque<>();
    private final Map<String, byte[]> xattrs = new HashMap<>();
    private int nextFd = 100;
    private int nextPid = 4000;
    private int euid;

    /** Answers geteuid() with this id (0 unless set). */
    public RecordingSyscalls euid(int uid) {
        this.euid = uid;
        return this;
    }

    /** Queues bytes for the next read() on any descriptor; an empty queue reads end of file. */
    public RecordingSyscalls queueRead(String data) {
        reads.add(data.getBytes(StandardCharsets.UTF_8));
        return this;
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

    private synchronized void record(String call, Object... args) {
        StringBuilder sb = new StringBuilder(call).append('(');
        for (int i = 0; i < args.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(args[i]);
        }
        calls.add(sb.append(')').toString());
    }

    private synchronized int fd() {
        return nextFd++;
    }

    @Override
    public int open(String path, int flags, int mode) {
        record("open", path, "0" + Integer.toOctalString(flags), "0" + Integer.toOctalString(mode));
        return fd();
    }

    @Override
    public void close(int fd) {
        record("close", fd);
    }

    @Override
    public synchronized int read(int fd, byte[] buf, int off, int len) {
        record("read", fd);
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
    public int[] pipe2(int flags) {
        int[] fds = {fd(), fd()};
        record("pipe2", "0" + Integer.toOctalString(flags), "=" + fds[0] + "," + fds[1]);
        return fds;
    }

    @Override
    public int fcntl(int fd, int cmd, long arg) {
        record("fcntl", fd, cmd, arg);
        return 0;
    }

    @Override
    public void mount(String source, String target, String fstype, long flags, String data) {
        record("mount", source, target, fstype, "0x" + Long.toHexString(flags), data);
    }

    @Override
    public void umount2(String target, int flags) {
        record("umount2", target, flags);
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
        byte[] v = xattrs.get(path + "\0" + name);
        return v == null ? null : v.clone();
    }

    @Override
    public synchronized List<String> llistxattr(String path) {
        record("llistxattr", path);
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
        return path;
    }

    /** Answers as for an empty regular file of root, mode 0644. */
    @Override
    public FileStatus statx(int dirfd, String path, int flags) {
        record("statx", dirfd, path, "0x" + Integer.toHexString(flags));
        return new FileStatus(0100644, 0, 0, 0, 0, 0, 0, 0, 1);
    }

    @Override
    public String readlinkat(int dirfd, String path) {
        record("readlinkat", dirfd, path);
        return path;
    }

    @Override
    public synchronized List<String> flistxattr(int fd) {
        record("flistxattr", fd);
        return llistxattrUnrecorded("fd " + fd);
    }

    @Override
    public synchronized byte[] fgetxattr(int fd, String name) {
        record("fgetxattr", fd, name);
        byte[] v = xattrs.get("fd " + fd + "\0" + name);
        return v == null ? null : v.clone();
    }

    @Override
    public int openat(int dirfd, String path, int flags, int mode) {
        record("openat", dirfd, path, "0" + Integer.toOctalString(flags), "0" + Integer.toOctalString(mode));
        return fd();
    }

    @Override
    public int openat2(int dirfd, String path, int flags, int mode, long resolve) {
        record("openat2", dirfd, path, "0" + Integer.toOctalString(flags), "0" + Integer.toOctalString(mode),
                "0x" + Long.toHexString(resolve));
        return fd();
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
    public void moveMount(int fromFd, String toPath) {
        record("move_mount", fromFd, toPath);
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
        return true;
    }

    @Override
    public int pidfdGetfd(int pidfd, int targetFd) {
        record("pidfd_getfd", pidfd, targetFd);
        return fd();
    }

    @Override
    public WaitStatus waitPidfd(int pidfd, boolean block) {
        record("waitid", pidfd, block);
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
    public void epollAdd(int epfd, int fd, int events) {
        record("epoll_add", epfd, fd, events);
    }

    @Override
    public void epollDelete(int epfd, int fd) {
        record("epoll_delete", epfd, fd);
    }

    @Override
    public int[] epollWait(int epfd, int maxEvents, int timeoutMillis) {
        record("epoll_wait", epfd);
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
