package dev.berth.runtime;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The records a {@link ContainerLogWriter} in this JVM appends, passed to one follower as they
 * come, whether or not the file took them. Bounded, because the writer is fed by the one thread
 * that serves every container's output and must never wait for a reader.
 */
final class LiveFeed implements LogSource {
    /** Bytes waiting for a reader beyond which records are dropped. */
    static final long MAX_BYTES = 64L << 20;
    private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);

    private final ContainerLogWriter writer;
    private final Deque<LogRecord> queue = new ArrayDeque<>();
    private long bytes;
    private long dropped;
    private boolean ended;

    LiveFeed(ContainerLogWriter writer) {
        this.writer = writer;
    }

    synchronized void offer(LogRecord r) {
        if (ended) {
            return;
        }
        int n = r.bytes().length;
        if (bytes + n > MAX_BYTES) {
            if (dropped++ == 0) {
                LOG.warn("a follower of {} reads too slowly: records are dropped", writer);
            }
            return;
        }
        bytes += n;
        queue.add(r);
    }

    /** No record comes any more: the writer has closed. */
    synchronized void end() {
        ended = true;
    }

    @Override
    public synchronized boolean poll(Consumer<LogRecord> out) {
        for (LogRecord r; (r = queue.poll()) != null;) {
            bytes -= r.bytes().length;
            out.accept(r);
        }
        return ended;
    }

    @Override
    public Optional<String> writeFailure() {
        return writer.writeFailure();
    }

    @Override
    public void close() {
        writer.unfollow(this);
        synchronized (this) {
            ended = true;
            queue.clear();
        }
    }
}
