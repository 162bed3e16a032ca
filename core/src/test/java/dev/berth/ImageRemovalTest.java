package dev.berth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.overlayfs.store.StoredLayer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code docker rmi} and {@code docker image prune}: removing an image frees its blobs and the
 * unpacked layers nothing else uses, keeps what a container or another image still holds, and
 * leaves a store that {@link Berth#check()} finds consistent with nothing left over.
 */
class ImageRemovalTest extends BusyboxContainers {

    @Test
    void removingAnImageFreesItsOwnLayersOnceNoContainerHoldsThem() throws Exception {
        try (Container base = berth.container(IMAGE).command("true").start()) {
            base.waitFor(); // the base image's layer is unpacked, and held by the image
        }
        Set<String> before = layerIds();
        Image built = berth.imageBuilder().from(IMAGE).run("echo built > /tmp/built").build("localhost/prunable:1");
        Set<String> added = layerIds();
        added.removeAll(before);
        assertEquals(1, added.size(), "the RUN step's layer: " + added);

        Container stopped = berth.container(built).command("cat", "/tmp/built").start();
        assertEquals(0, stopped.waitFor(Duration.ofSeconds(20)).orElseThrow());
        List<String> untagged = berth.removeImage("localhost/prunable:1");
        assertEquals(List.of("localhost/prunable:1"), untagged);
        assertTrue(layerIds().containsAll(added), "a layer a stopped container holds was removed");
        assertEquals("built\n", stopped.logs());

        stopped.remove();
        Pruned pruned = berth.collectGarbage();
        assertEquals(List.copyOf(added), pruned.layers());
        assertTrue(pruned.blobs().isEmpty(), "the blobs went with the image: " + pruned.blobs());
        assertEquals(before, layerIds(), "the base image's layers stay");
        assertFalse(berth.images().list().stream().anyMatch(i -> i.toString().contains("prunable")));

        StoreCheck check = berth.check();
        assertTrue(check.consistent(), check.report());
        assertEquals(List.of(), check.leftovers(), check.report());
        try (Container c = berth.container(IMAGE).command("true").start()) {
            assertEquals(0, c.waitFor(Duration.ofSeconds(20)).orElseThrow(), "the base image no longer runs");
        }
        assertEquals(before, layerIds(), "the base ran on its kept layer, not a new unpacking");
    }

    private Set<String> layerIds() throws Exception {
        return berth.layers().list().stream().map(StoredLayer::chainId).map(Object::toString).collect(Collectors.toSet());
    }
}
