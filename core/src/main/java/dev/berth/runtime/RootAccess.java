package dev.berth.runtime;

import dev.berth.namespaces.Namespace;
import dev.berth.namespaces.linux.LinuxSyscalls;
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
 * away with the thread, so nothing is left mounted.
 */
@FunctionalInterface
public interface RootAccess {
    /** Runs {@code code} with the container's root as {@code /}. */
    <T> T call(Callable<T> code) throws Exception;

    /** The root of the running process {@code pid}. */
    static RootAccess ofProcess(int pid) {
        return new RootAccess() {
            @Override
            public <T> T call(Callable<T> code) throws Exception {
                try (Namespace mnt = Namespace.of(pid, Namespace.Type.MNT)) {
                    return mnt.call(code);
                }
            }
        };
    }

    /** The root {@code directory} (a copied root), made the thread's root only while the code runs. */
    static RootAccess ofDirectory(Path directory) {
        return new RootAccess() {
            @Override
            public <T> T call(Callable<T> code) throws Exception {
                return Namespace.callInNewMountNamespace(() -> chrootAndCall(directory, code));
            }
        };
    }

    /**
     * The root made of {@code lowers} (highest first) and the writable {@code upper} with its
     * {@code work} directory, mounted on {@code mountPoint} (made if missing) only while the
     * code runs. The container's process must not be running: one upper serves one overlay.
     */
    static RootAccess ofLayers(List<Path> lowers, Path upper, Path work, Path mountPoint) {
        return new RootAccess() {
            @Override
            public <T> T call(Callable<T> code) throws Exception {
                Files.createDirectories(mountPoint);
                return Namespace.callInNewMountNamespace(() -> {
                    // Not unmounted by hand: after the chroot its path no longer resolves, and the
                    // mount namespace, with the overlay, ends with the thread.
                    OverlayMount.of(lowers, upper, work).mountOn(mountPoint);
                    return chrootAndCall(mountPoint, code);
                });
            }
        };
    }

    /** On a thread of its own (fs and mount namespace unshared): makes {@code root} its root, then runs {@code code}. */
    private static <T> T chrootAndCall(Path root, Callable<T> code) throws Exception {
        LinuxSyscalls.get().chroot(root.toString());
        LinuxSyscalls.get().chdir("/");
        return code.call();
    }
}
