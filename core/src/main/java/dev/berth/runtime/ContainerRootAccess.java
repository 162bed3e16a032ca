package dev.berth.runtime;

import dev.berth.ExecResult;
import dev.berth.namespaces.host.Host;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Chooses how {@code docker cp} reaches one container's files
 * (<a href="https://docs.docker.com/reference/cli/docker/container/cp/">docker cp</a>): with
 * root, through the mount namespace of its running process, or, when it is stopped, through its
 * root mounted on a thread of the copy's own (its overlay, or its copied root); without root,
 * through a tar run in the running container.
 */
public final class ContainerRootAccess {
    /** What the choice needs to know of the container and do in it. */
    public interface Target {
        /** Whether its main process runs. */
        boolean isRunning();

        /** Whether it has been removed. */
        boolean isRemoved();

        /** Its main process's pid (while it runs). */
        int pid();

        /** Runs {@code command} in it as root, the way {@link ContainerTar.Exec} does. */
        ExecResult execAsRoot(List<String> command, InputStream stdin, OutputStream stdout);
    }

    /** A copy, on whichever {@link ContainerCopy} reaches the container. */
    @FunctionalInterface
    public interface Action {
        void run(ContainerCopy copy) throws Exception;
    }

    private ContainerRootAccess() {
    }

    /**
     * Runs {@code action} in the running container's mount namespace, or on its mounted root
     * when it is stopped, holding {@code lock} (the container's, which a restart takes) while a
     * stopped root is mounted.
     *
     * @param lowers the image's layers, highest first
     */
    public static void copy(Target target, Host host, Object lock, ContainerDirectory dir, List<Path> lowers, Action action)
            throws Exception {
        if (!host.isRoot()) {
            // This JVM cannot join a rootless container's user and mount namespaces (it has threads).
            if (!target.isRunning()) {
                throw new UnsupportedOperationException("copying files in or out of a stopped container needs"
                        + " root: without root the copy runs through a tar in the running container");
            }
            action.run(ContainerCopy.through(target::execAsRoot));
            return;
        }
        synchronized (lock) {
            if (target.isRemoved()) {
                throw new IllegalStateException("the container has been removed");
            }
            if (!target.isRunning()) {
                // Holding the lock keeps a restart from mounting the same upper meanwhile.
                action.run(ContainerCopy.through(dir.hasCopiedRoot() ? RootAccess.ofDirectory(host.syscalls(), dir.copiedRoot())
                        : RootAccess.ofLayers(host.syscalls(), lowers, dir.upper(), dir.work(), dir.merged())));
                return;
            }
        }
        action.run(ContainerCopy.through(RootAccess.ofProcess(host.syscalls(), target.pid())));
    }
}
