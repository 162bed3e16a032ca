package dev.berth;

import java.time.Duration;

/**
 * The events an {@link EventQuery} selects, oldest first: those recorded since its start, then,
 * when it follows, each new one as any JVM on the home records it, until its end passes or the
 * caller closes the stream. Not thread-safe, except {@link #close()}, which may be called from
 * any thread to end a blocked {@link #next(Duration)}.
 */
public interface EventStream extends AutoCloseable {
    /**
     * The next event, waiting at most {@code timeout} for one; null when none came in that time
     * or the stream has {@link #ended()}.
     */
    Event next(Duration timeout) throws InterruptedException;

    /**
     * Whether no event will come: the query's end has passed, or it does not follow and the
     * recorded events are read, or the stream is closed.
     */
    boolean ended();

    /** Stops following and releases the files. */
    @Override
    void close();
}
