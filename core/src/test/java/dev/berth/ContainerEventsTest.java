package dev.berth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.wait.Wait;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The events a container's life records, read back as another JVM would through the home. */
class ContainerEventsTest extends BusyboxContainers {
    @Test
    void createStartExecKillDieStopDestroyWithDockersAttributes() throws Exception {
        Instant start = Instant.now();
        String id;
        try (Container c = berth.container(IMAGE).label("tier", "front").command("sh", "-c", "echo up; exec sleep 600")
                .waitingFor(Wait.forLogMessage(".*up.*", 1)).start()) {
            id = c.id();
            assertEquals(3, c.exec("sh", "-c", "exit 3").exitCode());
            c.stop(Duration.ofSeconds(5));
        }
        List<Event> seen = new ArrayList<>();
        try (Berth other = Berth.builder().home(home).build();
                EventStream s = other.events(EventQuery.create().since(start).follow(false).filter("container", id))) {
            for (Event e = s.next(Duration.ofSeconds(1)); e != null; e = s.next(Duration.ofSeconds(1))) {
                seen.add(e);
            }
        }
        assertEquals(List.of("create", "start", "exec_create", "exec_start", "exec_die", "kill", "die", "stop", "destroy"),
                seen.stream().map(Event::baseAction).toList());
        Event die = seen.get(6);
        assertEquals("143", die.attributes().get("exitCode"));
        assertEquals("front", die.attributes().get("tier"));
        assertEquals(IMAGE, die.attributes().get("image"));
        assertEquals("15", seen.get(5).attributes().get("signal"));
        assertEquals("3", seen.get(4).attributes().get("exitCode"));
        assertEquals("exec_create: sh -c exit 3", seen.get(2).action());
        assertEquals(Event.CONTAINER, die.type());
    }

    @Test
    void startingAStoppedContainerRecordsStartNotRestartAsDockerdDoes() throws Exception {
        Instant start = Instant.now();
        String id;
        try (Container c = berth.container(IMAGE).command("sleep", "600").start()) {
            id = c.id();
            c.stop(Duration.ofSeconds(5));
            assertEquals(true, c.start());
            c.restart(Duration.ofSeconds(5));
        }
        List<String> actions = new ArrayList<>();
        try (Berth other = Berth.builder().home(home).build();
                EventStream s = other.events(EventQuery.create().since(start).follow(false).filter("container", id))) {
            for (Event e = s.next(Duration.ofSeconds(1)); e != null; e = s.next(Duration.ofSeconds(1))) {
                actions.add(e.baseAction());
            }
        }
        // docker start: "start" only; docker restart: its stop, then "start" and "restart".
        assertEquals(List.of("create", "start", "kill", "die", "stop", "start", "kill", "die", "stop", "start", "restart"),
                actions.subList(0, 11), actions.toString());
    }
}
