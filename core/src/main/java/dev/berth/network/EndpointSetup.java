package dev.berth.network;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Puts one endpoint into a container's network namespace: the veth pair with its host end on
 * the network's bridge and its other end, named as the endpoint says ({@code eth0}, {@code eth1},
 * ...) and with the endpoint's MAC, created directly in the namespace; inside, the address and,
 * for the network the container started on, the default route via the bridge (none on an
 * internal network). The same for a container about to launch and for one that runs and
 * connects to another network.
 */
final class EndpointSetup {
    private EndpointSetup() {
    }

    /**
     * Configures {@code e} of network {@code r}: {@code host} is the host's rtnetlink,
     * {@code inside} the namespace's, {@code nsFd} a descriptor of the namespace.
     */
    static void configure(Links host, Links inside, int nsFd, NetworkRecord r, NetworkRecord.Endpoint e,
            boolean defaultRoute) throws IOException {
        host.delete(e.veth()); // a previous run's, if its namespace is still being torn down
        int bridge = host.index(r.bridge());
        if (bridge < 0) {
            throw new IOException("bridge " + r.bridge() + " of network " + r.name() + " is gone");
        }
        host.createVeth(e.veth(), bridge, mtu(r.bridge()), e.ifname(), nsFd, mac(e.mac()));
        host.up(host.index(e.veth()), e.veth());
        int index = inside.index(e.ifname());
        Subnet s = r.parsedSubnet();
        inside.addAddress(index, (Inet4Address) InetAddress.getByName(e.address()), s.prefixLength(), e.ifname());
        inside.up(index, e.ifname());
        if (defaultRoute && !r.internal()) {
            inside.addDefaultRoute(s.gateway());
        }
    }

    private static int mtu(String bridge) throws IOException {
        return Integer.parseInt(Files.readString(Path.of("/sys/class/net", bridge, "mtu")).trim());
    }

    private static byte[] mac(String text) {
        String[] parts = text.split(":");
        byte[] b = new byte[6];
        for (int i = 0; i < 6; i++) {
            b[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return b;
    }
}
