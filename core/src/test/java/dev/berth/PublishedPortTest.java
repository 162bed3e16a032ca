package dev.berth;

import static dev.berth.NetworkTesting.HTTPD;
import static dev.berth.NetworkTesting.berthLinks;
import static dev.berth.NetworkTesting.berthLinksSettled;
import static dev.berth.NetworkTesting.berthTables;
import static dev.berth.NetworkTesting.getWhenUp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.wait.Wait;
import dev.berth.namespaces.Namespace;
import dev.berth.network.Networks;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Published ports as root: busybox httpd fetched from the JVM over 127.0.0.1, host ports chosen and given. */
class PublishedPortTest extends BusyboxContainers {
    @Test
    void httpdOnAPublishedPortIsFetchedFromTheJvmAndNothingIsLeftAfterClose() throws Exception {
        List<String> linksBefore = berthLinks();
        try (Container c = berth.container(IMAGE).publish(8080).command(HTTPD).waitingFor(Wait.forListeningPort()).start()) {
            assertEquals(NetworkMode.BRIDGE, c.networkMode());
            int port = c.mappedPort(8080);
            assertNotEquals(8080, port);
            assertEquals("hello from " + c.id().substring(0, 12) + "\n",
                    getWhenUp(new InetSocketAddress("127.0.0.1", port)));
            // The same server directly on the container's bridge address.
            assertEquals("hello from " + c.id().substring(0, 12) + "\n",
                    getWhenUp(new InetSocketAddress(c.ipAddress().orElseThrow(), 8080)));
            assertTrue(berthLinks().size() > linksBefore.size(), "no bridge or veth: " + berthLinks());
        }
        assertEquals(linksBefore, berthLinksSettled(linksBefore));
        assertEquals(List.of(), NetworkTesting.berthTablesSettled());
    }

    @Test
    void aGivenHostPortIsUsedAndAPortInUseFailsNamingIt() throws Exception {
        int free;
        try (ServerSocket probe = new ServerSocket(0)) {
            free = probe.getLocalPort();
        }
        try (Container c = berth.container(IMAGE).publish(free, 8080).command(HTTPD).start()) {
            assertEquals(free, c.mappedPort(8080));
            assertTrue(getWhenUp(new InetSocketAddress("127.0.0.1", free)).startsWith("hello from"));
        }
        List<String> linksBefore = berthLinks();
        try (ServerSocket taken = new ServerSocket(0)) {
            ContainerException e = assertThrows(ContainerException.class, () -> berth.container(IMAGE)
                    .publish(taken.getLocalPort(), 8080).command(HTTPD).start());
            assertTrue(String.valueOf(e.getMessage()).contains(taken.getLocalPort() + "/tcp is already in use")
                    || String.valueOf(e.getCause().getMessage()).contains(taken.getLocalPort() + "/tcp is already in use"), e.toString());
        }
        // Nothing new; the bridge an earlier container left idle may have gone meanwhile.
        assertTrue(linksBefore.containsAll(berthLinks()), linksBefore + " then " + berthLinks());
        assertEquals(List.of(), berth.containers());
    }

    @Test
    void aPublishedUdpPortReachesASocketInTheContainersNamespaceAndAnswersBack() throws Exception {
        try (Container c = berth.container(IMAGE).publish(5353, Protocol.UDP).command("sleep", "600").start();
             Namespace net = c.networkNamespace();
             DatagramChannel inside = net.call(() -> DatagramChannel.open().bind(new InetSocketAddress(5353)));
             DatagramChannel client = DatagramChannel.open()) {
            int port = c.mappedPort(5353, Protocol.UDP);
            assertThrows(IllegalArgumentException.class, () -> c.mappedPort(5353));
            pingPong(client, port, inside);
        }
    }

    @Test
    void aRestartedContainerKeepsItsAddressAndPortsInAFreshNamespace() throws Exception {
        try (Container c = berth.container(IMAGE).publish(8080).command(NetworkTesting.HTTPD)
                .waitingFor(Wait.forListeningPort()).start()) {
            String address = c.ipAddress().orElseThrow();
            int port = c.mappedPort(8080);
            // A mark in the old namespace, which a fresh one cannot have: the inode number would
            // not do, as the kernel hands a freed namespace's number to the next one.
            String fresh;
            try (Namespace net = c.networkNamespace()) {
                fresh = defaultTtl(net, null);
                assertEquals("33", defaultTtl(net, "33"));
            }
            c.restart(java.time.Duration.ofSeconds(2));
            try (Namespace net = c.networkNamespace()) {
                assertEquals(fresh, defaultTtl(net, null), "the restart kept the old namespace");
            }
            assertEquals(address, c.ipAddress().orElseThrow());
            // dockerd frees the ports at the stop and takes a free one again at the start, so a port asked as "any" may change
            int again = c.mappedPort(8080);
            assertTrue(getWhenUp(new InetSocketAddress("127.0.0.1", again)).startsWith("hello from"));
        }
    }

