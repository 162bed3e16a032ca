package dev.berth.overlayfs.mount;

import dev.berth.namespaces.linux.SyscallException;
import dev.berth.namespaces.linux.Syscalls;
import java.io.IOException;
import java.nio.file.Path;

/**
 * An overlay mounted on a host path by {@link OverlayMount#mountOn}; closing it unmounts it
 * (lazily, so that a process still inside does not keep it from going). See
 * <a href="https://docs.kernel.org/filesystems/overlayfs.html">overlayfs</a>.
 */
public final class MountedOverlay implements AutoCloseable {
    private final Syscalls sys;
    private final Path path;
    private boolean closed;

    MountedOverlay(Syscalls sys, Path path) {
        this.sys = sys;
        this.path = path;
    }

    /** Where the merged view is. */
    public Path path() {
        return path;
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            sys.umount2(path.toString(), Syscalls.MNT_DETACH);
            closed = true;
        } catch (SyscallException e) {
            throw new IOException("unmounting the overlay on " + path + ": " + e.getMessage(), e);
        }
    }
}
