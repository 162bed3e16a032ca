package dev.berth;

import static dev.berth.NetworkTesting.berthLinks;
import static dev.berth.NetworkTesting.berthLinksSettled;
import static dev.berth.NetworkTesting.berthTables;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** 50 containers with published ports at once, started from 4 threads, then nothing left (as root). */
class ManyPublishedContainersTest extends BusyboxContainers {
    private static final int COUNT = 50;

    @Test
    void fiftyPublishedContainersAnswerOnTheirOwnPortsAndLeaveNoVethRuleOrAddress() {
        assertTimeoutPreemptively(Duration.ofSeconds(90), () -> {
            List<String> linksBefore = berthLinks();
            List<Container> started = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Container>> futures = new ArrayList<>();
                for (int i = 0; i < COUNT; i++) {
                    futures.add(pool.submit(() -> berth.container(IMAGE).publish(8080).command(NetworkTesting.HTTPD).start()));
                }
                for (Future<Container> f : futures) {
                    started.add(f.get());
                }
                Set<Integer> ports = new HashSet<>();
                Set<String> addresses = new HashSet<>();
                for (Container c : started) {
                    ports.add(c.mappedPort(8080));
                    addresses.add(c.ipAddress().orElseThrow());
                    assertEquals("hello from " + c.id().substring(0, 12) + "\n",
                            NetworkTesting.getWhenUp(new InetSocketAddress("127.0.0.1", c.mappedPort(8080))));
                }
                assertEquals(COUNT, ports.size());
                assertEquals(COUNT, addresses.size());
                // One bridge and a veth per container.
                assertEquals(linksBefore.size() + COUNT + 1, berthLinks().size());
            } finally {
                pool.shutdown();
                Container.closeAll(started);
            }
            assertEquals(linksBefore, berthLinksSettled(linksBefore));
            assertEquals(List.of(), berthTables());
            assertEquals(List.of(), berth.network(Network.DEFAULT).orElseThrow().containers());
        });
    }
}
