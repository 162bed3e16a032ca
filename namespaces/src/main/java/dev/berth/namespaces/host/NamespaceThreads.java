package dev.berth.namespaces.host;

import dev.berth.namespaces.Namespace;
import dev.berth.namespaces.launch.Mount;
import dev.berth.namespaces.linux.Syscalls;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Java code run on a fresh, disposable thread that enters namespaces through a given host's
 * system calls: the engine's way in behind the public {@link Namespace}, which always uses the
 * real host. Only the thread changes, and it ends when the code returns.
 */
public final class NamespaceThreads {
    /** What the new thread does, through {@code sys}, before the code runs. */
    @FunctionalInterface
    public interface Entry {
        void enter(Syscalls sys);
    }

    private NamespaceThreads() {
    }

    /** Runs {@code code} on a thread joined to the {@code type} namespace of process {@code pid}. */
    public static <T> T callInNamespaceOf(Syscalls sys, long pid, Namespace.Type type, Callable<T> code) throws Exception {
        int fd = sys.open("/proc/" + pid + "/ns/" + type.procName(), Syscalls.O_RDONLY | Syscalls.O_CLOEXEC, 0);
        try {
            return call(sys, "berth-ns-" + type.procName(), s -> s.setns(fd, type.cloneFlag()), code);
        } finally {
            sys.close(fd);
        }
    }

    /**
     * Runs {@code code} on a thread in a mount namespace of its own, a copy of this process's
     * made a slave of it: what the code mounts is seen by nobody else and goes away with the
     * thread, and a {@code chroot} there moves only that thread.
     */
    public static <T> T callInNewMountNamespace(Syscalls sys, Callable<T> code) throws Exception {
        return call(sys, "berth-ns-mnt-private", s -> {
            s.unshare(Namespace.Type.MNT.cloneFlag());
            s.mount("none", "/", null, Mount.MS_REC | Syscalls.MS_SLAVE, null);
        }, code);
    }

    /** Runs {@code code} on a new daemon thread named {@code name} after {@code entry}, and returns its result. */
    public static <T> T call(Syscalls sys, String name, Entry entry, Callable<T> code) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                // setns into (or unshare of) a mount namespace needs a thread that does not share its fs_struct.
                sys.unshare(Syscalls.CLONE_FS);
                entry.enter(sys);
                result.complete(code.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, name);
        t.setDaemon(true);
        t.start();
        try {
            return result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }
}
