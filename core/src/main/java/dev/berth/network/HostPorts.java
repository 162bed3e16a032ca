package dev.berth.network;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The host ports of a container's published ports, held open by this JVM for as long as they
 * are published, as Docker's port allocator does: a socket bound to the port (TCP listening,
 * UDP bound, on the mapping's host address or on all) both proves the port free and keeps other programs from taking
 * it. The DNAT rules rewrite packets before they could reach these sockets, so they never see
 * any traffic. Port 0 asks the kernel for a free port. A JVM that dies releases the sockets with
 * its descriptors; the reservation itself is the store's record of the endpoint, which every JVM
 * honours ({@link #reserve}) until the container stops (or is removed), so that a detached
 * container keeps its ports, and its DNAT rules forwarding them, after the JVM that started it
 * exits. As dockerd, a stopped container holds no port; its next start reserves them again
 * ({@link Networks#reservePorts}), a port asked as "any" possibly another one.
 */
final class HostPorts implements AutoCloseable {
    private final List<NetworkChannel> channels = new ArrayList<>();
    private final List<NetworkRecord.PortMapping> mappings = new ArrayList<>();

    private HostPorts() {
    }

    /** No ports held: for an endpoint whose ports another JVM reserved. */
    static HostPorts none() {
        return new HostPorts();
    }

    /**
     * Binds the host port of each request on its host address (hostPort 0: any free one that
     * {@code taken} does not hold either). {@code taken} maps each port recorded for an endpoint
     * to the container that holds it, possibly one whose JVM has exited, which no socket holds
     * any more; one port on two different addresses is two ports, as in Docker.
     *
     * @throws IOException naming the first port that is in use; nothing stays bound then
     */
    static HostPorts reserve(List<NetworkRecord.PortMapping> requests, Map<NetworkRecord.PortMapping, String> taken)
            throws IOException {
        HostPorts ports = new HostPorts();
        List<NetworkChannel> skipped = new ArrayList<>();
        try {
            for (NetworkRecord.PortMapping r : requests) {
                String holder = holder(taken, r);
                if (r.hostPort() != 0 && holder != null) {
                    throw new IOException("host port " + where(r) + "/" + r.protocol() + " is already in use by"
                            + " container " + holder + " (publishing container port " + r.containerPort() + "/"
                            + r.protocol() + ")");
                }
                NetworkChannel ch;
                int bound;
                do {
                    ch = bind(r);
                    bound = ((InetSocketAddress) ch.getLocalAddress()).getPort();
                    if (holder(taken, new NetworkRecord.PortMapping(r.protocol(), bound, r.containerPort(), r.hostIp())) != null) {
                        skipped.add(ch); // held open so that the kernel offers another port next
                        ch = null;
                    }
                } while (ch == null && skipped.size() < 1000);
                if (ch == null) {
                    throw new IOException("no free host port for container port " + r.containerPort() + "/" + r.protocol());
                }
                ports.channels.add(ch);
                ports.mappings.add(new NetworkRecord.PortMapping(r.protocol(), bound, r.containerPort(), r.hostIp()));
            }
            return ports;
        } catch (IOException | RuntimeException e) {
            ports.close();
            throw e;
        } finally {
            skipped.forEach(HostPorts::closeQuietly);
        }
    }

    private static String holder(Map<NetworkRecord.PortMapping, String> taken, NetworkRecord.PortMapping r) {
        return taken.entrySet().stream().filter(t -> t.getKey().conflictsWith(r)).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    private static NetworkChannel bind(NetworkRecord.PortMapping r) throws IOException {
        NetworkChannel ch = "udp".equals(r.protocol()) ? DatagramChannel.open() : ServerSocketChannel.open();
        try {
            ch.bind(r.allAddresses() ? new InetSocketAddress(r.hostPort())
                    : new InetSocketAddress(InetAddress.getByName(r.hostIp()), r.hostPort()));
            return ch;
        } catch (BindException e) {
            closeQuietly(ch);
            if (!r.allAddresses() && String.valueOf(e.getMessage()).contains("assign")) { // EADDRNOTAVAIL
                throw new IOException("host address " + r.hostIp() + " of port " + r.hostPort() + "/" + r.protocol()
                        + " is not an address of this host (publishing container port " + r.containerPort() + "/"
                        + r.protocol() + ")", e);
            }
            throw new IOException("host port " + where(r) + "/" + r.protocol() + " is already in use"
                    + " (publishing container port " + r.containerPort() + "/" + r.protocol() + ")", e);
        } catch (IOException | RuntimeException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    /** "8080", or "127.0.0.1:8080" for a port on one address. */
    private static String where(NetworkRecord.PortMapping r) {
        return r.allAddresses() ? Integer.toString(r.hostPort()) : r.hostIp() + ":" + r.hostPort();
    }

    private static void closeQuietly(NetworkChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // closing a bound socket cannot fail in a way that leaves it bound
        }
    }

    List<NetworkRecord.PortMapping> mappings() {
        return List.copyOf(mappings);
    }

    /** The bound sockets, in the order of {@link #mappings()}: what a {@link PortProxy} listens on. */
    List<NetworkChannel> channels() {
        return List.copyOf(channels);
    }

    @Override
    public void close() {
        channels.forEach(HostPorts::closeQuietly);
        channels.clear();
    }
}
