package dev.berth.runtime;

import dev.berth.log.LogQuery;
import dev.berth.log.LogRecord;
import dev.berth.log.LogStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Follows a {@link ContainerLog} like {@code docker logs --follow}: returns the records already
 * there, then blocks for new ones until the writer is closed or its process has died, and ends
 * once every record has been returned. It watches the files by polling every 20 ms, which works
 * the same for a writer in another JVM, and follows them across rotations; a follower of a
 * writer in this JVM ({@link ContainerLogWriter#follow}) gets the records from it directly, also
 * those a full disk kept out of the file. Not thread-safe; close it to stop early.
 */
public final class LogFollower implements LogStream {
    private static final long POLL_MILLIS = 20;
    /** How long {@link #hasNext} waits between checks of the thread's interrupt status. */
    private static final Duration BLOCK_SLICE = Duration.ofSeconds(1);

    private final ContainerLog log;
    private final LogQuery query;
    private final Deque<LogRecord> pending;
    private final LogSource source;
    private boolean ended;

    LogFollower(ContainerLog log, LogQuery query, List<LogRecord> initial, LogSource source) {
        this.log = log;
        this.query = query.withoutTail();
        this.pending = new ArrayDeque<>(initial);
        this.source = source;
    }

    /**
     * The next record, waiting up to {@code timeout} for one; empty if none came in time or the
     * log has ended (see {@link #ended()}).
     */
    @Override
    public Optional<LogRecord> poll(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!pending.isEmpty()) {
                return Optional.of(pending.removeFirst());
            }
            if (ended) {
                return Optional.empty();
            }
            // Checked before reading, so that whatever was written before the end is read.
            boolean over = query.isOver();
            over |= source.poll(r -> {
                if (query.admits(r)) {
                    pending.add(r);
                }
            });
            if (!pending.isEmpty()) {
                continue;
            }
            if (over) {
                ended = true;
                source.close();
                return Optional.empty();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            Thread.sleep(Math.min(POLL_MILLIS, Math.max(1, left / 1_000_000)));
        }
    }

    /**
     * Why the log's file is no longer written, if it is not: "{@code <path>: <reason>}", e.g.
     * "{@code /var/lib/berth/containers/ID/log.json: No space left on device}". A follower of a
     * container this JVM runs attached still gets every record the container prints.
     */
    @Override
    public Optional<String> writeFailure() {
        return source.writeFailure();
    }

    /** Whether the writer has gone and every record has been returned, or the follower was closed. */
    @Override
    public boolean ended() {
        return ended && pending.isEmpty();
    }

    /**
     * Blocks until a record is available or the log ends. An interrupt ends the follower and
     * leaves the thread's interrupt status set.
     *
     * @throws UncheckedIOException if the log cannot be read
     */
    @Override
    public boolean hasNext() {
        try {
            while (pending.isEmpty() && !ended) {
                poll(BLOCK_SLICE).ifPresent(pending::addFirst);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read log " + log.file(), e);
        }
        return !pending.isEmpty();
    }

    @Override
    public LogRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException("log " + log.file() + " has ended");
        }
        return pending.removeFirst();
    }

    /** The records as a blocking stream; closing the stream closes the follower. */
    @Override
    public Stream<LogRecord> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(this::close);
    }

    /** Stops following; records not yet returned are dropped. */
    @Override
    public void close() {
        ended = true;
        pending.clear();
        source.close();
    }
}
