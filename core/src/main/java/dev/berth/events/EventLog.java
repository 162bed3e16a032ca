package dev.berth.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.Event;
import dev.berth.EventQuery;
import dev.berth.EventStream;
import dev.berth.json.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.LoggerFactory;

/**
 * A home's event log: {@code events.jsonl}, one JSON object a line, appended by every JVM on the
 * home under a file lock ({@code events.lock}), so that each process sees the others' events as
 * Docker's daemon would show them. Bounded: when the file passes {@link #MAX_BYTES} it becomes
 * {@code events.jsonl.1} (replacing the older one), so the home keeps the last few thousand events.
 * Recording never fails the action it reports: a write error is logged.
 */
public final class EventLog {
    /** The size at which the log is rotated. */
    static final long MAX_BYTES = 1 << 20;
    /** One lock for all logs of this JVM: file locks do not exclude threads of one process. */
    private static final Object JVM_LOCK = new Object();
    /** Notified after each write of this JVM, so its own followers need not wait for a poll. */
    static final Object WRITTEN = new Object();

    private final Path file;
    private final Path rotated;
    private final Path lock;
    private final long maxBytes;

    private EventLog(Path dir, long maxBytes) {
        this.file = dir.resolve("events.jsonl");
        this.rotated = dir.resolve("events.jsonl.1");
        this.lock = dir.resolve("events.lock");
        this.maxBytes = maxBytes;
    }

    /** The event log kept in {@code home}. */
    public static EventLog in(Path home) {
        return new EventLog(home, MAX_BYTES);
    }

    /** With a small bound, for tests of rotation. */
    static EventLog in(Path home, long maxBytes) {
        return new EventLog(home, maxBytes);
    }

    /** Appends {@code event}; a failure to write is logged, never thrown. */
    public void record(Event event) {
        byte[] line = encode(event);
        // File channels give up on an interrupted thread (a health check being stopped records its
        // last exec_die so); the event is still written, and the interrupt kept for the caller.
        boolean interrupted = Thread.interrupted();
        try {
            synchronized (JVM_LOCK) {
                try (FileChannel lockChannel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                        FileLock held = lockChannel.lock()) {
                    if (Files.exists(file) && Files.size(file) + line.length > maxBytes) {
                        Files.move(file, rotated, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    }
                    try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                            StandardOpenOption.APPEND)) {
                        ByteBuffer b = ByteBuffer.wrap(line);
                        while (b.hasRemaining()) {
                            out.write(b);
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            LoggerFactory.getLogger(EventLog.class).warn("cannot record the event {} {} {} in {}", event.type(),
                    event.action(), event.actorId(), file, e);
            return;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (WRITTEN) {
            WRITTEN.notifyAll();
        }
    }

    /** The events {@code query} selects, read from the files (see {@link EventStream}). */
    public EventStream read(EventQuery query) {
        return new EventReader(file, rotated, query);
    }

    static byte[] encode(Event e) {
        // No mapper for a line: a build that records a tag event would build it for that alone (#18).
        ObjectNode o = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        o.put("type", e.type());
        o.put("action", e.action());
        o.put("id", e.actorId());
        ObjectNode attributes = o.putObject("attributes");
        e.attributes().forEach(attributes::put);
        o.put("timeNano", e.timeNano());
        try {
            return (dev.berth.json.JsonTreeWriter.writeString(o) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** The event of one line, or null for a line that is not one (a torn write of a crashed JVM). */
    static Event decode(String line) {
        try {
            JsonNode o = Json.mapper().readTree(line);
            Map<String, String> attributes = new TreeMap<>();
            o.path("attributes").fields().forEachRemaining(f -> attributes.put(f.getKey(), f.getValue().asText()));
            return new Event(o.get("type").asText(), o.get("action").asText(), o.get("id").asText(), attributes,
                    o.get("timeNano").asLong());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
