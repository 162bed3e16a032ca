package dev.berth.runtime;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Appends a container's output to its {@link ContainerLog} in Docker's json-file format. Each
 * {@link #pump} reads one stream on a platform daemon thread of its own until EOF, cutting it
 * into records as Docker does (at newlines, every 16 KiB, and a last partial record at EOF).
 * One thread per stream keeps this correct and simple on Java 17; an epoll-driven pump (like
 * the namespaces module's ProcessWatcher) can replace it without changing the file format.
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
    private final List<Thread> pumps = new ArrayList<>();
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
     * Starts copying {@code in} (a process's stdout or stderr pipe) into the log until EOF, on a
     * daemon thread named after the log and stream. A read error ends the pump like EOF.
     */
    public synchronized void pump(InputStream in, LogRecord.Source source) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(source, "source");
        if (closed) {
            throw new IllegalStateException("log writer for " + log.file() + " is closed");
        }
        Thread t = new Thread(() -> copy(in, source), "berth-log-" + source.streamName() + "-" + log.file().getFileName());
        t.setDaemon(true);
        pumps.add(t);
        t.start();
    }

    private void copy(InputStream in, LogRecord.Source source) {
        LineSplitter splitter = new LineSplitter(bytes -> {
            try {
                append(source, bytes);
            } catch (UncheckedIOException e) {
                // Keep draining the pipe even if the disk is full, or the container blocks on it.
                if (writeFailure == null) {
                    writeFailure = e;
                }
            }
        });
        byte[] buf = new byte[8192];
        try (in) {
            for (int n; (n = in.read(buf)) > 0;) {
                splitter.feed(buf, 0, n);
            }
        } catch (IOException e) {
            // The pipe broke: keep what was read, as at EOF.
        }
        splitter.finish();
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
     * Waits up to five seconds for the pumped streams to reach EOF (they do once the container's
     * processes have exited), then closes the file and removes the writer marker, which ends
     * every follower.
     *
     * @throws IOException if a pump could not write a record (it kept draining its stream)
     */
    @Override
    public void close() throws IOException {
        List<Thread> started;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            started = List.copyOf(pumps);
        }
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        try {
            for (Thread t : started) {
                t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
