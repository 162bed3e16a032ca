package dev.berth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Two JVMs allocating on one network, then one killed with SIGKILL while its container publishes a port: the next open removes bridge, veth, rules and address. */
class NetworkRecoveryTest extends BusyboxContainers {
    @Test
    void openAfterAKilledJvmRemovesItsBridgeRulesAndAllocationAndFreesItsHostPort() throws Exception {
        List<String> linksBefore = NetworkTesting.berthLinks();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process jvm = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                PublishingOwnerMain.class.getName(), home.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            String line = new BufferedReader(new InputStreamReader(jvm.getInputStream())).readLine();
            assertNotNull(line, "the other JVM exited without starting its container");
            String id = line.split(" ")[0];
            int hostPort = Integer.parseInt(line.split(" ")[1]);
            assertEquals(1, berth.network(Network.DEFAULT).orElseThrow().containers().size());
            assertFalse(NetworkTesting.berthTables().isEmpty());
            assertTrue(NetworkTesting.berthLinks().contains("berthv" + id.substring(0, 8)));
            // Allocation is shared through the store: this JVM's container gets another address and port.
            try (Container mine = berth.container(IMAGE).publish(8080).command("sleep", "600").start()) {
                assertNotEquals(line.split(" ")[2], mine.ipAddress().orElseThrow());
                assertNotEquals(hostPort, mine.mappedPort(8080));
                assertEquals(2, berth.network(Network.DEFAULT).orElseThrow().containers().size());
            }

            jvm.destroyForcibly();
            assertTrue(jvm.waitFor(10, TimeUnit.SECONDS));
            try (Berth afterCrash = Berth.builder().home(home).build()) {
                assertEquals(List.of(), afterCrash.network(Network.DEFAULT).orElseThrow().containers());
                assertEquals(linksBefore, NetworkTesting.berthLinksSettled(linksBefore));
                assertEquals(List.of(), NetworkTesting.berthTables());
                try (ServerSocket again = new ServerSocket(hostPort)) {
                    assertEquals(hostPort, again.getLocalPort()); // the dead JVM's reservation went with it
                }
            }
        } finally {
            jvm.destroyForcibly();
        }
    }
}
