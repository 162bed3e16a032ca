package dev.berth.log;

import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A container's log followed as {@code docker logs --follow} does: the records already written,
 * then new ones as the container writes them, until it has exited and every record has been
 * returned. Not thread-safe; close it to stop early.
 *
 * @see <a href="https://docs.docker.com/reference/cli/docker/container/logs/">docker logs</a>
 */
public interface LogStream extends Iterator<LogRecord>, AutoCloseable {
    /**
     * The next record, waiting up to {@code timeout} for one; empty if none came in time or the
     * log has ended (see {@link #ended()}).
     */
    Optional<LogRecord> poll(Duration timeout) throws IOException, InterruptedException;

    /**
     * Why the log's file is no longer written, if it is not: "{@code <path>: <reason>}", e.g.
     * "{@code /var/lib/berth/containers/ID/log.json: No space left on device}".
     */
    Optional<String> writeFailure();

    /** Whether the container has stopped writing and every record has been returned, or the stream was closed. */
    boolean ended();

    /** The remaining records, blocking for each as {@link #hasNext()} does. */
    Stream<LogRecord> stream();

    @Override
    void close();
}
