package dev.berth.network;

import dev.berth.NetworkMode;
import dev.berth.image.store.PrivateDirectories;
import dev.berth.namespaces.host.Host;
import dev.berth.overlayfs.store.StoreLock;
import dev.berth.namespaces.linux.NetlinkSocket;
import dev.berth.namespaces.userns.RootlessNetwork;
import dev.berth.runtime.EtcFiles;
import dev.berth.runtime.ExtraHost;
import java.io.IOException;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge networks of one Berth home, modelled on Docker's bridge driver
 * (<a href="https://docs.docker.com/engine/network/drivers/bridge/">bridge network driver</a>):
 * a Linux bridge per network whose first address is the containers' gateway, a veth pair per
 * container, outbound NAT and published ports as {@link NatRules}, and names resolved through
 * each container's {@code /etc/hosts}.
 *
 * <p>Kernel objects are named {@code berth...} and derived from the home, so that homes never
 * share one and leftovers are findable: the bridge is {@code berth} plus 8 hex digits of a hash
 * of home and network name, a veth {@code berthv} plus the container id's first 8 digits, the
 * NAT table {@code berth_} plus 8 hex digits of the home's hash. A bridge exists only while its
 * network has endpoints; its alias names the home, so that the bridge of a home that has since
 * been deleted (a test's temporary home) is removed by the next {@link #recover}.
 *
 * <p>Names: peers are written into each other's {@code /etc/hosts} (by container name, hostname
 * and aliases), rewritten in place whenever a container joins or leaves, since the file is
 * bound into the container. Docker's embedded DNS server would need a process (or a thread of
 * this JVM) inside every container's network namespace; a hosts file needs nothing running and
 * is read by every libc and busybox.
 */
public final class Networks {
    /** The network of containers that publish ports or ask for {@link NetworkMode#BRIDGE} without naming one. */
    public static final String DEFAULT_NETWORK = "berth";
    /** Candidate subnets for networks without a given one: 10.231.0.0/24, 10.231.1.0/24, ... */
    private static final long AUTO_BASE = 0x0ae70000L;
    /** The system property that forces the port proxy ({@code proxy}) even where DNAT works. */
    public static final String PUBLISH_PROPERTY = "berth.network.publish";
    private static final String ALIAS_PREFIX = "berth home ";
    private static final Logger LOG = LoggerFactory.getLogger(Networks.class);

    private final Path home;
    private final Path containers;
    private final Host host;
    private final Path runtime;
    private final NetworkStore store;
    private final String hash;
    private NatRules nat;
    private Links hostLinks;
    private boolean warnedNoNat;

    /**
     * The networks of {@code home}, whose containers live in {@code containers/ID/}; sockets that
     * live only while a container starts go to {@code runtime} (the user's runtime directory).
     */
    public Networks(Host host, Path home, Path containers, Path runtime) {
        this.host = host;
        this.home = home.toAbsolutePath().normalize();
        this.containers = containers;
        this.runtime = runtime;
        this.store = new NetworkStore(home.resolve("networks"));
        this.hash = hash(this.home.toString());
    }

    private static String hash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    String tableName() {
        return "berth_" + hash;
    }

    static String vethName(String containerId) {
        return "berthv" + containerId.substring(0, 8);
    }

    private String bridgeName(String network) {
        return "berth" + hash(home + "\0" + network);
    }

    /** The host these networks are on. */
    Host host() {
        return host;
    }

    synchronized NatRules nat() {
        if (nat == null) {
            nat = NatRules.detect(tableName());
        }
        return nat;
    }

    synchronized Links hostLinks() {
        if (hostLinks == null) {
            hostLinks = new Links(NetlinkSocket.open());
        }
        return hostLinks;
    }

