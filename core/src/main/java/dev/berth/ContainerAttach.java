package dev.berth;

import dev.berth.log.LogQuery;
import dev.berth.log.LogStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One {@code docker attach} to a container
 * (<a href="https://docs.docker.com/reference/api/engine/version/v1.45/#tag/Container/operation/ContainerAttach">ContainerAttach</a>):
 * its output as it writes it, and its stdin when it was created with {@code stdin(true)}
 * (OpenStdin). Made by {@link Container#attach(boolean)}. A container that is not running
 * (created, or exited) is attached to its next run, as {@code docker run} and
 * {@code docker start -a} attach before they start. The output is the container's log
 * followed: any number of attaches, in this JVM or another, and closing one (detaching)
 * leaves the container running. A container with a terminal ({@code tty(true)}) has one raw
 * stream, its stdout.
 *
 * <p>Stdin is the pipe held by the JVM that launched the run: only that JVM can write it (the
 * Docker API server, which both starts and attaches). With StdinOnce, closing the stdin of an
 * attach closes the container's, so the command sees the end of its input; without it, stdin
 * stays open for the next attach.
 */
public final class ContainerAttach implements AutoCloseable {
    private static final long POLL_MILLIS = 200;

    private final Container container;
    private final ContainerRun runs;
    private final boolean pastOutput;
    private final Instant attachedAt = Instant.now();
    /** The run at attach time: a running one is attached to, else the next one started. */
    private final ContainerRun.Run before;
    private final boolean wasRunning;
    private ContainerRun.Run run;
    private LogStream output;
    private boolean closed;

    ContainerAttach(Container container, ContainerRun runs, boolean pastOutput) {
        this.container = container;
        this.runs = runs;
        this.pastOutput = pastOutput;
        this.wasRunning = container.state().running();
        this.before = runs.current();
    }

    /**
     * Waits at most {@code timeout} for the run to attach to: the one running at attach time,
     * else the next one started, here or in another JVM. True once {@link #output()} and
     * {@link #stdin()} can be used; false if none started in time (or the container is gone).
     */
    public synchronized boolean awaitRun(Duration timeout) throws InterruptedException {
        if (run != null) {
            return true;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        ContainerRun.Run found = wasRunning ? before : null;
        while (found == null) {
            ContainerRun.Run now = runs.current();
            if (now != null && now != before) {
                found = now;
                break;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || closed || container.isRemoved()) {
                return false;
            }
            runs.awaitLaunch(Math.max(1, Math.min(POLL_MILLIS, left / 1_000_000)));
            container.state(); // a run another JVM started shows in state.json
        }
        // Past output: all of it; else, of a run going, what follows now; of a new run, all of it.
        LogQuery query = pastOutput ? LogQuery.all() : wasRunning ? LogQuery.all().tail(0) : LogQuery.all().since(attachedAt);
        output = container.followLogs(query);
        run = found;
        return true;
    }

    /**
     * The output of the attached run, each record with its stream (one stdout stream for a
     * terminal), until it exits and all is read.
     *
     * @throws IllegalStateException before {@link #awaitRun} has returned true
     */
    public synchronized LogStream output() {
        if (output == null) {
            throw new IllegalStateException("attach to container " + container.name() + ": no run yet; awaitRun first");
        }
        return output;
    }

    /**
     * The attached run's stdin, when the container has OpenStdin; empty otherwise. Closing it
     * closes the container's stdin only with StdinOnce.
     *
     * @throws IllegalStateException before {@link #awaitRun} has returned true, or when another
     *         JVM launched the run (its stdin pipe is that JVM's)
     */
    public synchronized Optional<OutputStream> stdin() {
        if (!container.openStdin()) {
            return Optional.empty();
        }
        if (run == null) {
            throw new IllegalStateException("attach to container " + container.name() + ": no run yet; awaitRun first");
        }
        OutputStream pipe;
        try {
            pipe = run.process().stdin();
        } catch (RuntimeException e) {
            throw new IllegalStateException("container " + container.name() + ": its stdin is held by the JVM that"
                    + " started it; attach to its stdin there", e);
        }
        boolean once = container.stdinOnce();
        return Optional.of(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                pipe.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                pipe.write(b, off, len);
                pipe.flush();
            }

            @Override
            public void flush() throws IOException {
                pipe.flush();
            }

            @Override
            public void close() throws IOException {
                if (once) {
                    pipe.close(); // StdinOnce: the command sees the end of its input
                }
            }
        });
    }

    /** Whether the container has a terminal: the output is one raw stream. */
    public boolean tty() {
        return container.tty();
    }

    /** Detaches: the output stops; the container runs on. */
    @Override
    public synchronized void close() {
        closed = true;
        if (output != null) {
            output.close();
        }
    }
}
