package dev.berth.network;

import dev.berth.NetworkMode;
import dev.berth.Protocol;
import dev.berth.namespaces.launch.ProcessSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One container's place on the network: its mode, and for a bridge its endpoint (address,
 * veth, published ports) and reserved host ports, or its {@link SlirpNetwork}. {@link #configure} runs before every launch
 * (start and restart): it makes a fresh network namespace, the veth pair into it, and inside it
 * loopback, {@code eth0} with the container's address and a default route via the bridge, all
 * before the container's command can run. {@link #close()} detaches the container.
 */
public final class Attachment implements AutoCloseable {
    private static final String PEER = "eth0";

    private final Networks networks;
    private final NetworkMode mode;
    private final String network;
    /** The store's record as this JVM last saw it: re-read at each reservation, release and takeover. */
    private volatile NetworkRecord.Endpoint endpoint;
    /** The sockets this JVM holds on the endpoint's host ports (none once released, or when another JVM reserved them). */
    private HostPorts ports;
    private final SlirpNetwork slirp;
    /** A slirp4netns container another JVM started: its recorded ports (its slirp4netns is that JVM's helper's). */
    private final List<NetworkRecord.PortMapping> recordedSlirpPorts;
    private NetNamespace pending;
    private boolean closed;

    Attachment(Networks networks, NetworkMode mode, String network, NetworkRecord.Endpoint endpoint, HostPorts ports) {
        this(networks, mode, network, endpoint, ports, null);
    }

    private Attachment(Networks networks, NetworkMode mode, String network, NetworkRecord.Endpoint endpoint,
            HostPorts ports, SlirpNetwork slirp) {
        this(networks, mode, network, endpoint, ports, slirp, null);
    }

    private Attachment(Networks networks, NetworkMode mode, String network, NetworkRecord.Endpoint endpoint,
            HostPorts ports, SlirpNetwork slirp, List<NetworkRecord.PortMapping> recordedSlirpPorts) {
        this.networks = networks;
        this.mode = mode;
        this.network = network;
        this.endpoint = endpoint;
        this.ports = ports;
        this.slirp = slirp;
        this.recordedSlirpPorts = recordedSlirpPorts;
    }

    /** A container networked by its own slirp4netns. */
    static Attachment slirp(Networks networks, SlirpNetwork slirp) {
        return new Attachment(networks, NetworkMode.SLIRP4NETNS, null, null, null, slirp);
    }

    /** A slirp4netns container another JVM started, with the ports it recorded. */
    static Attachment recordedSlirp(Networks networks, List<NetworkRecord.PortMapping> ports) {
        return new Attachment(networks, NetworkMode.SLIRP4NETNS, null, null, null, null, List.copyOf(ports));
    }

    public NetworkMode mode() {
        return mode;
    }

    /** The network's name, or null without a bridge. */
    public String network() {
        return network;
    }

    /** The container's address on its bridge. */
    public Optional<InetAddress> address() {
        try {
            return endpoint == null ? Optional.empty() : Optional.of(InetAddress.getByName(endpoint.address()));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a literal never needs a lookup
        }
    }

    /** The host port that {@code containerPort}/{@code protocol} is published on (in host mode: itself). */
    public OptionalInt mappedPort(int containerPort, Protocol protocol) {
        if (mode == NetworkMode.HOST) {
            return OptionalInt.of(containerPort);
        }
        if (endpoint == null && slirp == null && recordedSlirpPorts == null) {
            return OptionalInt.empty();
        }
        String proto = protocol.name().toLowerCase(Locale.ROOT);
        return ports().stream().filter(p -> p.containerPort() == containerPort && p.protocol().equals(proto))
                .mapToInt(NetworkRecord.PortMapping::hostPort).findFirst();
    }

    /** Every published port: the bridge's or slirp4netns's mappings, with the host ports chosen; none in other modes. */
    public List<NetworkRecord.PortMapping> ports() {
        return slirp != null ? slirp.ports() : recordedSlirpPorts != null ? recordedSlirpPorts
                : endpoint != null ? endpoint.ports() : List.of();
    }

    /**
     * The ports asked for, whether or not they are held now: {@code HostConfig.PortBindings}
     * (host port 0 where any was asked for).
     */
    public List<NetworkRecord.PortMapping> requestedPorts() {
        return slirp != null ? slirp.ports() : recordedSlirpPorts != null ? recordedSlirpPorts
                : endpoint != null ? endpoint.requested() : List.of();
    }

    /** The other names the container has on its network ({@code --network-alias}). */
    public List<String> aliases() {
        return endpoint == null ? List.of() : endpoint.aliases();
    }

    /**
     * Prepares the network of the next launch and points {@code b} at it: NONE keeps the new
     * network namespace of the default spec (loopback only), HOST drops it, BRIDGE joins a
     * namespace configured here, SLIRP4NETNS keeps the new one and starts slirp4netns on it at
     * the launch's network gate.
     */
    public ProcessSpec.Builder configure(ProcessSpec.Builder b) {
        if (mode == NetworkMode.HOST) {
            return b.hostNetwork();
        }
        if (mode == NetworkMode.SLIRP4NETNS) {
            if (slirp == null) {
                throw new IllegalStateException("a slirp4netns container started by another JVM cannot be started"
                        + " again here: its slirp4netns is that JVM's to set up");
            }
            return b.networkGate(slirp::start);
        }
        if (mode != NetworkMode.BRIDGE) {
            return b;
        }
        closePending();
        NetNamespace ns = NetNamespace.create(networks.host().syscalls());
        try {
            Links inside = ns.links();
            inside.up(inside.index("lo"), "lo");
            // Its own network first (eth0, the default route), then those it was connected to; the
            // store's endpoint, not the start's, since a rename or disconnect may have changed it.
            NetworkRecord r = networks.find(network).orElseThrow(() -> new IOException("network " + network + " is gone"));
            if (reservePortsAgain(r)) {
                r = networks.find(network).orElseThrow(() -> new IOException("network " + network + " is gone"));
            }
            Optional<NetworkRecord.Endpoint> own = Networks.endpointOf(r, endpoint.containerId());
            if (own.isPresent()) {
                endpoint = own.get();
                EndpointSetup.configure(networks.hostLinks(), inside, ns.fd(), r, own.get(), true);
            }
            networks.configureConnected(endpoint.containerId(), network, inside, ns.fd(), own.isEmpty());
        } catch (IOException | RuntimeException e) {
            ns.close();
            networks.hostLinks().delete(endpoint.veth());
            runExited(); // ports reserved for a run that never began
            throw e instanceof IOException io ? new UncheckedIOException("network of " + endpoint.name() + ": "
                    + io.getMessage(), io) : (RuntimeException) e;
        }
        pending = ns;
        return b.networkNamespace(ns.path());
    }

    /**
     * At a start after an exit released the host ports: reserves them again (dockerd allocates
     * them at each start); whether it did.
     */
    private boolean reservePortsAgain(NetworkRecord r) throws IOException {
        Optional<NetworkRecord.Endpoint> own = Networks.endpointOf(r, endpoint.containerId());
        if (own.isEmpty() || !own.get().ports().isEmpty() || own.get().requested().isEmpty()) {
            return false;
        }
        HostPorts held = networks.reservePorts(network, endpoint.containerId());
        if (held == null) {
            return false;
        }
        synchronized (this) {
            ports.close();
            ports = held;
        }
        refresh();
        if (endpoint.proxied()) {
            proxy(PortProxy.shared());
        }
        return true;
    }

    /**
     * After a run has exited: releases the host ports its start reserved (sockets, NAT rules and
     * the store's record), unless a later run, in this JVM or another, holds them now. The
     * endpoint, its address and names stay until the container is removed; the next start
     * reserves the ports again.
     */
    public void runExited() {
        NetworkRecord.Endpoint e = endpoint;
        if (e == null || closed) {
            return;
        }
        try {
            networks.releasePorts(e.containerId(), e.portLease());
        } catch (IOException ex) {
            throw new UncheckedIOException("release the host ports of " + e.name(), ex);
        } finally {
            synchronized (this) {
                ports.close();
                ports = HostPorts.none();
            }
            if (e.proxied()) {
                wakeProxy();
            }
            refresh();
        }
    }

    /** Re-reads the endpoint from the store: another JVM may have started the container since (its ports, its lease). */
    public void refresh() {
        NetworkRecord.Endpoint e = endpoint;
        if (e == null) {
            return;
        }
        try {
            networks.find(network).flatMap(r -> Networks.endpointOf(r, e.containerId())).ifPresent(x -> endpoint = x);
        } catch (IOException | RuntimeException ex) {
            // the network is being removed with the container: keep what this handle knows
        }
    }

    /** Starts forwarding each published port to the container through {@code proxy}. */
    void proxy(PortProxy proxy) throws IOException {
        InetAddress to = address().orElseThrow();
        List<NetworkChannel> channels = ports.channels();
        for (int i = 0; i < channels.size(); i++) {
            InetSocketAddress target = new InetSocketAddress(to, endpoint.ports().get(i).containerPort());
            if (channels.get(i) instanceof ServerSocketChannel tcp) {
                proxy.forwardTcp(tcp, target);
            } else {
                proxy.forwardUdp((DatagramChannel) channels.get(i), target);
            }
        }
    }

    /** After the launch: the container's processes hold its network namespace now. */
    public void launched() {
        closePending();
    }

    private synchronized void closePending() {
        if (pending != null) {
            pending.close();
            pending = null;
        }
    }

    /** Detaches: veth, address, rules, peers' hosts entries, host ports, and the bridge if unused. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closePending();
        if (slirp != null) {
            slirp.close();
        }
        if (endpoint != null) {
            try {
                networks.release(endpoint.containerId());
            } catch (IOException e) {
                throw new UncheckedIOException("detach " + endpoint.name() + " from network " + network, e);
            } finally {
                ports.close();
                if (endpoint.proxied()) {
                    wakeProxy();
                }
            }
        }
    }

    private static void wakeProxy() {
        try {
            PortProxy.shared().wakeup();
        } catch (IOException e) {
            // no proxy could ever have been started, so none holds a port
        }
    }

    /** Undoes a half-made attachment while the store's lock is held. */
    void closeLocked(Exception failure) {
        closed = true;
        try {
            networks.releaseLocked(java.util.Set.of(endpoint.containerId()));
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
