package dev.berth.namespaces;

import dev.berth.namespaces.host.Host;
import dev.berth.namespaces.host.NamespaceThreads;
import dev.berth.namespaces.linux.Syscalls;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * A Linux namespace, opened from {@code /proc/PID/ns/TYPE} and identified by its inode, as
 * <a href="https://man7.org/linux/man-pages/man7/namespaces.7.html">namespaces(7)</a> describes.
 * An instance holds an open descriptor until {@link #close()}.
 *
 * <p>{@link #call(Callable)} runs Java code on a fresh, disposable thread that has joined the
 * namespace, for example to open a socket inside a container's network. Only that thread
 * changes; it ends when the code returns. A thread that joined a mount namespace sees the
 * container's root, so classes the code needs should be loaded before.
 */
public final class Namespace implements AutoCloseable {

    /** The namespace types, with their /proc names and CLONE_NEW* flags. */
    public enum Type {
        MNT("mnt", 0x00020000),
        UTS("uts", 0x04000000),
        IPC("ipc", 0x08000000),
        NET("net", 0x40000000),
        PID("pid", 0x20000000),
        CGROUP("cgroup", 0x02000000),
        TIME("time", 0x00000080),
        USER("user", 0x10000000);

        private final String procName;
        private final int cloneFlag;

        Type(String procName, int cloneFlag) {
            this.procName = procName;
            this.cloneFlag = cloneFlag;
        }

        /** The file name under {@code /proc/PID/ns/}. */
        public String procName() {
            return procName;
        }

        /** The CLONE_NEW* flag. */
        public int cloneFlag() {
            return cloneFlag;
        }

        /** The flags of several types or'ed together. */
        public static int flags(Collection<Type> types) {
            int f = 0;
            for (Type t : types) {
                f |= t.cloneFlag;
            }
            return f;
        }
    }

    private final Type type;
    private final long inode;
    private final String path;
    private final Syscalls sys;
    private int fd;

    private Namespace(Syscalls sys, Type type, String path) {
        this.sys = sys;
        this.type = type;
        this.path = path;
        this.fd = sys.open(path, Syscalls.O_RDONLY | Syscalls.O_CLOEXEC, 0);
        this.inode = inodeOf(sys.readlink("/proc/self/fd/" + fd), path);
    }

    /** The calling thread's namespace of this type. */
    public static Namespace current(Type type) {
        return new Namespace(Host.system().syscalls(), type, "/proc/thread-self/ns/" + type.procName);
    }

    /** The namespace of this type of process {@code pid}. */
    public static Namespace of(long pid, Type type) {
        return new Namespace(Host.system().syscalls(), type, "/proc/" + pid + "/ns/" + type.procName);
    }

    /** The inode number from a link text such as {@code net:[4026531840]}. */
    static long inodeOf(String link, String path) {
        int a = link.indexOf('[');
        int b = link.indexOf(']');
        if (a < 0 || b < a) {
            throw new IllegalStateException(path + " is not a namespace: " + link);
        }
        return Long.parseLong(link.substring(a + 1, b));
    }

    /** The type. */
    public Type type() {
        return type;
    }

    /** The inode that identifies the namespace: two handles with equal inodes are the same. */
    public long inode() {
        return inode;
    }

    /** The descriptor, for setns(2); valid until {@link #close()}. */
    public int fd() {
        if (fd < 0) {
            throw new IllegalStateException("namespace " + this + " is closed");
        }
        return fd;
    }

    /** Runs {@code code} on a new thread joined to this namespace and returns its result. */
    public <T> T call(Callable<T> code) throws Exception {
        return callIn(List.of(this), code);
    }

    /**
     * Runs {@code code} on a new thread joined to all of {@code namespaces} (user namespaces
     * cannot be joined by a thread of a multi-threaded process, and a pid namespace applies only
     * to children, so neither is accepted).
     */
    public static <T> T callIn(Collection<Namespace> namespaces, Callable<T> code) throws Exception {
        List<Namespace> list = new ArrayList<>(namespaces);
        for (Namespace ns : list) {
            if (ns.type == Type.USER || ns.type == Type.PID) {
                throw new IllegalArgumentException("a Java thread cannot join a " + ns.type
                        + " namespace; start a process in it instead");
            }
        }
        return NamespaceThreads.call(list.get(0).sys, "berth-ns-" + list.get(0).type.procName, sys -> {
            for (Namespace ns : list) {
                sys.setns(ns.fd(), ns.type.cloneFlag);
            }
        }, code);
    }

    /**
     * Runs {@code code} on a new thread in a mount namespace of its own, a copy of this
     * process's made a slave of it: what {@code code} mounts is seen by nobody else and goes
     * away when the thread ends (root only), and a {@code chroot} there moves only that thread.
     */
    public static <T> T callInNewMountNamespace(Callable<T> code) throws Exception {
        return NamespaceThreads.callInNewMountNamespace(Host.system().syscalls(), code);
    }

    @Override
    public synchronized void close() {
        if (fd >= 0) {
            sys.close(fd);
            fd = -1;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Namespace n && n.type == type && n.inode == inode;
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, inode);
    }

    @Override
    public String toString() {
        return type.procName + ":[" + inode + "] (" + path + ")";
    }
}
