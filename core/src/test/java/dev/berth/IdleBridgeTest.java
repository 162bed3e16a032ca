package dev.berth;

import static dev.berth.NetworkTesting.berthLinks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The default network's bridge outlives its last container for a moment (dev.berth.network.IdleBridges),
 * so the next container finds it made; closing the Berth that kept it deletes it and its NAT rules.
 */
class IdleBridgeTest extends BusyboxContainers {
    @Test
    void theNextContainerReusesTheIdleBridgeAndCloseDeletesItWithItsRules() throws Exception {
        String table = tableOf(home);
        String bridge;
        try (Berth own = Berth.builder().home(home).build()) {
            try (Container first = own.container(IMAGE).networkMode(NetworkMode.BRIDGE).command("sleep", "600").start()) {
                bridge = own.network(Network.DEFAULT).orElseThrow().bridge();
                assertTrue(berthLinks().contains(bridge), bridge + " is not among " + berthLinks());
            }
            assertTrue(berthLinks().contains(bridge), "the bridge went with its last container");
            assertEquals(List.of(), own.network(Network.DEFAULT).orElseThrow().containers(), "the store still lists it");
            assertTrue(NetworkTesting.nftTable(table).contains("masquerade"), "the idle bridge's NAT rules went");
            try (Container second = own.container(IMAGE).networkMode(NetworkMode.BRIDGE).command(NetworkTesting.HTTPD).start()) {
                assertTrue(berthLinks().contains(bridge));
                assertEquals(bridge, own.network(Network.DEFAULT).orElseThrow().bridge());
                // Reached from the host over the reused bridge.
                assertEquals("hello from " + second.id().substring(0, 12) + "\n",
                        NetworkTesting.getWhenUp(new InetSocketAddress(second.ipAddress().orElseThrow(), 8080)));
            }
        }
        // Closed: nothing is left idle, nor its rules.
        assertFalse(berthLinks().contains(bridge), "the idle bridge outlived the Berth that kept it");
        assertEquals("", NetworkTesting.nftTable(table));
    }

    /** The name of the NAT table of {@code home} (Networks.tableName). */
    static String tableOf(java.nio.file.Path home) throws Exception {
        byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(
                home.toAbsolutePath().normalize().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return "berth_" + java.util.HexFormat.of().formatHex(d, 0, 4);
    }
}
