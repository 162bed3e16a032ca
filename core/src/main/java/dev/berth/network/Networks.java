package dev.berth.network;

import dev.berth.NetworkMode;
import dev.berth.image.store.PrivateDirectories;
import dev.berth.namespaces.host.Host;
import dev.berth.overlayfs.store.StoreLock;
import dev.berth.namespaces.linux.NetlinkSocket;
import dev.berth.runtime.EtcFiles;
import dev.berth.runtime.ExtraHost;
import dev.berth.runtime.HostResolvConf;
import java.io.IOException;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

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

    private final Path home;
    private final Path containers;
    private final Host host;
    private final Path runtime;
    private final NetworkStore store;
    private final String hash;
    private final NetworkDriver none = new NoneDriver(this);
    private final NetworkDriver hostNetwork = new HostDriver(this);
    private final NetworkDriver bridge;
    private final NetworkDriver slirp;
    private NatRules nat;
    private Links hostLinks;

    /**
     * The networks of {@code home}, whose containers live in {@code containers/ID/}; sockets that
     * live only while a container starts go to {@code runtime} (the user's runtime directory).
     */
    public Networks(Host host, Path home, Path containers, Path runtime) {
        this(host, home, containers, runtime, HostResolvConf.system());
    }

    /** As above, containers' resolvers read from {@code resolvConf}. */
    public Networks(Host host, Path home, Path containers, Path runtime, HostResolvConf resolvConf) {
        this.host = host;
        this.home = home.toAbsolutePath().normalize();
        this.containers = containers;
        this.runtime = runtime;
        this.store = new NetworkStore(home.resolve("networks"));
        this.hash = hash(this.home.toString());
        this.bridge = new BridgeDriver(this, store, resolvConf);
        this.slirp = new SlirpDriver(this, containers, resolvConf);
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

    /** The NAT table of the networks of {@code home}. */
    static String tableName(Path home) {
        return "berth_" + hash(home.toString());
    }

    /** The alias of the bridge of network {@code name}: it names the home, for {@link NetworkRecovery}. */
    String bridgeAlias(String name) {
        return ALIAS_PREFIX + home + " network " + name;
    }

    /** The home a berth bridge's alias names, or null for an alias of another form. */
    static Path homeOfBridgeAlias(String alias) {
        int net = alias.lastIndexOf(" network ");
        return alias.startsWith(ALIAS_PREFIX) && net > 0 ? Path.of(alias.substring(ALIAS_PREFIX.length(), net)) : null;
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

    NetworkRecord createLocked(String name, Subnet subnet) throws IOException {
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

    Subnet freeSubnet(List<NetworkRecord> all, String bridge) throws IOException {
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
     * Attaches a container through the driver of its mode ({@link NetworkDriver}): for
     * {@link NetworkMode#BRIDGE}, an address on {@code network} (the default network if null) and
     * the host ports published. Without root, bridge on no named network is slirp4netns, as
     * podman's rootless bridge. The container's network namespace itself is made by
     * {@link Attachment#configure} just before launch. Undone entirely on failure.
     */
    public Attachment attach(NetworkMode mode, String network, List<String> aliases,
            List<NetworkRecord.PortMapping> ports, String containerId, String name, String hostname) throws IOException {
        NetworkDriver.Request request = new NetworkDriver.Request(network, aliases, ports, containerId, name, hostname,
                containers.resolve(containerId).resolve("etc"));
        boolean rootless = !host.isRoot();
        if (mode == NetworkMode.BRIDGE && rootless && network == null) {
            mode = NetworkMode.SLIRP4NETNS; // podman's rootless "bridge": bridges and NAT rules need root
        }
        if (mode == NetworkMode.SLIRP4NETNS && network == null) {
            return slirp.attach(request);
        }
        if (mode != NetworkMode.BRIDGE && (!ports.isEmpty() || network != null)) {
            throw new IllegalArgumentException("network mode " + mode.name().toLowerCase(java.util.Locale.ROOT)
                    + " cannot " + (network != null ? "join network " + network : "publish ports " + ports)
                    + ": that needs network mode bridge");
        }
        if (mode == NetworkMode.BRIDGE && rootless) {
            throw new UnsupportedOperationException("network " + network + " needs root: veths, bridges and NAT rules"
                    + " are the host's; without root use network mode slirp4netns (publishing ports), none or host");
        }
        return (mode == NetworkMode.NONE ? none : mode == NetworkMode.HOST ? hostNetwork : bridge).attach(request);
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
    boolean proxyPorts() {
        return "proxy".equals(System.getProperty(PUBLISH_PROPERTY)) || nat() instanceof MissingNatRules;
    }

    void applyNat() throws IOException {
        nat().apply(store.all());
    }

    /** Rewrites the hosts file of every container on the network, in place (it is bound into the container). */
    void writeHosts(NetworkRecord r) throws IOException {
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
     * What {@code Berth.open()} does for networking (see {@link NetworkRecovery}): detaches
     * endpoints whose container no longer {@code exists}, deletes bridges of this home's networks
     * that have none, and bridges (with their NAT tables) of homes that have been deleted.
     */
    public void recover(Predicate<String> exists) throws IOException {
        if (!host.isRoot()) {
            return; // only root makes bridges, and only root can remove them
        }
        new NetworkRecovery(this, store, home).recover(exists);
    }
}