    @Test
    void aStoppedContainersHostPortIsFreeForAnotherAndTakenAgainAtItsStart() throws Exception {
        int free;
        try (ServerSocket probe = new ServerSocket(0)) {
            free = probe.getLocalPort();
        }
        try (Container a = berth.container(IMAGE).publish(free, 8080).command(HTTPD)
                .waitingFor(Wait.forListeningPort()).start()) {
            assertEquals(free, a.mappedPort(8080));
            a.stop(java.time.Duration.ofSeconds(2));
            assertEquals(List.of(), a.details().network().ports(), "a stopped container holds no host port, as with dockerd");
            assertEquals(free, a.details().network().requested().get(0).hostPort(), "what it asked for is kept");
            try (ServerSocket meanwhile = new ServerSocket(free)) {
                // the port is free on the host: its socket is closed and no DNAT rule takes its packets
                assertEquals(free, meanwhile.getLocalPort());
            }
            try (Container b = berth.container(IMAGE).publish(free, 8080).command(HTTPD)
                    .waitingFor(Wait.forListeningPort()).start()) {
                assertEquals("hello from " + b.id().substring(0, 12) + "\n", getWhenUp(new InetSocketAddress("127.0.0.1", free)));
                ContainerException e = assertThrows(ContainerException.class, a::start, "b holds the port now");
                assertTrue(String.valueOf(e.getMessage()).contains(free + "/tcp is already in use by container " + b.name())
                        || String.valueOf(e.getCause()).contains(free + "/tcp is already in use by container " + b.name()), e.toString());
                assertFalse(a.isRunning());
            }
            assertTrue(a.start());
            assertEquals(free, a.mappedPort(8080));
            assertEquals("hello from " + a.id().substring(0, 12) + "\n", getWhenUp(new InetSocketAddress("127.0.0.1", free)));
        }
    }

