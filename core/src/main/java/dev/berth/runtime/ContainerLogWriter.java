package dev.berth.runtime;

import dev.berth.log.LogOptions;
import dev.berth.log.LogQuery;
import dev.berth.log.LogRecord;
import dev.berth.namespaces.fs.AtomicFile;
import dev.berth.namespaces.process.StreamSink;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends a container's output to its {@link ContainerLog} in Docker's json-file format. Each
 * stream is cut into records as Docker does (at newlines, every 16 KiB, and a last partial
 * record at EOF). A container's streams come through {@link #sink}s, which the namespaces
 * module's one epoll watcher thread feeds for every container, so output costs no thread per
 * container; {@link #pump} reads any other stream on a daemon thread of its own.
 *
 * <p>Records are appended whole under one lock, so streams never interleave within a line, and
 * each is visible to readers in any process as soon as it is written. While open, a
 * {@code <log>.writer} file next to the log names this process; followers end when it is gone
 * or its process has died.
 *
 * <p>The file is rotated as the log's {@link LogOptions} say ({@link LogFiles}). When a write
 * fails (a full disk), the file is cut back to its last whole record and no longer written: the
 * failure is logged once, as "the log of OWNER is no longer written: PATH: REASON", and kept in
 * the marker for every reader; the streams are still drained, so the container never blocks,
 * and followers in this JVM ({@link #follow}) still get every record.
 */
public final class ContainerLogWriter implements AutoCloseable {
    /** How long {@link #close} waits for the pumped streams to reach EOF. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(ContainerLogWriter.class);

    private final ContainerLog log;
    private final String owner;
    private final LogFiles files;
    /** Guards the file: channel, size, rotation, failure and the followers' feeds. */
    private final Object fileLock = new Object();
    private FileChannel channel;
    private long size;
    private final List<LiveFeed> feeds = new ArrayList<>();
    /** Why the file is no longer written ("path: reason"), once a write failed. */
    private volatile String failure;
    private IOException failureCause;
    /** Streams opened and not yet at their end; {@link #drained} completes when it drops to 0. */
    private int open;
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private boolean closed;

    private ContainerLogWriter(ContainerLog log, String owner, FileChannel channel) throws IOException {
        this.log = log;
        this.owner = owner;
        this.files = log.files();
        this.channel = channel;
        this.size = channel.size();
    }

    static ContainerLogWriter open(ContainerLog log, String owner) throws IOException {
        OptionalLong writer = log.livingWriterPid();
        if (writer.isPresent()) {
            throw new IOException("log " + log.file() + " is already being written by process " + writer.getAsLong());
        }
        FileChannel ch = FileChannel.open(log.file(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        try {
            terminateTornLine(log.file(), ch);
            AtomicFile.replace(log.writerMarker(), (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8),
                    log.writerMarker().getParent());
            return new ContainerLogWriter(log, Objects.requireNonNull(owner, "owner"), ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** A writer that died mid-record left a line without newline; end it so the next one parses. */
    private static void terminateTornLine(Path file, FileChannel append) throws IOException {
        try (FileChannel read = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = read.size();
            ByteBuffer last = ByteBuffer.allocate(1);
            if (size > 0 && read.read(last, size - 1) == 1 && last.get(0) != '\n') {
                append.write(ByteBuffer.wrap(new byte[] {'\n'}));
            }
        }
    }

    /**
     * Starts copying {@code in} into the log until EOF, on a daemon thread named after the log
     * and stream. A read error ends the pump like EOF.
     */
    public void pump(InputStream in, LogRecord.Source source) {
        Objects.requireNonNull(in, "in");
        opened();
        LineSplitter splitter = splitter(source);
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (in) {
                for (int n; (n = in.read(buf)) > 0;) {
                    splitter.feed(buf, 0, n);
                }
            } catch (IOException e) {
                // The pipe broke: keep what was read, as at EOF.
            }
            splitter.finish();
            ended();
        }, "berth-log-" + source.streamName() + "-" + log.file().getFileName());
        t.setDaemon(true);
        t.start();
    }

    /**
     * A sink for the container's {@code source} stream, to launch its process with
     * ({@code Stdio.sink}); it counts as open once the launch has succeeded.
     */
    public StreamSink sink(LogRecord.Source source) {
        Objects.requireNonNull(source, "source");
        LineSplitter splitter = splitter(source);
        return new StreamSink() {
            @Override
            public void opened() {
                ContainerLogWriter.this.opened();
            }

            @Override
            public void write(byte[] bytes, int length) {
                splitter.feed(bytes, 0, length);
            }

            @Override
            public void closed() {
                splitter.finish();
                ended();
            }
        };
    }

    /**
     * Completes when every stream opened so far has reached its end (they do once the
     * container's processes have exited), or after {@code timeout} if one does not.
     */
    public CompletableFuture<Void> drained(Duration timeout) {
        synchronized (this) {
            if (open == 0) {
                // None open: all ended, or none was opened (a run on a terminal has no log
                // pipes), which must not wait out the timeout (berth run -it took 5 s more).
                return CompletableFuture.completedFuture(null);
            }
        }
        return drained.copy().completeOnTimeout(null, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void opened() {
        if (closed) {
            throw new IllegalStateException("log writer for " + log.file() + " is closed");
        }
        open++;
    }

    private synchronized void ended() {
        if (--open == 0) {
            drained.complete(null);
            notifyAll();
        }
    }

    private LineSplitter splitter(LogRecord.Source source) {
        Objects.requireNonNull(source, "source");
        // A failed write is recorded, not thrown: the pipe is drained on, or the container blocks.
        return new LineSplitter(bytes -> append(source, bytes));
    }

    /**
     * Appends one record stamped now, rotating the file first if the record would take it past
     * {@link LogOptions#maxSize}, and passes it to this JVM's followers. Ignored once the writer
     * is closed (a pump that outlived {@link #close} has nowhere to write). A failed write is
     * not thrown: it ends writing the file (see the class comment).
     */
    public void append(LogRecord.Source source, byte[] bytes) {
        synchronized (fileLock) {
            if (!channel.isOpen()) {
                return;
            }
            // Stamped under the lock, so that the file is in time order across streams.
            LogRecord record = new LogRecord(source, Instant.now(), bytes);
            if (failure == null) {
                write(JsonLogLine.encode(record));
            }
            for (LiveFeed f : feeds) {
                f.offer(record);
            }
        }
    }

    /** Writes one line; on failure the file keeps its last whole record and is not written again. */
    private void write(byte[] bytes) {
        try {
            if (size > 0 && size + bytes.length > log.options().maxSize()) {
                FileChannel next = files.rotate();
                channel.close();
                channel = next;
                size = 0;
            }
            ByteBuffer line = ByteBuffer.wrap(bytes);
            while (line.hasRemaining()) {
                channel.write(line);
            }
            size += bytes.length;
        } catch (IOException e) {
            fail(e);
        }
    }

    @Override
    public String toString() {
        return "the log of " + owner;
    }

    private void fail(IOException e) {
        try {
            if (channel.size() > size) {
                channel.truncate(size); // freeing needs no space; readers never see half a record
            }
        } catch (IOException | UnsupportedOperationException ignored) {
            // not a regular file (a test's /dev/full): nothing to cut back
        }
        String reason = e.getMessage() != null ? e.getMessage() : e.toString();
        failure = (reason.startsWith(log.file().toString()) ? "" : log.file() + ": ") + reason;
        failureCause = e;
        recordFailureInMarker();
        LOG.warn("the log of {} is no longer written: {}", owner, failure);
    }

    /** Rewrites the marker in place: its block is already there, so a full disk still takes it. */
    private void recordFailureInMarker() {
        byte[] text = (ProcessHandle.current().pid() + "\n" + ContainerLog.FAILED + failure.replace('\n', ' ') + "\n")
                .getBytes(StandardCharsets.UTF_8);
        try (FileChannel marker = FileChannel.open(log.writerMarker(), StandardOpenOption.WRITE)) {
            marker.write(ByteBuffer.wrap(text), 0);
        } catch (IOException e) {
            // the warning above still names it
        }
    }

    /** Spaces over the pid, in place (a full disk takes that): the marker then names no writer. */
    private void blankPidInMarker() {
        byte[] blank = " ".repeat(Long.toString(ProcessHandle.current().pid()).length()).getBytes(StandardCharsets.US_ASCII);
        try (FileChannel marker = FileChannel.open(log.writerMarker(), StandardOpenOption.WRITE)) {
            marker.write(ByteBuffer.wrap(blank), 0);
        } catch (IOException e) {
            // then its pid names a writer until this JVM exits; the failure is still recorded
        }
    }

    /** Why the file is no longer written ("path: reason"), if a write failed. */
    public Optional<String> writeFailure() {
        return Optional.ofNullable(failure);
    }

    /**
     * Follows the log from its first record (as {@code query} selects them) and then gets each
     * record this writer appends straight from it: none is lost to a rotation however fast the
     * container writes, nor to a full disk. At most {@value LiveFeed#MAX_BYTES} bytes wait for a
     * reader that does not read; beyond that records are dropped with a warning.
     */
    public LogFollower follow(LogQuery query) throws IOException {
        List<LogFiles.Open> all;
        long[] limits;
        LiveFeed feed = new LiveFeed(this);
        synchronized (fileLock) {
            // Under the lock, so that the files end exactly where the feed begins.
            all = files.openAll();
            limits = new long[all.size()];
            for (int i = 0; i < all.size(); i++) {
                limits[i] = all.get(i).channel().size();
            }
            if (channel.isOpen()) {
                feeds.add(feed);
            } else {
                feed.end();
            }
        }
        List<LogRecord> initial = new ArrayList<>();
        try {
            ContainerLog.readAll(all, limits, query, initial);
        } finally {
            LogFiles.closeAll(all);
        }
        return new LogFollower(log, query, initial, feed);
    }

    void unfollow(LiveFeed feed) {
        synchronized (fileLock) {
            feeds.remove(feed);
        }
    }

    /**
     * Waits up to five seconds for the open streams to reach EOF (they do once the container's
     * processes have exited), then closes the file and removes the writer marker, which ends
     * every follower. Sinks are fed by the watcher thread: close there only once
     * {@link #drained} has completed.
     *
     * @throws IOException if a record could not be written (the streams were drained on)
     */
    @Override
    public void close() throws IOException {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
            try {
                for (long left; open > 0 && (left = deadline - System.nanoTime()) > 0;) {
                    wait(Math.max(1, left / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (fileLock) {
            channel.close();
            feeds.forEach(LiveFeed::end);
            feeds.clear();
        }
        if (failure == null) {
            Files.deleteIfExists(log.writerMarker());
        } else {
            // The marker stays so that every reader learns of the loss, without a writer's pid.
            blankPidInMarker();
            throw new IOException("the log of " + owner + " is no longer written: " + failure, failureCause);
        }
    }
}
