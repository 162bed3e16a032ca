package dev.berth.network;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The host ports of a container's published ports, held open by this JVM for as long as they
 * are published, as Docker's port allocator does: a socket bound to the port (TCP listening,
 * UDP bound, on all addresses) both proves the port free and keeps other programs from taking
 * it. The DNAT rules rewrite packets before they could reach these sockets, so they never see
 * any traffic. Port 0 asks the kernel for a free port. A JVM that dies releases them with its
 * descriptors, so they cannot leak.
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
     * Binds the host port of each request (hostPort 0: any free one).
     *
     * @throws IOException naming the first port that is in use; nothing stays bound then
     */
    static HostPorts reserve(List<NetworkRecord.PortMapping> requests) throws IOException {
        HostPorts ports = new HostPorts();
        try {
            for (NetworkRecord.PortMapping r : requests) {
                NetworkChannel ch = "udp".equals(r.protocol()) ? DatagramChannel.open() : ServerSocketChannel.open();
                ports.channels.add(ch);
                try {
                    ch.bind(new InetSocketAddress(r.hostPort()));
                } catch (BindException e) {
                    throw new IOException("host port " + r.hostPort() + "/" + r.protocol() + " is already in use"
                            + " (publishing container port " + r.containerPort() + "/" + r.protocol() + ")", e);
                }
                int bound = ((InetSocketAddress) ch.getLocalAddress()).getPort();
                ports.mappings.add(new NetworkRecord.PortMapping(r.protocol(), bound, r.containerPort()));
            }
            return ports;
        } catch (IOException | RuntimeException e) {
            ports.close();
            throw e;
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
        for (NetworkChannel ch : channels) {
            try {
                ch.close();
            } catch (IOException e) {
                // closing a bound socket cannot fail in a way that leaves it bound
            }
        }
        channels.clear();
    }
}
