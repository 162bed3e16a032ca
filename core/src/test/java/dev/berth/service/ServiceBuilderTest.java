package dev.berth.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.Berth;
import dev.berth.BusyboxContainers;
import dev.berth.BusyboxImage;
import dev.berth.Container;
import dev.berth.ContainerBuilder;
import dev.berth.ContainerException;
import dev.berth.ExecResult;
import dev.berth.wait.Wait;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A service builder written outside {@code dev.berth}, as a library of service containers would
 * write one: it subclasses ContainerBuilder, keeps its own type through the fluent chain, sets
 * its defaults in configure() and prepares the started service in containerIsStarted().
 */
class ServiceBuilderTest extends BusyboxContainers {

    /** A tiny "key-value service": a shell that keeps files under /data, made ready by its hook. */
    static final class KeyValueService extends ContainerBuilder<KeyValueService> {
        final List<String> seeded = new ArrayList<>();
        private final List<String> keys = new ArrayList<>();
        int configured;

        KeyValueService(Berth berth) {
            super(berth, BusyboxImage.REFERENCE);
        }

        /** A setting of the service's own, chained with the inherited ones. */
        KeyValueService withKey(String key) {
            keys.add(key);
            return self();
        }

        @Override
        protected void configure() {
            configured++;
            user("root").command("sh", "-c", "mkdir -p /data && echo ready && exec sleep 300")
                    .waitingFor(Wait.forLogMessage(".*ready.*", 1));
        }

        @Override
        protected void containerIsStarted(Container container) {
            for (String key : keys) {
                ExecResult r = container.exec("sh", "-c", "echo seeded > /data/" + key);
                if (r.exitCode() != 0) {
                    throw new IllegalStateException("cannot seed " + key + ": " + r.stderr());
                }
                seeded.add(key);
            }
        }
    }

    @Test
    void aSubclassConfiguresOnceAndPreparesTheStartedService() throws Exception {
        KeyValueService service = new KeyValueService(berth).withKey("a").name("kv-one").withKey("b");
        try (Container c = service.start()) {
            assertEquals(List.of("a", "b"), service.seeded);
            assertEquals("seeded\nseeded\n", c.exec("sh", "-c", "cat /data/a /data/b").stdout());
        }
        try (Container again = service.name("kv-two").start()) {
            assertTrue(again.isRunning());
        }
        assertEquals(1, service.configured, "configure() runs once per builder");
    }

    @Test
    void aFailingHookFailsTheStartAndRemovesTheContainer() throws Exception {
        KeyValueService broken = new KeyValueService(berth).withKey("no/such/dir/key").name("kv-broken");
        ContainerException e = assertThrows(ContainerException.class, broken::start);
        assertEquals("containerIsStarted", e.step());
        assertTrue(e.getMessage().contains("cannot seed no/such/dir/key"), e.getMessage());
        assertFalse(berth.listContainers().stream().anyMatch(c -> c.name().equals("kv-broken")),
                "the container of a failed hook stayed");
    }
}
