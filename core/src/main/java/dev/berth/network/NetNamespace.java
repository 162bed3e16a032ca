package dev.berth.network;

import dev.berth.namespaces.linux.NetlinkSocket;
import dev.berth.namespaces.linux.Syscalls;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A new network namespace made before its container starts, so that the container's command
 * never runs before its network is configured: a disposable JVM thread calls
 * {@code unshare(CLONE_NEWNET)} (root; it affects only that thread), opens its
 * {@code /proc/thread-self/ns/net} and an rtnetlink socket there, and ends. The descriptor keeps
 * the namespace alive until the stage-1 helper has joined it through {@link #path()}; the socket
 * keeps configuring it from any thread. Once the container runs, {@link #close()} lets the
 * container's processes be what holds it: when they are gone the kernel destroys the namespace
 * and with it the container's end of the veth pair, which takes the host end along.
 */
final class NetNamespace implements AutoCloseable {
    private static final int CLONE_NEWNET = 0x40000000;

    private final Syscalls sys;
    private final int fd;
    private final NetlinkSocket socket;

    private NetNamespace(Syscalls sys, int fd, NetlinkSocket socket) {
        this.sys = sys;
        this.fd = fd;
        this.socket = socket;
    }

    static NetNamespace create(Syscalls sys) {
        CompletableFuture<NetNamespace> made = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                sys.unshare(CLONE_NEWNET);
                int fd = sys.open("/proc/thread-self/ns/net", Syscalls.O_RDONLY | Syscalls.O_CLOEXEC, 0);
                try {
                    made.complete(new NetNamespace(sys, fd, NetlinkSocket.open()));
                } catch (RuntimeException e) {
                    sys.close(fd);
                    throw e;
                }
            } catch (Throwable e) {
                made.completeExceptionally(e);
            }
        }, "berth-netns");
        t.setDaemon(true);
        t.start();
        try {
            return made.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating a network namespace", e);
        }
    }

    /** The descriptor, for {@code IFLA_NET_NS_FD}. */
    int fd() {
        return fd;
    }

    /** A path the stage-1 helper can open: this JVM's descriptor through /proc. */
    String path() {
        return "/proc/" + ProcessHandle.current().pid() + "/fd/" + fd;
    }

    /** Link operations inside the namespace. */
    Links links() {
        return new Links(socket);
    }

    @Override
    public void close() {
        socket.close();
        sys.close(fd);
    }
}
