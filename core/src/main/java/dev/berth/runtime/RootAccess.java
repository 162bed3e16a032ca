package dev.berth.runtime;

import dev.berth.namespaces.Namespace;
import dev.berth.namespaces.host.NamespaceThreads;
import dev.berth.namespaces.linux.Syscalls;
import dev.berth.overlayfs.mount.OverlayMount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Where Java code sees a container's root as {@code /}: on a thread joined to the mount
 * namespace of its running process, or, for a container that is not running, on a thread with
 * a private mount namespace where its overlay (image layers and its upper) is mounted and made
 * the thread's root. Either way paths and symlinks resolve inside the container, as
 * {@code docker cp} needs for running and stopped containers alike; the private mount goes
 * away with the thread, so nothing is left mounted. Each is made over the system calls of the
 * engine's host.
 */
@FunctionalInterface
public interface RootAccess {
    /** Runs {@code code} with the container's root as {@code /}. */
    <T> T call(Callable<T> code) throws Exception;

    /** The root of the running process {@code pid}. */
    static RootAccess ofProcess(Syscalls sys, int pid) {
        return new RootAccess() {
            @Override
            public <T> T call(Callable<T> code) throws Exception {
                return NamespaceThreads.callInNamespaceOf(sys, pid, Namespace.Type.MNT, code);
            }
        };
    }

    /** The root {@code directory} (a copied root), made the thread's root only while the code runs. */
    static RootAccess ofDirectory(Syscalls sys, Path directory) {
        return new RootAccess() {
            @Override
            public <T> T call(Callable<T> code) throws Exception {
                return NamespaceThreads.callInNewMountNamespace(sys, () -> chrootAndCall(sys, directory, code));
            }
        };
    }

    /**
     * The root made of {@code lowers} (highest first) and the writable {@code upper} with its
     * {@code work} directory, mounted on {@code mountPoint} (made if missing) only while the
     * code runs. The container's process must not be running: one upper serves one overlay.
     */
    static RootAccess ofLayers(Syscalls sys, List<Path> lowers, Path upper, Path work, Path mountPoint) {
        return new RootAccess() {
            @Override
            public <T> T call(Callable<T> code) throws Exception {
                Files.createDirectories(mountPoint);
                return NamespaceThreads.callInNewMountNamespace(sys, () -> {
                    // Not unmounted by hand: after the chroot its path no longer resolves, and the
                    // mount namespace, with the overlay, ends with the thread.
                    OverlayMount.of(sys, lowers, upper, work).mountOn(mountPoint);
                    return chrootAndCall(sys, mountPoint, code);
                });
            }
        };
    }

    /** On a thread of its own (fs and mount namespace unshared): makes {@code root} its root, then runs {@code code}. */
    private static <T> T chrootAndCall(Syscalls sys, Path root, Callable<T> code) throws Exception {
        sys.chroot(root.toString());
        sys.chdir("/");
        return code.call();
    }
}
