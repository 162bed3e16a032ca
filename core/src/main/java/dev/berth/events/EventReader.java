package dev.berth.events;

import dev.berth.Event;
import dev.berth.EventQuery;
import dev.berth.EventStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Reads an {@link EventLog}'s files as its query asks: the rotated file and then the current
 * one from the start (with a since), or the current one from its end; then, when following,
 * polls it for new lines, moving to the new file when the old is rotated away.
 */
final class EventReader implements EventStream {
    /** How often another JVM's writes are looked for; this JVM's wake the reader at once. */
    private static final long POLL_MILLIS = 100;

    private final Path file;
    private final EventQuery query;
    private final long sinceNano;
    private final long untilNano;
    private final Deque<Event> ready = new ArrayDeque<>();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private FileChannel channel;
    private Object channelKey;
    private volatile boolean closed;
    private boolean ended;

    EventReader(Path file, Path rotated, EventQuery query) {
        this.file = file;
        this.query = query;
        this.sinceNano = query.since() == null ? Long.MIN_VALUE : nanos(query.since());
        this.untilNano = query.until() == null ? Long.MAX_VALUE : nanos(query.until());
        try {
            if (query.since() != null) {
                readWhole(rotated);
                open(0);
            } else {
                open(-1);
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot read the event log " + file, e);
        }
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /** Reads {@code path} to its end, if it exists, keeping what matches. */
    private void readWhole(Path path) throws IOException {
        try (FileChannel c = FileChannel.open(path, StandardOpenOption.READ)) {
            drain(c);
            partial.reset(); // a torn last line
        } catch (NoSuchFileException e) {
            // nothing rotated yet
        }
    }

    /** Opens the current file at {@code position} (-1: its end); none yet is fine. */
    private void open(long position) throws IOException {
        closeChannel();
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
            channelKey = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
            channel.position(position < 0 ? channel.size() : position);
        } catch (NoSuchFileException e) {
            channel = null;
            channelKey = null;
        }
    }

    /** Reads what {@code c} has from its position on, parsing whole lines. */
    private void drain(FileChannel c) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(16384);
        while (c.read(buffer) > 0) {
            buffer.flip();
            while (buffer.hasRemaining()) {
                byte b = buffer.get();
                if (b == '\n') {
                    line(partial.toString(StandardCharsets.UTF_8));
                    partial.reset();
                } else {
                    partial.write(b);
                }
            }
            buffer.clear();
        }
    }

    private void line(String line) {
        Event e = EventLog.decode(line);
        if (e != null && e.timeNano() >= sinceNano && e.timeNano() <= untilNano && query.matches(e)) {
            ready.add(e);
        }
    }

    /** Reads new lines; after a rotation, the rest of the old file and then the new one. */
    private void poll() throws IOException {
        if (channel != null) {
            drain(channel);
        }
        Object key = currentKey();
        if (key != null && !key.equals(channelKey)) {
            if (channel != null) {
                drain(channel); // the old file is complete: writers append to the path, under the lock
            }
            partial.reset();
            open(0);
            if (channel != null) {
                drain(channel);
            }
        }
    }

    private Object currentKey() {
        try {
            return Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public Event next(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (closed) {
                ended = true;
                closeChannel();
                return null;
            }
            if (!ready.isEmpty()) {
                return ready.poll();
            }
            try {
                poll();
            } catch (IOException e) {
                if (closed) {
                    continue; // closed from another thread while reading
                }
                throw new UncheckedIOException("cannot read the event log " + file, e);
            }
            if (!ready.isEmpty()) {
                return ready.poll();
            }
            if (!query.follows() || System.currentTimeMillis() * 1_000_000L > untilNano) {
                ended = true;
                return null;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            synchronized (EventLog.WRITTEN) {
                EventLog.WRITTEN.wait(Math.max(1, Math.min(POLL_MILLIS, left / 1_000_000L)));
            }
        }
    }

    @Override
    public boolean ended() {
        return ended || closed;
    }

    @Override
    public void close() {
        closed = true;
        closeChannel();
        synchronized (EventLog.WRITTEN) {
            EventLog.WRITTEN.notifyAll();
        }
    }

    private void closeChannel() {
        FileChannel channel = this.channel;
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // read-only
            }
        }
    }
}
