package dev.berth;

import static dev.berth.NetworkTesting.HTTPD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.wait.Wait;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The default network {@code bridge}, connecting and disconnecting running containers, names that
 * resolve both ways at any time, network labels and prune, and host ports that stay reserved
 * after the JVM that published them exits; as root.
 */
class NetworkConnectTest extends BusyboxContainers {
    /** GET / of {@code name}:8080 from inside {@code from}; its body, or the error. */
    private static String fetch(Container from, String name) {
        ExecResult r = from.exec("timeout", "5", "wget", "-q", "-O", "-", "http://" + name + ":8080/");
        return r.exitCode() == 0 ? r.stdout() : "failed: " + r.stderr();
    }

    @Test
    void theDefaultNetworkIsDockersBridgeAndResolvesNoNames() throws Exception {
        Network bridge = berth.network(Network.DEFAULT).orElseThrow();
        assertEquals("bridge", bridge.name());
        assertTrue(bridge.subnet().matches("172\\.(1[7-9]|2\\d|3[01])\\.0\\.0/16|10\\.231\\.\\d+\\.0/24"), bridge.subnet());
        assertTrue(berth.listNetworks().stream().anyMatch(n -> n.name().equals("bridge")));
        assertEquals(bridge.id(), berth.network(bridge.id().substring(0, 12)).orElseThrow().id(), "found by id prefix");
        assertThrows(IllegalStateException.class, () -> berth.createNetwork("bridge"));
        assertThrows(IllegalStateException.class, () -> berth.removeNetwork("bridge"));
        try (Container web = berth.container(IMAGE).name("plain-web").publish(8080).command(HTTPD)
                .waitingFor(Wait.forListeningPort()).start();
             Container other = berth.container(IMAGE).networkMode(NetworkMode.BRIDGE).command("sleep", "600").start()) {
            NetworkEndpoint e = web.networks().get(0);
            assertEquals("bridge", e.network());
            assertEquals("eth0", e.interfaceName());
            assertEquals(web.ipAddress().orElseThrow(), e.ipAddress());
            assertTrue(e.macAddress().startsWith("02:42:"), e.macAddress());
            assertTrue(web.exec("ip", "link", "show", "eth0").stdout().contains("link/ether " + e.macAddress() + " "));
            assertEquals("bridge", other.networks().get(0).network());
            assertFalse(other.exec("cat", "/etc/hosts").stdout().contains("plain-web"), "Docker's default bridge has no names");
            assertEquals("hello from " + web.id().substring(0, 12) + "\n", fetch(other, web.ipAddress().orElseThrow()));
            assertEquals(2, berth.network("bridge").orElseThrow().endpoints().size());
        }
    }

    /** The actions of the events of type {@code type} since {@code start}, as another JVM reads them. */
    static List<String> events(String type, java.time.Instant start) throws Exception {
        List<String> seen = new java.util.ArrayList<>();
        try (Berth other = Berth.builder().home(home).build();
                EventStream s = other.events(EventQuery.create().since(start).follow(false).filter("type", type))) {
            for (Event e = s.next(Duration.ofSeconds(1)); e != null; e = s.next(Duration.ofSeconds(1))) {
                seen.add(e.action() + " " + e.attributes().getOrDefault("name", e.actorId()));
            }
        }
        return seen;
    }

