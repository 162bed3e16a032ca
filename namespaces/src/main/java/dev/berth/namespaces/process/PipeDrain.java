package dev.berth.namespaces.process;

import dev.berth.namespaces.linux.Errno;
import dev.berth.namespaces.linux.SyscallException;
import dev.berth.namespaces.linux.Syscalls;

/**
 * Drains the read end of a process's output pipe into a {@link StreamSink} on the watcher
 * thread: the descriptor is made non-blocking, and each wake-up reads until the pipe is empty
 * (EAGAIN) or at its end. The descriptor is closed once the watch is over.
 */
public final class PipeDrain implements ProcessWatcher.Watch {
    /** A pipe holds 64 KiB by default: one read empties it. */
    private static final int CHUNK = 64 * 1024;

    private final Syscalls sys;
    private final int fd;
    private final StreamSink sink;
    private final byte[] buffer = new byte[CHUNK];

    private PipeDrain(Syscalls sys, int fd, StreamSink sink) {
        this.sys = sys;
        this.fd = fd;
        this.sink = sink;
    }

    /** Starts draining {@code fd}, which this now owns, into {@code sink}. */
    public static void start(Syscalls sys, ProcessWatcher watcher, int fd, StreamSink sink) {
        sys.fcntl(fd, Syscalls.F_SETFL, sys.fcntl(fd, Syscalls.F_GETFL, 0) | Syscalls.O_NONBLOCK);
        sink.opened();
        try {
            watcher.watch(fd, new PipeDrain(sys, fd, sink));
        } catch (RuntimeException e) {
            sink.closed(); // never watched: the caller still owns the descriptor
            throw e;
        }
    }

    @Override
    public boolean onReadable() {
        while (true) {
            int n;
            try {
                n = sys.read(fd, buffer, 0, buffer.length);
            } catch (SyscallException e) {
                return e.errno() == Errno.EAGAIN; // empty for now; anything else ends the stream
            }
            if (n <= 0) {
                return false;
            }
            sink.write(buffer, n);
        }
    }

    @Override
    public void onDone() {
        sys.close(fd);
        sink.closed();
    }
}
