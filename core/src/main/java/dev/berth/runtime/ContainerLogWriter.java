package dev.berth.runtime;

import dev.berth.namespaces.process.StreamSink;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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
 */
public final class ContainerLogWriter implements AutoCloseable {
    /** How long {@link #close} waits for the pumped streams to reach EOF. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);

    private final ContainerLog log;
    private final FileChannel channel;
    /** Streams opened and not yet at their end; {@link #drained} completes when it drops to 0. */
    private int open;
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private boolean closed;
    private volatile UncheckedIOException writeFailure;

    private ContainerLogWriter(ContainerLog log, FileChannel channel) {
        this.log = log;
        this.channel = channel;
    }

    static ContainerLogWriter open(ContainerLog log) throws IOException {
        OptionalLong writer = log.livingWriterPid();
        if (writer.isPresent()) {
            throw new IOException("log " + log.file() + " is already being written by process " + writer.getAsLong());
        }
        FileChannel ch = FileChannel.open(log.file(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        try {
            terminateTornLine(log.file(), ch);
            Path tmp = log.writerMarker().resolveSibling(log.writerMarker().getFileName() + ".tmp");
            Files.writeString(tmp, ProcessHandle.current().pid() + "\n");
            Files.move(tmp, log.writerMarker(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        return new ContainerLogWriter(log, ch);
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
        return new LineSplitter(bytes -> {
            try {
                append(source, bytes);
            } catch (UncheckedIOException e) {
                // Keep draining the pipe even if the disk is full, or the container blocks on it.
                if (writeFailure == null) {
                    writeFailure = e;
                }
            }
        });
    }

    /**
     * Appends one record stamped now. Ignored once the writer is closed (a pump that outlived
     * {@link #close} has nowhere to write).
     *
     * @throws UncheckedIOException if the file cannot be written
     */
    public void append(LogRecord.Source source, byte[] bytes) {
        synchronized (channel) {
            if (!channel.isOpen()) {
                return;
            }
            // Stamped under the lock, so that the file is in time order across streams.
            ByteBuffer line = ByteBuffer.wrap(JsonLogLine.encode(new LogRecord(source, Instant.now(), bytes)));
            try {
                while (line.hasRemaining()) {
                    channel.write(line);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot append to log " + log.file(), e);
            }
        }
    }

    /**
     * Waits up to five seconds for the open streams to reach EOF (they do once the container's
     * processes have exited), then closes the file and removes the writer marker, which ends
     * every follower. Sinks are fed by the watcher thread: close there only once
     * {@link #drained} has completed.
     *
     * @throws IOException if a pump could not write a record (it kept draining its stream)
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
        synchronized (channel) {
            channel.close();
        }
        Files.deleteIfExists(log.writerMarker());
        if (writeFailure != null) {
            throw writeFailure.getCause();
        }
    }
}