    /** net.ipv4.ip_default_ttl in {@code net}, after setting it to {@code value} unless null. */
    private static String defaultTtl(Namespace net, String value) throws Exception {
        String file = "/proc/sys/net/ipv4/ip_default_ttl";
        String script = (value == null ? "" : "echo " + value + " > " + file + " && ") + "cat " + file;
        Process p = new ProcessBuilder("nsenter", "--net=/proc/" + ProcessHandle.current().pid() + "/fd/" + net.fd(),
                "sh", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    @Test
    void withTheProxyForcedTcpAndUdpAreForwardedByTheJvmAndTheHostPortsFreedAfterwards() throws Exception {
        System.setProperty(Networks.PUBLISH_PROPERTY, "proxy");
        int tcp;
        int udp;
        try (Container c = berth.container(IMAGE).publish(8080).publish(5353, Protocol.UDP).command(NetworkTesting.HTTPD)
                .waitingFor(Wait.forListeningPort()).start();
             Namespace net = c.networkNamespace();
             DatagramChannel inside = net.call(() -> DatagramChannel.open().bind(new InetSocketAddress(5353)));
             DatagramChannel client = DatagramChannel.open()) {
            tcp = c.mappedPort(8080);
            udp = c.mappedPort(5353, Protocol.UDP);
            assertEquals("hello from " + c.id().substring(0, 12) + "\n", getWhenUp(new InetSocketAddress("127.0.0.1", tcp)));
            String table = berthTables().get(0).replace("table ip ", "").trim();
            assertFalse(NetworkTesting.nftTable(table).contains("dnat to"), "the proxy's ports got DNAT rules");

            pingPong(client, udp, inside);
        } finally {
            System.clearProperty(Networks.PUBLISH_PROPERTY);
        }
        Thread.sleep(100); // the proxy's selector deregisters the closed listeners
        try (ServerSocket again = new ServerSocket(tcp); DatagramChannel udpAgain = DatagramChannel.open()) {
            udpAgain.bind(new InetSocketAddress(udp));
        }
    }

    @Test
    void aPortPublishedOnLoopbackIsReachedThereOnlyAndItsPortIsFreeOnAnotherAddress() throws Exception {
        publishedOnOneAddress();
    }

    @Test
    void withTheProxyForcedAPortPublishedOnLoopbackIsReachedThereOnly() throws Exception {
        System.setProperty(Networks.PUBLISH_PROPERTY, "proxy");
        try {
            publishedOnOneAddress();
        } finally {
            System.clearProperty(Networks.PUBLISH_PROPERTY);
        }
    }

    /**
     * {@code -p 127.0.0.1::8080}: reached on 127.0.0.1, refused on another address of this host,
     * where a second container may publish the same host port, as Docker allows.
     */
    private void publishedOnOneAddress() throws Exception {
        String other = otherHostAddress();
        try (Container c = berth.container(IMAGE).publish("127.0.0.1", 0, 8080, Protocol.TCP).command(HTTPD)
                .waitingFor(Wait.forListeningPort()).start()) {
            int port = c.mappedPort(8080);
            assertEquals(new InetSocketAddress("127.0.0.1", port), c.address(8080));
            assertEquals(List.of(new ContainerDetails.PublishedPort("tcp", 8080, port, "127.0.0.1")), c.details().network().ports());
            assertEquals("hello from " + c.id().substring(0, 12) + "\n", getWhenUp(new InetSocketAddress("127.0.0.1", port)));
            assertThrows(java.net.ConnectException.class, () -> NetworkTesting.get(new InetSocketAddress(other, port)),
                    "published on 127.0.0.1 only, yet reached on " + other);
            try (Container d = berth.container(IMAGE).publish(other, port, 8080, Protocol.TCP).command(HTTPD)
                    .waitingFor(Wait.forListeningPort()).start()) {
                assertEquals("hello from " + d.id().substring(0, 12) + "\n", getWhenUp(new InetSocketAddress(other, port)));
                assertEquals("hello from " + c.id().substring(0, 12) + "\n", getWhenUp(new InetSocketAddress("127.0.0.1", port)));
                ContainerException e = assertThrows(ContainerException.class, () -> berth.container(IMAGE)
                        .publish(port, 8080).command(HTTPD).start(), "the port on every address while held on two");
                assertTrue(String.valueOf(e).contains("already in use") || String.valueOf(e.getCause()).contains("already in use"),
                        e.toString());
            }
        }
    }

    /** An IPv4 address of this host other than loopback (eth0's, a bridge's). */
    private static String otherHostAddress() throws Exception {
        for (java.net.NetworkInterface i : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
            if (i.isUp() && !i.isLoopback()) {
                for (java.net.InetAddress a : java.util.Collections.list(i.getInetAddresses())) {
                    if (a instanceof java.net.Inet4Address) {
                        return a.getHostAddress();
                    }
                }
            }
        }
        throw new AssertionError("this host has no IPv4 address but loopback's");
    }

    @Test
    void aHostAddressThatIsNotIpv4OrNotThisHostsIsRefusedNamingIt() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> berth.container(IMAGE).publish("localhost", 0, 8080, Protocol.TCP));
        assertTrue(e.getMessage().contains("\"localhost\""), e.getMessage());
        List<String> linksBefore = berthLinks();
        ContainerException away = assertThrows(ContainerException.class, () -> berth.container(IMAGE)
                .publish("198.51.100.7", 0, 8080, Protocol.TCP).command(HTTPD).start()); // TEST-NET-2, no host's
        assertTrue(String.valueOf(away).contains("host address 198.51.100.7 of port 0/tcp is not an address of this host")
                || String.valueOf(away.getCause()).contains("host address 198.51.100.7 of port 0/tcp is not an address of this host"),
                away.toString());
        // Nothing new; the bridge an earlier container left idle may have gone meanwhile.
        assertTrue(linksBefore.containsAll(berthLinks()), linksBefore + " then " + berthLinks());
        assertEquals(List.of(), berth.containers());
    }

    /** "ping" from {@code client} to 127.0.0.1:{@code port} arrives at {@code inside}, whose "pong" comes back. */
    private static void pingPong(DatagramChannel client, int port, DatagramChannel inside) throws Exception {
        client.connect(new InetSocketAddress("127.0.0.1", port));
        client.write(ByteBuffer.wrap("ping".getBytes(StandardCharsets.US_ASCII)));
        ByteBuffer got = ByteBuffer.allocate(16);
        inside.configureBlocking(true);
        SocketAddress from = inside.receive(got);
        assertEquals("ping", new String(got.array(), 0, got.position(), StandardCharsets.US_ASCII));
        inside.send(ByteBuffer.wrap("pong".getBytes(StandardCharsets.US_ASCII)), from);
        ByteBuffer answer = ByteBuffer.allocate(16);
        assertEquals(4, readWithin(client, answer));
        assertEquals("pong", new String(answer.array(), 0, 4, StandardCharsets.US_ASCII));
    }

    private static int readWithin(DatagramChannel client, ByteBuffer into) throws Exception {
        client.configureBlocking(false);
        try (Selector sel = Selector.open()) {
            client.register(sel, SelectionKey.OP_READ);
            assertTrue(sel.select(5000) > 0, "no answer within 5 s");
            return client.read(into);
        }
    }
}
