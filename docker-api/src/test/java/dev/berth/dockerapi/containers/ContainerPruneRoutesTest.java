package dev.berth.dockerapi.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.BusyboxImage;
import dev.berth.Container;
import dev.berth.dockerapi.testing.ServedBusyboxHome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code docker container prune}: not-running containers that pass the label filters go; the rest stay. */
class ContainerPruneRoutesTest extends ServedBusyboxHome {
    @Test
    void prunesStoppedAndCreatedContainersByLabelAndKeepsRunningOnes() throws Exception {
        Container running = berth.container(BusyboxImage.REFERENCE).label("session", "a").detached(true)
                .command("sleep", "300").start();
        Container exited = berth.container(BusyboxImage.REFERENCE).label("session", "a").detached(true)
                .command("true").start();
        Container created = berth.container(BusyboxImage.REFERENCE).label("session", "a").command("true").create();
        Container other = berth.container(BusyboxImage.REFERENCE).label("session", "b").detached(true)
                .command("true").start();
        try {
            assertTrue(exited.waitFor(Duration.ofSeconds(60)).isPresent());
            assertTrue(other.waitFor(Duration.ofSeconds(60)).isPresent());
            JsonNode pruned = json(client.request("POST", "/v1.41/containers/prune?filters="
                    + filters("{\"label\":[\"session=a\"]}")));
            List<String> ids = new ArrayList<>();
            pruned.get("ContainersDeleted").forEach(n -> ids.add(n.asText()));
            assertEquals(List.of(created.id(), exited.id()).stream().sorted().toList(), ids.stream().sorted().toList());
            assertTrue(pruned.get("SpaceReclaimed").isNumber());
            assertTrue(berth.findContainer(running.id()).isPresent(), "a running container was pruned");
            assertTrue(berth.findContainer(other.id()).isPresent(), "a container without the label was pruned");
            assertFalse(berth.findContainer(exited.id()).isPresent());
            JsonNode none = json(client.request("POST", "/v1.41/containers/prune?filters="
                    + filters("{\"label\":[\"session=nothing\"]}")));
            assertTrue(none.get("ContainersDeleted") == null || none.get("ContainersDeleted").isNull());
            assertEquals(400, client.request("POST", "/v1.41/containers/prune?filters="
                    + filters("{\"until\":[\"yesterday-ish\"]}")).status());
        } finally {
            running.kill();
            running.remove();
            other.remove();
        }
    }
}
