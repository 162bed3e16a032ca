package dev.berth;

import static dev.berth.NetworkTesting.berthLinks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.namespaces.testing.RequiresRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opening a home for a listing (what {@code berth ps} and {@code berth images} do) leaves what
 * dead JVMs left of networks alone, and makes no network state; the first use of a network
 * removes it, as open did before (#17: a ps pays for no netlink or nft).
 */
@RequiresRoot("makes a link on the host, as a dead JVM's bridge")
class NetworkRecoveryOnFirstUseTest {
    @TempDir
    Path home;

    @Test
    void aListingOnAFreshHomeMakesNoNetworkState() throws Exception {
        try (Berth berth = Berth.builder().home(home).build()) {
            assertEquals(List.of(), berth.listContainers());
            assertEquals(List.of(), berth.images().list());
        }
        assertFalse(Files.exists(home.resolve("networks")), "a listing made the networks' store");
    }

    @Test
    void aBridgeLeftWithoutEndpointsStaysThroughAListingAndGoesAtTheFirstNetworkUse() throws Exception {
        String bridge;
        try (Berth berth = Berth.builder().home(home).build()) {
            bridge = berth.createNetwork("left-idle").bridge();
        }
        // What a JVM that died while it kept the network's bridge idle leaves: the bridge, no endpoints.
        ip("link", "add", bridge, "type", "bridge");
        try {
            try (Berth listing = Berth.builder().home(home).build()) {
                listing.listContainers();
                listing.images().list();
                assertTrue(berthLinks().contains(bridge), "the listing's open removed the dead JVM's bridge");
                listing.listNetworks();
                assertFalse(berthLinks().contains(bridge), "the first network use left the dead JVM's bridge");
            }
        } finally {
            if (berthLinks().contains(bridge)) {
                ip("link", "del", bridge);
            }
        }
        assertEquals("", NetworkTesting.nftTable(IdleBridgeTest.tableOf(home)), "NAT rules of a home without endpoints");
    }

    private static void ip(String... args) throws IOException, InterruptedException {
        List<String> argv = new java.util.ArrayList<>(List.of("ip"));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).inheritIO().start();
        assertEquals(0, p.waitFor(), String.join(" ", argv));
    }
}
