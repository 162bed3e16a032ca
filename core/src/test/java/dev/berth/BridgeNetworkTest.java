package dev.berth;

import static dev.berth.NetworkTesting.HTTPD;
import static dev.berth.NetworkTesting.berthLinks;
import static dev.berth.NetworkTesting.berthLinksSettled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.namespaces.Namespace;
import dev.berth.network.Networks;
import dev.berth.wait.Wait;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** User-defined bridge networks, names, and the none and host modes, as root. */
class BridgeNetworkTest extends BusyboxContainers {
    private static final String SLEEP = "exec sleep 600";

    @Test
    void containersOnANetworkReachEachOtherByNameAndAliasAndLearnOfLaterPeers() throws Exception {
        List<String> linksBefore = berthLinks();
        Network net = berth.createNetwork("apps", "10.233.7.0/24");
        assertEquals("10.233.7.1", net.gateway());
        try (Container client = berth.container(IMAGE).name("client").network("apps")
                .command("sh", "-c", "echo ready; " + SLEEP).waitingFor(Wait.forLogMessage(".*ready.*", 1)).start();
             Container web = berth.container(IMAGE).name("web").network("apps").networkAlias("www")
                .command(HTTPD).waitingFor(Wait.forListeningPort()).start()) {
            assertTrue(web.ipAddress().orElseThrow().startsWith("10.233.7."), web.ipAddress().toString());
            assertEquals(NetworkTesting.hostMtu() + "\n", web.exec("cat", "/sys/class/net/eth0/mtu").stdout());
            String routes = web.exec("ip", "route").stdout();
            assertTrue(routes.startsWith("default via 10.233.7.1 dev eth0"), routes);
            assertTrue(routes.contains("src " + web.ipAddress().orElseThrow()), "exec runs in the container's network: " + routes);
            String hello = "hello from " + web.id().substring(0, 12) + "\n";
            // The client started first: its hosts file was rewritten when web joined.
            for (String name : List.of("web", "www", web.id().substring(0, 12))) {
                ExecResult r = client.exec("timeout", "5", "wget", "-q", "-O", "-", "http://" + name + ":8080/");
                assertEquals(hello, r.stdout(), name + ": " + r.stderr());
            }
            assertEquals(List.of("client", "web"), berth.network("apps").orElseThrow().containers().stream().sorted().toList());
            assertThrows(IllegalStateException.class, () -> berth.removeNetwork("apps"));
        }
        assertFalse(berth.network("apps").orElseThrow().containers().iterator().hasNext());
        berth.removeNetwork("apps");
        assertTrue(berth.network("apps").isEmpty());
        assertEquals(linksBefore, berthLinksSettled(linksBefore));
    }

    @Test
    void aDepartedPeerDisappearsFromTheHostsFile() throws Exception {
        berth.createNetwork("leaving");
        try (Container stay = berth.container(IMAGE).network("leaving")
                .command("sh", "-c", "echo ready; " + SLEEP).waitingFor(Wait.forLogMessage(".*ready.*", 1)).start()) {
            try (Container go = berth.container(IMAGE).name("goer").network("leaving").command("sleep", "600").start()) {
                assertTrue(stay.exec("cat", "/etc/hosts").stdout().contains("\tgoer\n"));
            }
            assertFalse(stay.exec("cat", "/etc/hosts").stdout().contains("goer"));
        } finally {
            berth.removeNetwork("leaving");
        }
    }

