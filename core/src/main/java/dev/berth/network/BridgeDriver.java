package dev.berth.network;

import dev.berth.NetworkMode;
import dev.berth.namespaces.linux.NetlinkSocket;
import dev.berth.overlayfs.store.StoreLock;
import dev.berth.runtime.EtcFiles;
import dev.berth.runtime.HostResolvConf;
import java.io.IOException;
import java.net.Inet4Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Network mode bridge, as Docker's bridge driver
 * (<a href="https://docs.docker.com/engine/network/drivers/bridge/">bridge network driver</a>):
 * an address on the network's Linux bridge, made with its first endpoint, the NAT rules and the
 * hosts files of its containers rewritten. Root only.
 */
final class BridgeDriver implements NetworkDriver {
    private static final Logger LOG = LoggerFactory.getLogger(Networks.class);

    private final Networks networks;
    private final NetworkStore store;
    private final HostResolvConf resolvConf;
    private boolean warnedNoNat;

    BridgeDriver(Networks networks, NetworkStore store, HostResolvConf resolvConf) {
        this.networks = networks;
        this.store = store;
        this.resolvConf = resolvConf;
    }

    /**
     * Reserves the host ports, allocates an address on the request's network (the default
     * network if null, created on first use), makes the bridge if it is missing, rewrites the
     * NAT rules and the hosts files of the network's containers. The container's network
     * namespace itself is made by {@link Attachment#configure} just before launch.
     */
    @Override
    public Attachment attach(Request request) throws IOException {
        // by id, name or id prefix, as Docker's NetworkMode (Testcontainers gives the id)
        String net = request.network() == null ? Networks.DEFAULT_NETWORK
                : networks.find(request.network()).map(NetworkRecord::name).orElse(request.network());
        HostPorts reserved = null;
        try (StoreLock.Hold lock = store.lock()) {
            NetworkRecord r = net.equals(Networks.DEFAULT_NETWORK) ? networks.defaultNetworkLocked()
                    : store.read(net).orElseThrow(() -> new IllegalArgumentException("no network " + request.network()
                            + ": create it with Berth.createNetwork"));
            if (r.internal() && !request.ports().isEmpty()) {
                throw new IllegalArgumentException("network " + net + " is internal: ports cannot be published on it");
            }
            if (freeStaleHolders(request.ports())) {
                r = store.read(r.name()).orElse(r);
            }
            reserved = HostPorts.reserve(request.ports(), reservedPorts(store.all()));
            if (r.endpoints().isEmpty()) {
                r = ensureBridge(r);
            }
            NetworkRecord.Endpoint e = new NetworkRecord.Endpoint(request.containerId(), request.name(),
                    request.hostname(), request.aliases(), allocate(r).getHostAddress(),
                    Networks.vethName(request.containerId()), reserved.mappings(), networks.proxyPorts(), null, null, "eth0",
                    request.ports(), newLease());
            NetworkRecord updated = r.withEndpoint(e);
            store.write(updated);
            Attachment a = new Attachment(networks, NetworkMode.BRIDGE, net, e, reserved);
            try {
                Files.writeString(request.etc().resolve("resolv.conf"), EtcFiles.resolvConf(resolvConf.read(), false));
                networks.applyNat();
                networks.writeHosts(updated);
                if (e.proxied()) {
                    a.proxy(PortProxy.shared());
                }
            } catch (IOException | RuntimeException ex) {
                a.closeLocked(ex);
                throw ex;
            }
            return a;
        } catch (IOException | RuntimeException ex) {
            if (reserved != null) {
                reserved.close();
            }
            throw ex;
        }
    }

    /** A fresh {@link NetworkRecord.Endpoint#portLease()}: when it was taken (epoch ms), then a random part. */
    static String newLease() {
        return System.currentTimeMillis() + "-" + java.util.UUID.randomUUID();
    }