    /**
     * {@code docker network create --subnet}: a network named {@code name} on {@code subnet}
     * (null: a free /24 of 10.231.0.0/16 is chosen).
     *
     * @throws IllegalArgumentException for an invalid name or subnet, or one that overlaps
     *         another network of this home
     * @throws IllegalStateException if the network exists
     */
    public NetworkRecord create(String name, String subnet) throws IOException {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
            throw new IllegalArgumentException("invalid network name \"" + name + "\": use letters, digits, '_', '.', '-'");
        }
        Subnet parsed = subnet == null ? null : Subnet.parse(subnet);
        try (StoreLock.Hold lock = store.lock()) {
            return createLocked(name, parsed);
        }
    }

    private NetworkRecord createLocked(String name, Subnet subnet) throws IOException {
        if (store.read(name).isPresent()) {
            throw new IllegalStateException("network " + name + " exists");
        }
        List<NetworkRecord> all = store.all();
        if (subnet != null) {
            for (NetworkRecord other : all) {
                if (other.parsedSubnet().overlaps(subnet)) {
                    throw new IllegalArgumentException("invalid subnet \"" + subnet + "\" for network " + name
                            + ": it overlaps network " + other.name() + " (" + other.subnet() + ")");
                }
            }
        }
        Subnet chosen = subnet != null ? subnet : freeSubnet(all, bridgeName(name));
        NetworkRecord r = new NetworkRecord(name, chosen.toString(), subnet == null, bridgeName(name), List.of());
        store.write(r);
        return r;
    }

    private Subnet freeSubnet(List<NetworkRecord> all, String bridge) throws IOException {
        HostRoutes routes = HostRoutes.read();
        for (int i = 0; i < 256; i++) {
            Subnet s = new Subnet(AUTO_BASE + (i << 8), 24);
            if (all.stream().noneMatch(n -> n.parsedSubnet().overlaps(s)) && routes.overlapping(s, bridge) == null) {
                return s;
            }
        }
        throw new IOException("no free /24 left in 10.231.0.0/16 for a network; give a subnet");
    }

    /** The network named {@code name}. */
    public Optional<NetworkRecord> find(String name) throws IOException {
        return store.read(name);
    }

    /** Every network of the home. */
    public List<NetworkRecord> list() throws IOException {
        return store.all();
    }

    /**
     * {@code docker network rm}.
     *
     * @throws IllegalStateException while containers are attached, naming them
     */
    public void remove(String name) throws IOException {
        try (StoreLock.Hold lock = store.lock()) {
            NetworkRecord r = store.read(name).orElseThrow(() -> new IllegalArgumentException("no network " + name));
            if (!r.endpoints().isEmpty()) {
                throw new IllegalStateException("network " + name + " has containers attached: "
                        + r.endpoints().stream().map(NetworkRecord.Endpoint::name).toList());
            }
            store.delete(name);
        }
    }

    /**
     * Attaches a container: for {@link NetworkMode#BRIDGE}, reserves the host ports, allocates
     * an address on {@code network} (the default network if null, created on first use), makes
     * the bridge if it is missing, rewrites the NAT rules and the hosts files of the network's
     * containers. The container's network namespace itself is made by
     * {@link Attachment#configure} just before launch. Undone entirely on failure.
     */
    public Attachment attach(NetworkMode mode, String network, List<String> aliases,
            List<NetworkRecord.PortMapping> ports, String containerId, String name, String hostname) throws IOException {
        Path etc = containers.resolve(containerId).resolve("etc");
        boolean rootless = !host.isRoot();
        if (mode == NetworkMode.BRIDGE && rootless && network == null) {
            mode = NetworkMode.SLIRP4NETNS; // podman's rootless "bridge": bridges and NAT rules need root
        }
        if (mode == NetworkMode.SLIRP4NETNS && network == null) {
            return attachSlirp(ports, containerId, etc);
        }
        if (mode != NetworkMode.BRIDGE && (!ports.isEmpty() || network != null)) {
            throw new IllegalArgumentException("network mode " + mode.name().toLowerCase(java.util.Locale.ROOT)
                    + " cannot " + (network != null ? "join network " + network : "publish ports " + ports)
                    + ": that needs network mode bridge");
        }
        if (mode == NetworkMode.NONE) {
            return new Attachment(this, mode, null, null, null);
        }
        if (mode == NetworkMode.HOST) {
            writeHostEtc(etc);
            return new Attachment(this, mode, null, null, null);
        }
        if (rootless) {
            throw new UnsupportedOperationException("network " + network + " needs root: veths, bridges and NAT rules"
                    + " are the host's; without root use network mode slirp4netns (publishing ports), none or host");
        }
        HostPorts reserved = HostPorts.reserve(ports);
        String net = network != null ? network : DEFAULT_NETWORK;
        try (StoreLock.Hold lock = store.lock()) {
            NetworkRecord r = store.read(net).orElse(null);
            if (r == null) {
                if (!net.equals(DEFAULT_NETWORK)) {
                    throw new IllegalArgumentException("no network " + network + ": create it with Berth.createNetwork");
                }
                r = createLocked(net, null);
            }
            if (r.endpoints().isEmpty()) {
                r = ensureBridge(r);
            }
            NetworkRecord.Endpoint e = new NetworkRecord.Endpoint(containerId, name, hostname, aliases,
                    allocate(r).getHostAddress(), vethName(containerId), reserved.mappings(), proxyPorts());
            NetworkRecord updated = r.withEndpoint(e);
            store.write(updated);
            Attachment a = new Attachment(this, mode, net, e, reserved);
            try {
                Files.writeString(etc.resolve("resolv.conf"), EtcFiles.resolvConf(EtcFiles.readHostResolvConf(
                        Path.of("/etc/resolv.conf"), Path.of("/run/systemd/resolve/resolv.conf")), false));
                applyNat();
                writeHosts(updated);
                if (e.proxied()) {
                    a.proxy(PortProxy.shared());
                }
            } catch (IOException | RuntimeException ex) {
                a.closeLocked(ex);
                throw ex;
            }
            return a;
        } catch (IOException | RuntimeException ex) {
            reserved.close();
            throw ex;
        }
    }

    /**
     * A container's own slirp4netns: checks that it can run, reserves the host ports (port 0:
     * a free one) and writes its resolv.conf; slirp4netns itself starts at the launch's network
     * gate ({@link Attachment#configure}).
     *
     * @throws UnsupportedOperationException naming why slirp4netns cannot run here
     */
    private Attachment attachSlirp(List<NetworkRecord.PortMapping> ports, String containerId, Path etc)
            throws IOException {
        Optional<String> refusal = RootlessNetwork.unavailable();
        if (refusal.isPresent()) {
            throw new UnsupportedOperationException((ports.isEmpty() ? "network mode slirp4netns"
                    : "publishing ports " + ports) + " is not possible: " + refusal.get());
        }
        Path program = RootlessNetwork.slirp4netns().orElseThrow();
        Files.writeString(etc.resolve("resolv.conf"), EtcFiles.resolvConf(EtcFiles.readHostResolvConf(
                Path.of("/etc/resolv.conf"), Path.of("/run/systemd/resolve/resolv.conf")), false));
        HostPorts reserved = HostPorts.reserve(ports);
        return Attachment.slirp(this, new SlirpNetwork(host.syscalls(), program, containers.resolve(containerId),
                slirpSocket(containerId), reserved));
    }

    /**
     * Where slirp4netns's API socket goes for a moment: the runtime directory (made, mode 0700,
     * if missing; not used when another user owns it) when its path fits a socket address (108
     * bytes), else the container's directory, else a directory of this user's in the temporary one.
     */
    Path slirpSocket(String containerId) {
        String name = "berth-slirp-" + containerId.substring(0, 12) + ".sock";
        Path containerDir = containers.resolve(containerId);
        List<Path> candidates = List.of(runtime.resolve(name), containerDir.resolve("slirp.sock"),
                Path.of(System.getProperty("java.io.tmpdir"), "berth-" + host.syscalls().geteuid(), name));
        for (Path p : candidates) {
            if (p.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8).length <= 100
                    && (p.getParent().equals(containerDir) || PrivateDirectories.ownRuntimeDirectory(p.getParent()))) {
                return p.toAbsolutePath();
            }
        }
        return Path.of("/tmp", name);
    }

    /**
     * The attachment of a container another JVM started, as the store records its endpoint
     * (mode none when it has none): its address and ports, and the detach at its removal. It
     * holds no host port: a reservation lives and dies with the JVM that made it.
     */
    public Attachment recorded(String containerId) throws IOException {
        for (NetworkRecord r : list()) {
            for (NetworkRecord.Endpoint e : r.endpoints()) {
                if (e.containerId().equals(containerId)) {
                    return new Attachment(this, NetworkMode.BRIDGE, r.name(), e, HostPorts.none());
                }
            }
        }
        var slirpPorts = SlirpNetwork.recordedPorts(containers.resolve(containerId));
        if (slirpPorts.isPresent()) {
            return Attachment.recordedSlirp(this, slirpPorts.get());
        }
        return new Attachment(this, NetworkMode.NONE, null, null, null);
    }

    /**
     * Whether published ports go through this JVM's {@link PortProxy} rather than DNAT: where
     * no NAT tool works, or when the system property {@value #PUBLISH_PROPERTY} is {@code proxy}.
     */
    private boolean proxyPorts() {
        return "proxy".equals(System.getProperty(PUBLISH_PROPERTY)) || nat() instanceof MissingNatRules;
    }

    private static void writeHostEtc(Path etc) throws IOException {
        // The host's own files: the container shares its network, so even loopback resolvers answer.
        for (String f : List.of("hosts", "resolv.conf")) {
            Path host = Path.of("/etc", f);
            Files.writeString(etc.resolve(f), Files.exists(host) ? Files.readString(host) : "");
        }
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

    /** Makes the network's bridge if it is missing (first endpoint); may move an automatic subnet off a taken one. */
    private NetworkRecord ensureBridge(NetworkRecord r) throws IOException {
        Links links = hostLinks();
        if (links.index(r.bridge()) >= 0) {
            return r;
        }
        HostRoutes routes = HostRoutes.read();
        String taken = routes.overlapping(r.parsedSubnet(), r.bridge());
        if (taken != null) {
            if (!r.autoSubnet()) {
                throw new IOException("network " + r.name() + ": subnet " + r.subnet() + " is already routed via "
                        + taken + " on this host");
            }
            String self = r.name();
            List<NetworkRecord> others = store.all().stream().filter(n -> !n.name().equals(self)).toList();
            r = r.withSubnet(freeSubnet(others, r.bridge()));
        }
        Subnet s = r.parsedSubnet();
        int index = links.createBridge(r.bridge(), routes.defaultMtu(), ALIAS_PREFIX + home + " network " + r.name());
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
        if (nat() instanceof MissingNatRules && !warnedNoNat) {
            warnedNoNat = true;
            LOG.warn("neither nft nor iptables works on this host: containers on bridge"
                    + " networks reach the host and each other, but nothing beyond the host, and ports cannot be published");
        }
        return r;
    }

    void applyNat() throws IOException {
        nat().apply(store.all());
    }

    /** Rewrites the hosts file of every container on the network, in place (it is bound into the container). */
    private void writeHosts(NetworkRecord r) throws IOException {
        for (NetworkRecord.Endpoint e : r.endpoints()) {
            List<ExtraHost> peers = new ArrayList<>();
            for (NetworkRecord.Endpoint p : r.endpoints()) {
                if (p != e) {
                    Set<String> names = new java.util.LinkedHashSet<>();
                    names.add(p.name());
                    names.add(p.hostname());
                    names.addAll(p.aliases());
                    names.forEach(n -> peers.add(new ExtraHost(n, p.address())));
                }
            }
            Path hosts = containers.resolve(e.containerId()).resolve("etc").resolve("hosts");
            if (Files.isDirectory(hosts.getParent())) {
                Files.writeString(hosts, EtcFiles.hosts(e.hostname(), Inet4Address.getByName(e.address()), peers));
            }
        }
    }

    /**
     * Detaches a container from every network it is on: deletes its veth (the container's end
     * goes with it), frees its address, rewrites the NAT rules and its peers' hosts files, and
     * deletes bridges left without endpoints. Used by {@link Attachment#close()} and for the
     * containers of dead JVMs.
     */
    public void release(String containerId) throws IOException {
        if (!Files.isDirectory(home.resolve("networks"))) {
            return; // no network was ever made in this home
        }
        try (StoreLock.Hold lock = store.lock()) {
            releaseLocked(Set.of(containerId));
        }
    }

    void releaseLocked(Set<String> containerIds) throws IOException {
        boolean changed = false;
        for (NetworkRecord r : store.all()) {
            NetworkRecord left = r;
            for (NetworkRecord.Endpoint e : r.endpoints()) {
                if (containerIds.contains(e.containerId())) {
                    hostLinks().delete(e.veth());
                    left = left.withoutEndpoint(e.containerId());
                }
            }
            if (left != r) {
                changed = true;
                store.write(left);
                writeHosts(left);
                if (left.endpoints().isEmpty()) {
                    hostLinks().delete(left.bridge());
                }
            }
        }
        if (changed) {
            applyNat();
        }
    }

    /**
     * What {@code Berth.open()} does for networking: detaches endpoints whose container no longer
     * {@code exists}, deletes bridges of this home's networks that have none, and bridges (with
     * their NAT tables) of homes that have been deleted.
     */
    public void recover(Predicate<String> exists) throws IOException {
        if (!host.isRoot()) {
            return; // only root makes bridges, and only root can remove them
        }
        boolean anyBridge = sweepBridgesOfDeletedHomes();
        if (!Files.isDirectory(home.resolve("networks")) && !anyBridge) {
            return;
        }
        try (StoreLock.Hold lock = store.lock()) {
            Set<String> gone = new HashSet<>();
            for (NetworkRecord r : store.all()) {
                r.endpoints().stream().map(NetworkRecord.Endpoint::containerId).filter(exists.negate()).forEach(gone::add);
            }
            releaseLocked(gone);
            for (NetworkRecord r : store.all()) {
                if (r.endpoints().isEmpty() && hostLinks().delete(r.bridge())) {
                    LOG.info("removed bridge {} left by a JVM that died", r.bridge());
                    applyNat();
                }
            }
        }
    }

    /** Deletes berth bridges whose alias names a home directory that no longer exists; whether any berth bridge exists. */
    private boolean sweepBridgesOfDeletedHomes() throws IOException {
        List<Path> links;
        try (Stream<Path> s = Files.list(Path.of("/sys/class/net"))) {
            links = s.filter(p -> p.getFileName().toString().startsWith("berth")).toList();
        }
        for (Path link : links) {
            String alias;
            try {
                alias = Files.readString(link.resolve("ifalias")).trim();
            } catch (NoSuchFileException e) {
                continue;
            }
            int net = alias.lastIndexOf(" network ");
            if (alias.startsWith(ALIAS_PREFIX) && net > 0) {
                Path owner = Path.of(alias.substring(ALIAS_PREFIX.length(), net));
                if (!Files.isDirectory(owner)) {
                    try {
                        hostLinks().delete(link.getFileName().toString());
                        NatRules.detect("berth_" + hash(owner.toString())).apply(List.of());
                        LOG.info("removed bridge {} of deleted home {}", link.getFileName(), owner);
                    } catch (IOException | RuntimeException e) {
                        LOG.warn("cannot remove bridge {} of deleted home {}", link.getFileName(), owner, e);
                    }
                }
            }
        }
        return !links.isEmpty();
    }
}