    @Test
    void invalidSubnetsAndOverlapsAreRefusedNamingTheSubnet() throws Exception {
        for (String bad : List.of("10.0.0.0", "10.0.0.1/24", "300.1.1.0/24", "127.0.0.0/8", "10.1.0.0/31", "fd00::/64")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> berth.createNetwork("bad", bad));
            assertTrue(e.getMessage().contains("\"" + bad + "\""), e.getMessage());
        }
        berth.createNetwork("first", "10.234.0.0/16");
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> berth.createNetwork("second", "10.234.5.0/24"));
            assertTrue(e.getMessage().contains("overlaps network first"), e.getMessage());
        } finally {
            berth.removeNetwork("first");
        }
        assertTrue(berth.network("bad").isEmpty());
    }

    @Test
    void publishingOrNamingANetworkWithModeNoneOrHostIsRefused() {
        ContainerException e = assertThrows(ContainerException.class, () -> berth.container(IMAGE)
                .networkMode(NetworkMode.NONE).publish(8080).command("true").start());
        assertTrue(e.getCause().getMessage().contains("network mode none cannot publish ports"), e.getCause().getMessage());
        e = assertThrows(ContainerException.class, () -> berth.container(IMAGE)
                .networkMode(NetworkMode.HOST).network("x").command("true").start());
        assertTrue(e.getCause().getMessage().contains("network mode host cannot join network x"), e.getCause().getMessage());
        e = assertThrows(ContainerException.class, () -> berth.container(IMAGE).network("nosuch").command("true").start());
        assertTrue(e.getCause().getMessage().contains("no network nosuch"), e.getCause().getMessage());
        try (Container c = berth.container(IMAGE).network(Networks.DEFAULT_NETWORK).command("true").start()) {
            assertTrue(c.ipAddress().isPresent(), "the default network is made on first use, also when named");
        }
        assertEquals(List.of(), berth.containers());
    }

    @Test
    void modeNoneHasOnlyLoopbackAndReachesOnlyItself() throws Exception {
        try (Container web = berth.container(IMAGE).networkMode(NetworkMode.BRIDGE).command(HTTPD).start();
             Container none = berth.container(IMAGE).command("sh", "-c", "mkdir -p /tmp/w && echo self > /tmp/w/index.html"
                     + " && httpd -p 127.0.0.1:8080 -h /tmp/w; echo ready; " + SLEEP)
                .waitingFor(Wait.forLogMessage(".*ready.*", 1)).start()) {
            assertEquals(NetworkMode.NONE, none.networkMode());
            assertTrue(none.ipAddress().isEmpty());
            assertEquals(Set.of("lo"), interfaces(none));
            // Its own loopback answers; the bridge and the other container do not.
            assertEquals("self\n", none.exec("timeout", "5", "wget", "-q", "-O", "-", "http://127.0.0.1:8080/").stdout());
            ExecResult out = none.exec("timeout", "5", "wget", "-q", "-O", "-", "http://" + web.ipAddress().orElseThrow() + ":8080/");
            assertNotEquals(0, out.exitCode());
            assertTrue(out.stderr().contains("unreachable"), out.stderr());
            assertThrows(UnsupportedOperationException.class, () -> none.address(8080));
        }
    }

    @Test
    void hostModeSeesTheHostsInterfacesAndPorts() throws Exception {
        Set<String> hostInterfaces;
        try (Stream<Path> s = Files.list(Path.of("/sys/class/net"))) {
            hostInterfaces = s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        try (Container c = berth.container(IMAGE).networkMode(NetworkMode.HOST).command("sh", "-c",
                "mkdir -p /tmp/w && echo host > /tmp/w/index.html && httpd -p 127.0.0.1:" + port + " -h /tmp/w; echo ready; " + SLEEP)
                .waitingFor(Wait.forLogMessage(".*ready.*", 1)).start()) {
            assertEquals(hostInterfaces, interfaces(c));
            // Its server listens on the host's loopback.
            assertEquals("host\n", NetworkTesting.getWhenUp(c.address(port)));
            assertEquals(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), c.address(port));
            assertEquals(port, c.mappedPort(port));
        }
    }

    @Test
    void javaCodeRunsInTheContainersNetworkNamespaceToReachAnUnpublishedPort() throws Exception {
        try (Container c = berth.container(IMAGE).command("sh", "-c", "httpd -p 127.0.0.1:8080 -h /; echo ready; " + SLEEP)
                .waitingFor(Wait.forLogMessage(".*ready.*", 1)).start();
             Namespace net = c.networkNamespace()) {
            boolean reached = net.call(() -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", 8080), 3000);
                    return true;
                }
            });
            assertTrue(reached);
            assertThrows(IOException.class, () -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", 8080), 300);
                }
            }, "the container's loopback port must not be open on the host's");
        }
    }

    /** The interface names the container sees in /proc/net/dev. */
    private static Set<String> interfaces(Container c) {
        return c.exec("cat", "/proc/net/dev").stdout().lines().skip(2)
                .map(l -> l.substring(0, l.indexOf(':')).trim()).collect(Collectors.toSet());
    }
}
