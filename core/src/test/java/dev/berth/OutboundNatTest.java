package dev.berth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.namespaces.Namespace;
import dev.berth.wait.Wait;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Outbound NAT, as root: the test makes its own "outside" network namespace behind a veth
 * (198.51.100.0/30, TEST-NET-2), runs a Java server there, and a container on a bridge connects
 * to it; the server must see the host's address, not the container's. Nothing leaves the machine.
 */
class OutboundNatTest extends BusyboxContainers {
    private static final String OUTSIDE = "198.51.100.2";

    @Test
    void aContainerReachesAnOutsideAddressMasqueradedAsTheHost() throws Exception {
        String ns = "bxtnat" + ProcessHandle.current().pid();
        String veth = "bxt" + (ProcessHandle.current().pid() % 100000);
        Process holder = null;
        try {
            ip("netns", "add", ns);
            ip("link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", ns);
            ip("addr", "add", "198.51.100.1/30", "dev", veth);
            ip("link", "set", veth, "up");
            ip("-n", ns, "addr", "add", OUTSIDE + "/30", "dev", "eth0");
            ip("-n", ns, "link", "set", "eth0", "up");
            holder = new ProcessBuilder("ip", "netns", "exec", ns, "sleep", "60").start();
            ServerSocket server;
            try (Namespace outside = namespaceOf(holder)) {
                server = outside.call(() -> new ServerSocket(9000, 5, InetAddress.getByName(OUTSIDE)));
            }
            try (server; Container c = berth.container(IMAGE).networkMode(NetworkMode.BRIDGE)
                    .command("sh", "-c", "echo ready; exec sleep 600").waitingFor(Wait.forLogMessage(".*ready.*", 1)).start()) {
                server.setSoTimeout(10_000);
                Thread client = new Thread(() -> c.exec("sh", "-c", "echo hi | timeout 5 nc " + OUTSIDE + " 9000"));
                client.start();
                try (Socket s = server.accept()) {
                    assertEquals("198.51.100.1", s.getInetAddress().getHostAddress(), "not masqueraded");
                    assertEquals("hi\n", new String(s.getInputStream().readNBytes(3), StandardCharsets.UTF_8));
                }
                client.join(10_000);
                String table = NetworkTesting.berthTables().get(0).replace("table ip ", "").trim();
                String rules = NetworkTesting.nftTable(table);
                String subnet = berth.network(Network.DEFAULT).orElseThrow().subnet();
                assertTrue(rules.contains("ip saddr " + subnet + " oifname != "), rules);
                assertTrue(rules.contains("masquerade"), rules);
            }
        } finally {
            if (holder != null) {
                holder.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            runQuietly("ip", "netns", "del", ns);
            runQuietly("ip", "link", "del", veth);
        }
        // The bridge is kept idle for a moment after its last container, its rules with it.
        assertEquals(List.of(), NetworkTesting.berthTablesSettled());
    }

    /** The network namespace of the process {@code ip netns exec} became, once it has entered it. */
    private static Namespace namespaceOf(Process p) throws Exception {
        Namespace host = Namespace.current(Namespace.Type.NET);
        try (host) {
            for (int i = 0; i < 100; i++) {
                Namespace ns = Namespace.of(p.pid(), Namespace.Type.NET);
                if (!ns.equals(host)) {
                    return ns;
                }
                ns.close();
                Thread.sleep(20);
            }
        }
        throw new IOException("ip netns exec did not enter the namespace");
    }

    private static void ip(String... args) throws Exception {
        List<String> argv = new java.util.ArrayList<>(List.of("ip"));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(argv + ": " + out);
        }
    }

    private static void runQuietly(String... argv) throws Exception {
        new ProcessBuilder(argv).redirectErrorStream(true).start().waitFor(5, TimeUnit.SECONDS);
    }
}
