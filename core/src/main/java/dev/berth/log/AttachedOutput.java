package dev.berth.log;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The stdout and stderr of a detached container that the JVM which started it attached to
 * ({@code ContainerBuilder.attach(true)}), as {@code docker run} without {@code -d} streams
 * them: every byte the container writes while attached, forwarded by its stage-1 helper as it
 * reads the container's pipes, whatever becomes of the log (a full disk, a rotation). Two
 * pipes: the order within each stream is kept, not between them. Both end (EOF) once the
 * container has exited and its last output is forwarded. Output not read holds the container
 * back once a pipe is full, as with a {@link Process}; closing detaches, and the container runs
 * on, logged.
 */
public final class AttachedOutput implements AutoCloseable {
    private final InputStream stdout;
    private final InputStream stderr;

    public AttachedOutput(InputStream stdout, InputStream stderr) {
        this.stdout = Objects.requireNonNull(stdout, "stdout");
        this.stderr = Objects.requireNonNull(stderr, "stderr");
    }

    /** The container's stdout. */
    public InputStream stdout() {
        return stdout;
    }

    /** The container's stderr (empty with a terminal, whose output is all stdout). */
    public InputStream stderr() {
        return stderr;
    }

    /**
     * Copies stdout to {@code out} and stderr to {@code err}, each chunk flushed as it arrives,
     * until both end; stderr on a thread of its own, so that neither stream waits for the other.
     * If writing to either fails, both streams are closed (detached: the container is not held
     * back by a reader that cannot go on) and the failure is thrown.
     */
    public void copyTo(OutputStream out, OutputStream err) throws IOException, InterruptedException {
        AtomicReference<IOException> errFailure = new AtomicReference<>();
        Thread errCopy = new Thread(() -> {
            try {
                copy(stderr, err);
            } catch (IOException e) {
                errFailure.set(e);
                closeQuietly();
            }
        }, "berth-attached-stderr");
        errCopy.setDaemon(true);
        errCopy.start();
        try {
            copy(stdout, out);
        } catch (IOException e) {
            closeQuietly();
            throw e;
        } finally {
            errCopy.join();
        }
        if (errFailure.get() != null) {
            throw errFailure.get();
        }
    }

    private static void copy(InputStream from, OutputStream to) throws IOException {
        byte[] buf = new byte[16384];
        for (int n; (n = from.read(buf)) >= 0; ) {
            to.write(buf, 0, n);
            to.flush();
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException e) {
            // detaching anyway
        }
    }

    /** Detaches: the helper stops forwarding (its next write fails) and goes on logging. */
    @Override
    public void close() throws IOException {
        try {
            stdout.close();
        } finally {
            stderr.close();
        }
    }
}
