package dev.berth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.wait.Wait;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Health checks run by exec in real containers: statuses, streaks, the start period, timeouts, events. */
class HealthTest extends BusyboxContainers {
    private static final Duration FAST = Duration.ofMillis(200);

    /** Polls the health until {@code done} holds (a loaded machine may be slow; no fixed timing). */
    private static Health awaitHealth(Container c, Predicate<Health> done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Health h = c.health().orElseThrow();
        while (!done.test(h) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            h = c.health().orElseThrow();
        }
        assertTrue(done.test(h), "health never reached the expected state: " + h);
        return h;
    }

    @Test
    void failuresMakeItUnhealthyAfterTheRetriesAndASuccessHealthyAgain() throws Exception {
        Instant start = Instant.now();
        try (Container c = berth.container(IMAGE).user("0").command("sh", "-c", "echo up; exec sleep 600")
                .healthcheck(HealthConfig.shell("test -f /tmp/ready && echo fine").interval(FAST).retries(2))
                .waitingFor(Wait.forLogMessage(".*up.*", 1)).start()) {
            assertEquals(List.of("CMD-SHELL", "test -f /tmp/ready && echo fine"), c.healthConfig().orElseThrow().test());
            assertEquals(Duration.ofSeconds(30), c.healthConfig().orElseThrow().timeout(), "Docker's default filled in");
            Health unhealthy = awaitHealth(c, h -> h.status() == Health.Status.UNHEALTHY);
            assertTrue(unhealthy.failingStreak() >= 2, unhealthy.toString());
            assertEquals(1, unhealthy.log().get(unhealthy.log().size() - 1).exitCode());
            try (Berth other = Berth.builder().home(home).build()) {
                assertEquals(Health.Status.UNHEALTHY, other.findContainer(c.id()).orElseThrow().health().orElseThrow().status(),
                        "another JVM reads the same health");
            }
            c.exec("touch", "/tmp/ready");
            Health healthy = awaitHealth(c, h -> h.status() == Health.Status.HEALTHY);
            assertEquals(0, healthy.failingStreak());
            Health.Probe last = healthy.log().get(healthy.log().size() - 1);
            assertEquals(0, last.exitCode());
            assertEquals("fine\n", last.output());
            assertFalse(last.end().isBefore(last.start()));
            awaitHealth(c, h -> h.log().size() == Health.LOG_SIZE);
            Thread.sleep(FAST.toMillis() * 3);
            assertEquals(Health.LOG_SIZE, c.health().orElseThrow().log().size(), "the last five only");
        }
        List<String> statuses = new ArrayList<>();
        try (EventStream s = berth.events(EventQuery.create().since(start).follow(false).filter("event", "health_status"))) {
            for (Event e = s.next(Duration.ofSeconds(1)); e != null; e = s.next(Duration.ofSeconds(1))) {
                statuses.add(e.action());
            }
        }
        assertEquals(List.of("health_status: unhealthy", "health_status: healthy"), statuses);
    }

    @Test
    void failuresInTheStartPeriodDoNotCountAndATimeoutFails() throws Exception {
        try (Container starting = berth.container(IMAGE).command("sleep", "600")
                .healthcheck(HealthConfig.cmd("false").interval(FAST).startInterval(FAST).startPeriod(Duration.ofHours(1)).retries(1))
                .start();
                Container slow = berth.container(IMAGE).command("sleep", "600")
                .healthcheck(HealthConfig.cmd("sleep", "30").interval(FAST).timeout(FAST).retries(1)).start()) {
            Health h = awaitHealth(starting, x -> x.log().size() >= 2);
            assertEquals(Health.Status.STARTING, h.status());
            assertEquals(0, h.failingStreak());

            Health timedOut = awaitHealth(slow, x -> x.status() == Health.Status.UNHEALTHY);
            Health.Probe p = timedOut.log().get(0);
            assertEquals(-1, p.exitCode());
            assertEquals("Health check exceeded timeout (200ms)", p.output());
            assertTrue(Duration.between(p.start(), p.end()).compareTo(Duration.ofSeconds(25)) < 0, "killed at the timeout");
        }
    }

    @Test
    void theImagesCheckIsUsedUnlessTheBuilderSaysNone() throws Exception {
        Image image = berth.imageBuilder().from(IMAGE).healthcheck("exit 0", FAST, null, null, null).build("localhost/healthy:1");
        try (Container c = berth.container(image).command("sleep", "600").start();
                Container off = berth.container(image).command("sleep", "600").healthcheck(HealthConfig.none()).start()) {
            assertEquals(List.of("CMD-SHELL", "exit 0"), c.healthConfig().orElseThrow().test());
            awaitHealth(c, h -> h.status() == Health.Status.HEALTHY);
            assertTrue(off.health().isEmpty());
            assertTrue(off.healthConfig().isEmpty());
        }
        try (Container plain = berth.container(IMAGE).command("true").start()) {
            assertTrue(plain.health().isEmpty(), "no check, no State.Health");
        }
    }

    @Test
    void badChecksAreRefusedNamingWhatIsWrong() {
        IllegalArgumentException word = assertThrows(IllegalArgumentException.class,
                () -> new HealthConfig(List.of("RUN", "x"), null, null, null, null, null));
        assertTrue(word.getMessage().contains("CMD, CMD-SHELL or NONE"), word.getMessage());
        IllegalArgumentException interval = assertThrows(IllegalArgumentException.class,
                () -> HealthConfig.cmd("true").interval(Duration.ofNanos(10)));
        assertTrue(interval.getMessage().contains("Interval in Healthcheck cannot be less than 1ms"), interval.getMessage());
        HealthConfig merged = HealthConfig.cmd("true").retries(5).over(HealthConfig.shell("exit 1").interval(FAST).retries(2));
        assertEquals(List.of("CMD", "true"), merged.test());
        assertEquals(FAST, merged.interval());
        assertEquals(5, merged.retries());
        assertEquals(List.of("/bin/sh", "-c", "exit 1"), HealthConfig.shell("exit 1").command());
    }
}