    /** When {@code lease} was taken (epoch ms); 0 for one without a time. */
    static long leaseTime(String lease) {
        int dash = lease.indexOf('-');
        try {
            return dash < 0 ? 0 : Long.parseLong(lease.substring(0, dash));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Frees the host ports of containers that stopped with no JVM there to see it (a detached
     * container whose JVM had exited): those {@code requests} would collide with; whether it freed
     * any. The caller holds the lock.
     */
    private boolean freeStaleHolders(List<NetworkRecord.PortMapping> requests) throws IOException {
        boolean changed = false;
        for (NetworkRecord r : store.all()) {
            NetworkRecord updated = r;
            for (NetworkRecord.Endpoint e : r.endpoints()) {
                boolean collides = e.ports().stream().anyMatch(p -> requests.stream()
                        .anyMatch(q -> q.hostPort() != 0 && q.conflictsWith(p)));
                if (collides && networks.stoppedSince(e.containerId(), leaseTime(e.portLease()))) {
                    String id = e.containerId();
                    updated = updated.withEndpoints(updated.endpoints().stream()
                            .map(x -> x.containerId().equals(id) ? x.withPorts(List.of(), "") : x).toList());
                }
            }
            if (updated != r) {
                store.write(updated);
                changed = true;
            }
        }
        if (changed) {
            networks.applyNat();
        }
        return changed;
    }

    /**
     * Reserves again the ports {@code containerId} asked for on network {@code r} (at a start
     * after its ports were released at an exit), unless it holds them already: null then. The
     * caller holds the lock and applies the NAT rules.
     *
     * @throws IOException naming a port another container holds now, as dockerd's "port is already allocated"
     */
    HostPorts reserveLocked(NetworkRecord r, String containerId) throws IOException {
        NetworkRecord.Endpoint e = r.endpoints().stream().filter(x -> x.containerId().equals(containerId)).findFirst()
                .orElse(null);
        if (e == null || e.requested().isEmpty() || !e.ports().isEmpty()) {
            return null;
        }
        freeStaleHolders(e.requested());
        NetworkRecord current = store.read(r.name()).orElse(r);
        HostPorts reserved = HostPorts.reserve(e.requested(), reservedPorts(store.all()));
        try {
            store.write(current.withEndpoints(current.endpoints().stream()
                    .map(x -> x.containerId().equals(containerId) ? x.withPorts(reserved.mappings(), newLease()) : x).toList()));
        } catch (IOException | RuntimeException ex) {
            reserved.close();
            throw ex;
        }
        return reserved;
    }

    /**
     * The host ports the store records for every endpoint of the home, whichever JVM published
     * them and whether it still runs (each mapping to the container's name): a detached container
     * keeps its ports after its JVM exits, its DNAT rules still forwarding them, until it stops.
     */
    static Map<NetworkRecord.PortMapping, String> reservedPorts(List<NetworkRecord> all) {
        Map<NetworkRecord.PortMapping, String> taken = new HashMap<>();
        for (NetworkRecord r : all) {
            for (NetworkRecord.Endpoint e : r.endpoints()) {
                e.ports().forEach(p -> taken.put(p, e.name()));
            }
        }
        return taken;
    }

    /**
     * {@code docker network connect}: puts the container on network {@code r} too, as interface
     * {@code ethN} (the first free N): an address, its peers' names, and, when it runs
     * ({@code netns} not null), the veth into its network namespace now. The caller holds the lock.
     */
    NetworkRecord.Endpoint connectLocked(NetworkRecord r, String containerId, String name, String hostname,
            List<String> aliases, dev.berth.namespaces.Namespace netns) throws IOException {
        if (r.endpoints().stream().anyMatch(e -> e.containerId().equals(containerId))) {
            throw new IllegalStateException("endpoint with name " + name + " already exists in network " + r.name());
        }
        Set<String> ifnames = new HashSet<>();
        for (NetworkRecord other : store.all()) {
            other.endpoints().stream().filter(e -> e.containerId().equals(containerId)).forEach(e -> ifnames.add(e.ifname()));
        }
        int n = 0;
        while (ifnames.contains("eth" + n)) {
            n++;
        }
        if (n > 9) {
            throw new IllegalStateException("container " + name + " is on 10 networks already");
        }
        if (r.endpoints().isEmpty()) {
            r = ensureBridge(r);
        }
        NetworkRecord.Endpoint e = new NetworkRecord.Endpoint(containerId, name, hostname, aliases,
                allocate(r).getHostAddress(), Networks.vethName(containerId) + (n == 0 ? "" : Integer.toString(n)),
                List.of(), false, null, null, "eth" + n, List.of(), null);
        NetworkRecord updated = r.withEndpoint(e);
        store.write(updated);
        try {
            if (netns != null) {
                try (NetlinkSocket inside = netns.call(NetlinkSocket::open)) {
                    EndpointSetup.configure(networks.hostLinks(), new Links(inside), netns.fd(), updated, e, false);
                }
            }
            networks.applyNat();
            networks.writeHosts(updated);
        } catch (Exception ex) {
            networks.hostLinks().delete(e.veth());
            store.write(updated.withoutEndpoint(containerId));
            if (updated.endpoints().size() == 1) {
                networks.hostLinks().delete(updated.bridge());
            }
            if (ex instanceof IOException io) {
                throw io;
            }
            if (ex instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException("network " + r.name() + ": " + ex.getMessage(), ex);
        }
        return e;
    }

    private Inet4Address allocate(NetworkRecord r) throws IOException {
        Subnet s = r.parsedSubnet();
        Set<Long> used = new HashSet<>();
        used.add(1L); // the gateway
        for (NetworkRecord.Endpoint e : r.endpoints()) {
            used.add(s.offsetOf((Inet4Address) Inet4Address.getByName(e.address())));
        }
        for (long off = 2; off < s.size() - 1; off++) {
            if (!used.contains(off)) {
                return s.address(off);
            }
        }
        throw new IOException("network " + r.name() + " (" + r.subnet() + ") has no free address left");
    }

    /** {@link #ensureBridge} for a network whose endpoints exist but whose bridge is gone (the caller holds the lock). */
    NetworkRecord ensureBridgeLocked(NetworkRecord r) throws IOException {
        NetworkRecord made = ensureBridge(r);
        if (!made.subnet().equals(r.subnet())) {
            throw new IOException("network " + r.name() + ": subnet " + r.subnet() + " is now routed elsewhere on this host");
        }
        return made;
    }

    /** Makes the network's bridge if it is missing (first endpoint); may move an automatic subnet off a taken one. */
    private NetworkRecord ensureBridge(NetworkRecord r) throws IOException {
        Links links = networks.hostLinks();
        if (links.index(r.bridge()) >= 0) {
            return r;
        }
        HostRoutes routes = HostRoutes.read();
        String taken = routes.overlapping(r.parsedSubnet(), r.bridge());
        if (taken != null) {
            if (!r.autoSubnet() && !r.name().equals(Networks.DEFAULT_NETWORK)) {
                throw new IOException("network " + r.name() + ": subnet " + r.subnet() + " is already routed via "
                        + taken + " on this host");
            }
            String self = r.name();
            List<NetworkRecord> others = store.all().stream().filter(n -> !n.name().equals(self)).toList();
            r = r.withSubnet(networks.freeSubnet(r.name(), others, r.bridge()));
        }
        Subnet s = r.parsedSubnet();
        int index = links.createBridge(r.bridge(), routes.defaultMtu(), networks.bridgeAlias(r.name()));
        try {
            links.addAddress(index, s.gateway(), s.prefixLength(), r.bridge());
            links.up(index, r.bridge());
            // DNAT of 127.0.0.1 onto the bridge needs route_localnet; forwarding is for outbound NAT.
            Files.writeString(Path.of("/proc/sys/net/ipv4/conf", r.bridge(), "route_localnet"), "1");
            Files.writeString(Path.of("/proc/sys/net/ipv4/ip_forward"), "1");
        } catch (IOException | RuntimeException e) {
            links.delete(r.bridge());
            throw e;
        }
        synchronized (this) {
            if (networks.nat() instanceof MissingNatRules && !warnedNoNat) {
                warnedNoNat = true;
                LOG.warn("neither nft nor iptables works on this host: containers on bridge"
                        + " networks reach the host and each other, but nothing beyond the host, and ports cannot be"
                        + " published");
            }
        }
        return r;
    }
}