    @Test
    void aRunningContainerJoinsAndLeavesANetworkAndNamesResolveBothWays() throws Exception {
        java.time.Instant start = java.time.Instant.now();
        berth.createNetwork("front", NetworkSpec.defaults().withLabels(Map.of("tier", "front")));
        berth.createNetwork("back");
        String frontId = berth.network("front").orElseThrow().id();
        try (Container a = berth.container(IMAGE).name("alpha").network(frontId).command(HTTPD)
                .waitingFor(Wait.forListeningPort()).start();
             Container b = berth.container(IMAGE).name("beta").network("back").command(HTTPD)
                .waitingFor(Wait.forListeningPort()).start()) {
            assertEquals("front", a.networks().get(0).network(), "joined by id, as Testcontainers names it");
            assertTrue(fetch(a, "beta").startsWith("failed"), "not yet on one network");
            NetworkEndpoint joined = b.connect("front", "bee");
            assertEquals("eth1", joined.interfaceName());
            assertEquals(joined.ipAddress(), b.exec("sh", "-c", "ip -4 addr show eth1 | sed -n 's/.*inet \\([0-9.]*\\).*/\\1/p'")
                    .stdout().trim());
            String helloB = "hello from " + b.id().substring(0, 12) + "\n";
            String helloA = "hello from " + a.id().substring(0, 12) + "\n";
            for (String name : List.of("beta", "bee", b.id().substring(0, 12))) {
                assertEquals(helloB, fetch(a, name), name); // the container there first learns of the newcomer
            }
            assertEquals(helloA, fetch(b, "alpha")); // and the newcomer of it
            assertEquals(List.of("back", "front"), b.networks().stream().map(NetworkEndpoint::network).toList());
            assertEquals(List.of("alpha", "beta"), berth.network("front").orElseThrow().containers().stream().sorted().toList());
            ContainerException twice = assertThrows(ContainerException.class, () -> b.connect("front"));
            assertTrue(twice.getCause().getMessage().contains("already exists in network front"), twice.getCause().getMessage());

            b.rename("gamma");
            assertEquals(helloB, fetch(a, "gamma"));
            assertFalse(a.exec("cat", "/etc/hosts").stdout().contains("beta"));

            b.disconnect("front");
            assertNotEquals(0, b.exec("ip", "link", "show", "eth1").exitCode(), "eth1 is gone");
            assertTrue(fetch(a, "gamma").startsWith("failed"));
            assertEquals(List.of("back"), b.networks().stream().map(NetworkEndpoint::network).toList());
            assertThrows(ContainerException.class, () -> b.disconnect("front"));
            assertThrows(IllegalStateException.class, () -> berth.removeNetwork("front"));
        }
        assertEquals(List.of("front"), berth.pruneNetworks(n -> "front".equals(n.labels().get("tier"))));
        assertEquals(List.of("back"), berth.pruneNetworks(n -> n.name().equals("back")));
        assertTrue(berth.network("front").isEmpty());
        // As dockerd: each start connects the container to its network and each stop disconnects it, besides
        // the explicit connect and disconnect (alpha starts, beta starts, beta joins and leaves front, beta stops, alpha stops)
        assertEquals(List.of("create front", "create back", "connect front", "connect back", "connect front", "disconnect front",
                "disconnect back", "disconnect front", "destroy front", "destroy back"), events(Event.NETWORK, start));
    }

    @Test
    void aStoppedContainerConnectedToANetworkGetsItsInterfaceAtTheNextStart() throws Exception {
        berth.createNetwork("later");
        try (Container c = berth.container(IMAGE).user("root").networkMode(NetworkMode.BRIDGE)
                .command("sh", "-c", "ip link show eth1 2>/dev/null; sleep 600").start()) {
            c.kill();
            NetworkEndpoint e = c.connect("later");
            c.restart(Duration.ofSeconds(1));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!c.logs().contains(e.macAddress()) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(c.logs().contains(e.macAddress()), c.logs());
        } finally {
            berth.removeNetwork("later");
        }
    }

    @Test
    void aDetachedContainersPortsStayReservedAndForwardedAfterItsJvmExits() throws Exception {
        String[] started = detachedPublisherOfAnotherJvm();
        String id = started[0];
        int port = Integer.parseInt(started[1]);
        Container detached = berth.findContainer(id).orElseThrow();
        try {
            assertEquals("hello from " + id.substring(0, 12) + "\n",
                    NetworkTesting.getWhenUp(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
            ContainerException taken = assertThrows(ContainerException.class,
                    () -> berth.container(IMAGE).publish(port, 8080).command("true").start());
            assertTrue(taken.getCause().getMessage().contains("already in use by container " + detached.name()),
                    taken.getCause().getMessage());
        } finally {
            detached.kill();
            detached.remove();
        }
        try (Container again = berth.container(IMAGE).publish(port, 8080).command("sleep", "600").start()) {
            assertEquals(port, again.mappedPort(8080), "released at removal");
        }
    }

    @Test
    void aDetachedContainerThatStopsWithNoJvmWatchingFreesItsHostPortForTheNext() throws Exception {
        String[] started = detachedPublisherOfAnotherJvm();
        String id = started[0];
        int port = Integer.parseInt(started[1]);
        // Its process dies with no handle on it in any JVM: only state.json knows it ran.
        long pid = dev.berth.runtime.ContainerDirectory.of(berth.containersDirectory(), id).readState().orElseThrow().state().pid();
        ProcessHandle main = ProcessHandle.of(pid).orElseThrow();
        main.destroyForcibly();
        main.onExit().get(30, TimeUnit.SECONDS);
        try (Container next = berth.container(IMAGE).publish(port, 8080).command(NetworkTesting.HTTPD).start()) {
            assertEquals(port, next.mappedPort(8080), "a stopped container holds no port, as with dockerd");
            assertEquals("hello from " + next.id().substring(0, 12) + "\n",
                    NetworkTesting.getWhenUp(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
        } finally {
            Container gone = berth.findContainer(id).orElseThrow();
            gone.kill();
            gone.remove();
        }
    }

    /** Runs {@link DetachedPublisherMain} in a JVM that exits: its container's id and host port. */
    private String[] detachedPublisherOfAnotherJvm() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process jvm = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                DetachedPublisherMain.class.getName(), home.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line = new BufferedReader(new InputStreamReader(jvm.getInputStream())).readLine();
        assertNotNull(line, "the other JVM exited without starting its container");
        assertTrue(jvm.waitFor(60, TimeUnit.SECONDS), "the other JVM did not exit");
        return line.split(" ");
    }
}
