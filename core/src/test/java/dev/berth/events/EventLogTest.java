package dev.berth.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.Event;
import dev.berth.EventQuery;
import dev.berth.EventStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The home's event log: appends, since/until, filters, following across logs and rotation. */
class EventLogTest {
    @TempDir
    Path home;

    private static List<String> drain(EventStream s) throws InterruptedException {
        List<String> out = new ArrayList<>();
        for (Event e = s.next(Duration.ofSeconds(1)); e != null; e = s.next(Duration.ofSeconds(1))) {
            out.add(e.actorId() + " " + e.action());
        }
        return out;
    }

    @Test
    void pastEventsFromSinceFilteredByTypeContainerLabelAndEvent() throws Exception {
        EventLog log = EventLog.in(home);
        Instant start = Instant.now();
        log.record(Event.container("create", "abc123", Map.of("name", "web", "image", "busybox", "tier", "front")));
        log.record(Event.container("start", "abc123", Map.of("name", "web", "image", "busybox", "tier", "front")));
        log.record(Event.container("start", "def456", Map.of("name", "db", "image", "postgres:16")));
        log.record(Event.image("pull", "busybox:latest", Map.of("name", "busybox:latest")));
        EventQuery past = EventQuery.create().since(start).follow(false);
        try (EventStream s = log.read(past)) {
            assertEquals(List.of("abc123 create", "abc123 start", "def456 start", "busybox:latest pull"), drain(s));
            assertTrue(s.ended());
        }
        try (EventStream s = log.read(past.filter("container", "web").filter("container", "def"))) {
            assertEquals(List.of("abc123 create", "abc123 start", "def456 start"), drain(s));
        }
        try (EventStream s = log.read(past.filter("label", "tier=front").filter("event", "start"))) {
            assertEquals(List.of("abc123 start"), drain(s));
        }
        try (EventStream s = log.read(past.filter("type", "image"))) {
            assertEquals(List.of("busybox:latest pull"), drain(s));
        }
        try (EventStream s = log.read(past.filter("image", "busybox"))) {
            assertEquals(List.of("abc123 create", "abc123 start", "busybox:latest pull"), drain(s));
        }
        try (EventStream s = log.read(EventQuery.create().follow(false))) {
            assertEquals(List.of(), drain(s), "without since, only new events");
        }
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> past.filter("colour", "red"));
        assertTrue(bad.getMessage().contains("'colour'"), bad.getMessage());
    }

    @Test
    void untilEndsTheStreamOnceItHasPassed() throws Exception {
        EventLog log = EventLog.in(home);
        Instant start = Instant.now();
        log.record(Event.container("start", "a", Map.of()));
        Thread.sleep(5);
        Instant middle = Instant.now();
        Thread.sleep(5);
        log.record(Event.container("stop", "a", Map.of()));
        try (EventStream s = log.read(EventQuery.create().since(start).until(middle))) {
            assertEquals(List.of("a start"), drain(s));
            assertTrue(s.ended());
        }
    }

    @Test
    void aFollowerSeesAnotherLogsWritesAndFollowsARotation() throws Exception {
        EventLog writer = EventLog.in(home, 400); // another process's log on the same home, small to rotate
        EventLog reader = EventLog.in(home);
        try (EventStream s = reader.read(EventQuery.create())) {
            assertNull(s.next(Duration.ofMillis(50)));
            List<String> seen = new ArrayList<>();
            // Two at a time: a rotation can happen between the reader's polls.
            for (int i = 0; i < 10; i += 2) {
                writer.record(Event.container("start", "c" + i, Map.of("name", "n" + i)));
                writer.record(Event.container("start", "c" + (i + 1), Map.of("name", "n" + (i + 1))));
                for (int j = 0; j < 2; j++) {
                    Event e = s.next(Duration.ofSeconds(10));
                    seen.add(e == null ? "timeout" : e.actorId());
                }
            }
            assertEquals(List.of("c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9"), seen);
            assertTrue(Files.exists(home.resolve("events.jsonl.1")), "rotated");
            assertTrue(Files.size(home.resolve("events.jsonl")) <= 400);
        }
    }

    @Test
    void closeFromAnotherThreadEndsAWaitingNext() throws Exception {
        EventStream s = EventLog.in(home).read(EventQuery.create());
        Thread closer = new Thread(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            s.close();
        });
        closer.start();
        assertNull(s.next(Duration.ofSeconds(30)));
        assertTrue(s.ended());
        closer.join();
    }

    @Test
    void aTornLineIsSkipped() throws Exception {
        EventLog log = EventLog.in(home);
        Instant start = Instant.now();
        Files.writeString(home.resolve("events.jsonl"), "{\"type\":\"contai\n");
        log.record(Event.volume("create", "data", Map.of()));
        try (EventStream s = log.read(EventQuery.create().since(start).follow(false))) {
            assertEquals(List.of("data create"), drain(s));
        }
    }
}
