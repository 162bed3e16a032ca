package dev.berth.network;

import dev.berth.NetworkMode;
import dev.berth.image.store.PrivateDirectories;
import dev.berth.namespaces.host.Host;
import dev.berth.overlayfs.store.StoreLock;
import dev.berth.namespaces.linux.NetlinkSocket;
import dev.berth.runtime.HostResolvConf;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
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
 * <p>Names: peers are written into each other's {@code /etc/hosts} (by container name, hostname,
 * short id and aliases), rewritten in place whenever a container joins, leaves or is renamed,
 * since the file is bound into the container ({@link PeerHosts} says why not a DNS server).
 */
public final class Networks {
    /**
     * The network of containers that publish ports or ask for {@link NetworkMode#BRIDGE} without
     * naming one: Docker's default {@code bridge}, made on first use, whose containers do not
     * resolve each other's names.
     */
    public static final String DEFAULT_NETWORK = "bridge";
    /** Candidate subnets for networks without a given one: 10.231.0.0/24, 10.231.1.0/24, ... */
    private static final long AUTO_BASE = 0x0ae70000L;
    /** Docker's default bridge subnets, 172.17.0.0/16 to 172.31.0.0/16, tried in order for the default network. */
    private static final long DOCKER_DEFAULT_BASE = 0xac110000L;
    /** The system property that forces the port proxy ({@code proxy}) even where DNAT works. */
    public static final String PUBLISH_PROPERTY = "berth.network.publish";
    private static final String ALIAS_PREFIX = "berth home ";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path home;
    private final Path containers;
    private final Host host;
    private final Path runtime;
    private final NetworkStore store;
    private final NetworkDriver none = new NoneDriver(this);
    private final NetworkDriver hostNetwork = new HostDriver(this);
    private final BridgeDriver bridge;
    private final NetworkDriver slirp;
    private final PeerHosts hosts;
    private final IdleBridges idle = new IdleBridges();
    private final AppliedNat appliedNat;
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
        this.bridge = new BridgeDriver(this, store, resolvConf);
        this.slirp = new SlirpDriver(this, containers, resolvConf);
        this.hosts = new PeerHosts(containers);
        this.appliedNat = new AppliedNat(home.resolve("networks"));
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
        return tableName(home); // not kept: hashing loads the security providers, which a listing need not
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
     * What {@code docker network create} may give beyond a name.
     *
     * @param subnet IPv4 CIDR, or null for a free /24 of 10.231.0.0/16
     * @param labels labels
     * @param options driver options, recorded
     * @param internal no outbound NAT and no published ports: the containers reach each other and the host only
     * @param attachable recorded for Docker's API
     */
    public record Spec(String subnet, Map<String, String> labels, Map<String, String> options, boolean internal,
            boolean attachable) {
        public Spec {
            labels = labels == null ? Map.of() : Map.copyOf(labels);
            options = options == null ? Map.of() : Map.copyOf(options);
        }
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
        return create(name, new Spec(subnet, Map.of(), Map.of(), false, false));
    }

    /** {@code docker network create} with labels, options and the internal flag (see {@link Spec}). */
    public NetworkRecord create(String name, Spec spec) throws IOException {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
            throw new IllegalArgumentException("invalid network name \"" + name + "\": use letters, digits, '_', '.', '-'");
        }
        Subnet parsed = spec.subnet() == null ? null : Subnet.parse(spec.subnet());
        try (StoreLock.Hold lock = store.lock()) {
            if (name.equals(DEFAULT_NETWORK)) {
                defaultNetworkLocked(); // so that creating "bridge" fails as in Docker: it exists
            }
            return createLocked(name, parsed, spec);
        }
    }

    NetworkRecord createLocked(String name, Subnet subnet, Spec spec) throws IOException {
        if (store.read(name).isPresent()) {
            throw new IllegalStateException("network with name " + name + " already exists");
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
        Subnet chosen = subnet != null ? subnet : freeSubnet(name, all, bridgeName(name));
        // The default network's subnet is Berth's choice too: it may move while the network is unused.
        boolean auto = subnet == null || name.equals(DEFAULT_NETWORK);
        NetworkRecord r = new NetworkRecord(name, chosen.toString(), auto, bridgeName(name), List.of(),
                HexFormat.of().formatHex(randomBytes()), Instant.now().toString(), spec.labels(), spec.options(),
                spec.internal(), spec.attachable());
        store.write(r);
        return r;
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return b;
    }

    /**
     * Docker's default network {@code bridge}, made if missing: on 172.17.0.0/16 as Docker's when
     * neither another network nor a host route uses it, else the next free one of
     * 172.18-31.0.0/16, else a free /24 of 10.231.0.0/16.
     */
    public NetworkRecord defaultNetwork() throws IOException {
        try (StoreLock.Hold lock = store.lock()) {
            return defaultNetworkLocked();
        }
    }

    NetworkRecord defaultNetworkLocked() throws IOException {
        Optional<NetworkRecord> existing = store.read(DEFAULT_NETWORK);
        if (existing.isPresent()) {
            return existing.get();
        }
        return createLocked(DEFAULT_NETWORK, null, new Spec(null, Map.of(), Map.of(), false, false));
    }

    /**
     * A subnet for network {@code name} that neither {@code all} nor a host route (other than
     * via {@code bridge}) uses: for the default network Docker's 172.17.0.0/16 or the next free
     * one up to 172.31.0.0/16; else, or when those are all taken, a /24 of 10.231.0.0/16.
     */
    Subnet freeSubnet(String name, List<NetworkRecord> all, String bridge) throws IOException {
        if (name.equals(DEFAULT_NETWORK)) {
            HostRoutes routes = HostRoutes.read();
            for (int i = 0; i < 15; i++) {
                Subnet s = new Subnet(DOCKER_DEFAULT_BASE + ((long) i << 16), 16);
                if (all.stream().noneMatch(n -> n.parsedSubnet().overlaps(s)) && routes.overlapping(s, bridge) == null) {
                    return s;
                }
            }
        }
        return freeSubnet(all, bridge);
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

    /**
     * The network {@code idOrName} names: its full id, its name, or a prefix of the id that only
     * it has, as Docker looks networks up. The default network is made when first looked up, as
     * Docker's always exists.
     *
     * @throws IllegalArgumentException when the prefix names several networks
     */
    public Optional<NetworkRecord> find(String idOrName) throws IOException {
        if (idOrName.equals(DEFAULT_NETWORK)) {
            return Optional.of(defaultNetwork());
        }
        List<NetworkRecord> all = list();
        Optional<NetworkRecord> exact = all.stream().filter(r -> r.id().equals(idOrName)).findFirst()
                .or(() -> all.stream().filter(r -> r.name().equals(idOrName)).findFirst());
        if (exact.isPresent() || idOrName.isEmpty()) {
            return exact;
        }
        List<NetworkRecord> prefixed = all.stream().filter(r -> r.id().startsWith(idOrName)).toList();
        if (prefixed.size() > 1) {
            throw new IllegalArgumentException("network " + idOrName + " is ambiguous (" + prefixed.size()
                    + " matches found based on ID prefix)");
        }
        return prefixed.stream().findFirst();
    }

    /** Every network of the home, the default one included (made if missing). */
    public List<NetworkRecord> list() throws IOException {
        if (store.read(DEFAULT_NETWORK).isEmpty()) {
            defaultNetwork();
        }
        return store.all();
    }

    /**
     * {@code docker network rm} of the network {@code idOrName} names (see {@link #find}).
     *
     * @throws IllegalArgumentException if there is none
     * @throws IllegalStateException while containers are attached, naming them, or for the
     *         default network, which cannot be removed
     */
    public void remove(String idOrName) throws IOException {
        String name = find(idOrName).orElseThrow(() -> new IllegalArgumentException("no network " + idOrName)).name();
        if (name.equals(DEFAULT_NETWORK)) {
            throw new IllegalStateException(DEFAULT_NETWORK + " is a pre-defined network and cannot be removed");
        }
        try (StoreLock.Hold lock = store.lock()) {
            NetworkRecord r = store.read(name).orElseThrow(() -> new IllegalArgumentException("no network " + idOrName));
            if (!r.endpoints().isEmpty()) {
                throw new IllegalStateException("error while removing network: network " + name + " id " + r.id()
                        + " has active endpoints (" + String.join(", ", r.endpoints().stream()
                                .map(NetworkRecord.Endpoint::name).toList()) + ")");
            }
            store.delete(name);
            deleteIdleBridgeLocked(name);
        }
    }

    /**
     * {@code docker network prune}: removes the networks without containers that {@code which}
     * selects (never the default one); their names.
     */
    public List<String> prune(Predicate<NetworkRecord> which) throws IOException {
        List<String> removed = new ArrayList<>();
        try (StoreLock.Hold lock = store.lock()) {
            for (NetworkRecord r : store.all()) {
                if (!r.name().equals(DEFAULT_NETWORK) && r.endpoints().isEmpty() && which.test(r)) {
                    store.delete(r.name());
                    deleteIdleBridgeLocked(r.name());
                    removed.add(r.name());
                }
            }
        }
        return removed;
    }

    private volatile Boolean netAdmin;

    /** Whether this process has CAP_NET_ADMIN, read once from /proc/self/status. */
    private boolean netAdmin() {
        Boolean b = netAdmin;
        if (b == null) {
            b = dev.berth.host.ContainerHost.effective(dev.berth.host.HostFiles.system(),
                    dev.berth.namespaces.launch.Capability.NET_ADMIN);
            netAdmin = b;
        }
        return b;
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
        Path dir = containers.resolve(containerId);
        return attach(mode, new NetworkDriver.Request(network, aliases, ports, containerId, name, hostname, dir,
                dir.resolve("etc")));
    }

    /**
     * A build step's place on the default bridge (docker build's RUN network): an endpoint named
     * by {@code stepId} (64 hex digits) whose resolv.conf is written to {@code directory/etc},
     * with no ports and no names; without root, its own slirp4netns, as podman's rootless build.
     * The caller closes it when the step ends; should its JVM die first, {@link #recover} frees it
     * once the predicate that {@code Berth.open()} gives no longer finds the step's scratch
     * directory (see {@code BuildScratch#holdsEndpoint}).
     */
    public Attachment attachBuildStep(String stepId, Path directory) throws IOException {
        Files.createDirectories(directory.resolve("etc"));
        return attach(NetworkMode.BRIDGE, new NetworkDriver.Request(null, List.of(), List.of(), stepId,
                "build-" + stepId.substring(0, 12), "buildkitsandbox", directory, directory.resolve("etc")));
    }

    private Attachment attach(NetworkMode mode, NetworkDriver.Request request) throws IOException {
        String network = request.network();
        List<NetworkRecord.PortMapping> ports = request.ports();
        // root without CAP_NET_ADMIN (an unprivileged pod) can make no bridge either
        boolean rootless = !host.isRoot() || !netAdmin();
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
            throw new UnsupportedOperationException("network " + network + " needs root with CAP_NET_ADMIN: veths, bridges and NAT"
                    + " rules are the host's; without them use network mode slirp4netns (publishing ports), none or host");
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
     * holds no socket on its host ports: the store's record of them is their reservation.
     */
    public Attachment recorded(String containerId) throws IOException {
        for (NetworkRecord r : store.all()) {
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
     * At a start: reserves again the host ports {@code containerId} asked for on {@code network}
     * if an exit released them (null when it holds them already), and rewrites the NAT rules.
     */
    HostPorts reservePorts(String network, String containerId) throws IOException {
        try (StoreLock.Hold lock = store.lock()) {
            NetworkRecord r = store.read(network).orElseThrow(() -> new IOException("network " + network + " is gone"));
            HostPorts held = bridge.reserveLocked(r, containerId);
            if (held != null) {
                try {
                    applyNat();
                } catch (IOException | RuntimeException e) {
                    held.close();
                    releaseLocked(containerId, store.read(network).flatMap(n -> endpointOf(n, containerId))
                            .map(NetworkRecord.Endpoint::portLease).orElse(""));
                    throw e;
                }
            }
            return held;
        }
    }

    /**
     * When a run has exited: frees the host ports {@code containerId} holds under reservation
     * {@code lease} (a later run's reservation stays), and rewrites the NAT rules, as dockerd
     * releases a container's ports when it stops. The endpoint, its address and its names stay.
     */
    void releasePorts(String containerId, String lease) throws IOException {
        if (lease.isEmpty() || !Files.isDirectory(home.resolve("networks"))) {
            return;
        }
        try (StoreLock.Hold lock = store.lock()) {
            releaseLocked(containerId, lease);
        }
    }

    private void releaseLocked(String containerId, String lease) throws IOException {
        boolean changed = false;
        for (NetworkRecord r : store.all()) {
            if (r.endpoints().stream().anyMatch(e -> e.containerId().equals(containerId) && !e.ports().isEmpty()
                    && e.portLease().equals(lease))) {
                store.write(r.withEndpoints(r.endpoints().stream().map(e -> e.containerId().equals(containerId)
                        ? e.withPorts(List.of(), "") : e).toList()));
                changed = true;
            }
        }
        if (changed) {
            applyNat();
        }
    }

    /**
     * Whether container {@code containerId} has stopped since {@code sinceMillis} (epoch ms) with
     * its host ports still recorded: its state says it exited after then, or says it runs while
     * its process is gone. A container being started again (its exit older than its new
     * reservation), or one this JVM cannot tell about, has not.
     */
    boolean stoppedSince(String containerId, long sinceMillis) {
        try {
            var recorded = dev.berth.runtime.ContainerDirectory.of(containers, containerId).readState();
            if (recorded.isEmpty()) {
                return false;
            }
            var state = recorded.get().state();
            if (state.status() == dev.berth.ContainerState.Status.RUNNING) {
                return recorded.get().process().map(p -> !p.isAlive()).orElse(false);
            }
            return state.status() == dev.berth.ContainerState.Status.EXITED && state.finishedAt() != null
                    && state.finishedAt().toEpochMilli() >= sinceMillis;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The store's record of {@code containerId}'s endpoint on {@code r}. */
    static Optional<NetworkRecord.Endpoint> endpointOf(NetworkRecord r, String containerId) {
        return r.endpoints().stream().filter(e -> e.containerId().equals(containerId)).findFirst();
    }

    /**
     * Whether published ports go through this JVM's {@link PortProxy} rather than DNAT: where
     * no NAT tool works, or when the system property {@value #PUBLISH_PROPERTY} is {@code proxy}.
     */
    boolean proxyPorts() {
        return "proxy".equals(System.getProperty(PUBLISH_PROPERTY)) || nat() instanceof MissingNatRules;
    }

    /** Rewrites the home's NAT rules from the store, unless they are those in force already ({@link AppliedNat}). The caller holds the lock. */
    void applyNat() throws IOException {
        List<NetworkRecord> all = store.all();
        Set<String> kept = idle.networks();
        String inputs = AppliedNat.inputs(all, kept);
        if (appliedNat.current(inputs)) {
            return;
        }
        try {
            nat().apply(all, kept);
        } catch (IOException | RuntimeException e) {
            appliedNat.forget();
            throw e;
        }
        appliedNat.applied(inputs);
    }

    /**
     * After the last endpoint of {@code left} has gone (the caller holds the lock and applies the
     * NAT rules after): its bridge is kept idle for the next container ({@link IdleBridges}), or
     * deleted now.
     */
    private void leftEmptyLocked(NetworkRecord left, boolean keepIdle) {
        String name = left.name();
        if (!keepIdle || !idle.keep(name, left.bridge(), () -> expireIdle(name))) {
            idle.remove(name);
            hostLinks().delete(left.bridge());
        }
    }

    /** The timer's: deletes {@code network}'s idle bridge once it has been idle long enough, unless it is in use again. */
    private void expireIdle(String network) {
        try (StoreLock.Hold lock = store.lock()) {
            IdleBridges.Idle i = idle.get(network);
            if (i == null) {
                return; // deleted, or taken by close, meanwhile
            }
            long wait = idle.remaining(i);
            if (wait > 0) {
                idle.schedule(() -> expireIdle(network), wait); // it was used and left again since
                return;
            }
            idle.remove(network);
            deleteUnusedBridgeLocked(i.bridge());
        } catch (IOException | RuntimeException e) {
            LoggerFactory.getLogger(Networks.class).warn("cannot delete the idle bridge of network {}"
                    + " (the next Berth.open() on {} does)", network, home, e);
        }
    }

    /** Keeps {@code network}'s bridge idle no longer (its caller deletes it and rewrites the rules); whether it was. The caller holds the lock. */
    boolean forgetIdleLocked(String network) {
        return idle.remove(network) != null;
    }

    /** The network {@code name} is removed from the store: its idle bridge goes now. The caller holds the lock. */
    private void deleteIdleBridgeLocked(String name) throws IOException {
        IdleBridges.Idle i = idle.remove(name);
        if (i != null) {
            deleteUnusedBridgeLocked(i.bridge());
        }
    }

    /** Deletes {@code bridge}, its NAT rules first, unless an endpoint in the store uses it again. The caller holds the lock. */
    private void deleteUnusedBridgeLocked(String bridge) throws IOException {
        if (store.all().stream().anyMatch(n -> n.bridge().equals(bridge) && !n.endpoints().isEmpty())) {
            return; // a container (of this JVM or another) joined its network meanwhile
        }
        applyNat(); // without its rules: they go before the bridge, as they came after it
        hostLinks().delete(bridge);
    }

    /**
     * Deletes every bridge kept idle and keeps none from now on: {@code Berth.close()} and the
     * JVM's exit, so that nothing idle outlives the JVM that kept it.
     */
    public void closeIdleBridges() {
        Map<String, IdleBridges.Idle> all = idle.close(); // none is kept after this
        if (all.isEmpty()) {
            return;
        }
        try (StoreLock.Hold lock = store.lock()) {
            for (IdleBridges.Idle i : all.values()) {
                deleteUnusedBridgeLocked(i.bridge()); // unless a container joined its network meanwhile
            }
        } catch (IOException | RuntimeException e) {
            LoggerFactory.getLogger(Networks.class).warn("cannot delete the idle bridges of {} (the next Berth.open() on it does)",
                    home, e);
        }
    }

    /** The gateway of network {@code idOrName} (its bridge's address), if there is such a network. */
    public Optional<java.net.Inet4Address> gateway(String idOrName) throws IOException {
        return find(idOrName).map(r -> r.parsedSubnet().gateway());
    }

    /** Rewrites the hosts file of container {@code containerId} from the networks' records (after its --add-host lines are kept). */
    public void rewriteHosts(String containerId) throws IOException {
        try (StoreLock.Hold lock = store.lock()) {
            hosts.write(Set.of(containerId), store.all());
        }
    }

    /** Rewrites the hosts files of every container on {@code r} (see {@link PeerHosts}). */
    void writeHosts(NetworkRecord r) throws IOException {
        Set<String> ids = new java.util.HashSet<>();
        r.endpoints().forEach(e -> ids.add(e.containerId()));
        hosts.write(ids, store.all());
    }

    /** The hosts file writer. */
    PeerHosts hosts() {
        return hosts;
    }

    /**
     * {@code docker network connect}: puts the container on network {@code idOrName} too, with
     * {@code aliases}; when it runs ({@code netns}: its network namespace, else null) the new
     * interface appears in it at once, else at its next start. Its peers there, and it, resolve
     * each other's names from then on.
     *
     * @throws IllegalArgumentException if there is no such network
     * @throws IllegalStateException if the container is on it already
     */
    public NetworkRecord.Endpoint connect(String idOrName, String containerId, String name, String hostname,
            List<String> aliases, dev.berth.namespaces.Namespace netns) throws IOException {
        String net = find(idOrName).orElseThrow(() -> new IllegalArgumentException("no network " + idOrName)).name();
        try (StoreLock.Hold lock = store.lock()) {
            NetworkRecord r = store.read(net).orElseThrow(() -> new IllegalArgumentException("no network " + idOrName));
            return bridge.connectLocked(r, containerId, name, hostname, aliases, netns);
        }
    }

    /**
     * {@code docker network disconnect}: takes the container off network {@code idOrName}: its
     * interface there goes (with the veth), its address is freed, its peers forget its names.
     *
     * @throws IllegalArgumentException if there is no such network
     * @throws IllegalStateException if the container is not on it
     */
    public void disconnect(String idOrName, String containerId) throws IOException {
        String net = find(idOrName).orElseThrow(() -> new IllegalArgumentException("no network " + idOrName)).name();
        try (StoreLock.Hold lock = store.lock()) {
            NetworkRecord r = store.read(net).orElseThrow(() -> new IllegalArgumentException("no network " + idOrName));
            NetworkRecord.Endpoint e = r.endpoints().stream().filter(x -> x.containerId().equals(containerId)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("container " + containerId + " is not connected to network " + net));
            hostLinks().delete(e.veth());
            NetworkRecord left = r.withoutEndpoint(containerId);
            store.write(left);
            if (left.endpoints().isEmpty()) {
                leftEmptyLocked(left, true);
            }
            applyNat();
            Set<String> ids = new java.util.HashSet<>(Set.of(containerId));
            left.endpoints().forEach(x -> ids.add(x.containerId()));
            hosts.write(ids, store.all());
        }
    }

    /** The networks the container is on, the one it started on (its {@code eth0}) first. */
    public List<NetworkRecord> networksOf(String containerId) throws IOException {
        List<NetworkRecord> on = new ArrayList<>();
        if (!Files.isDirectory(home.resolve("networks"))) {
            return on;
        }
        for (NetworkRecord r : store.all()) {
            r.endpoints().stream().filter(e -> e.containerId().equals(containerId)).findFirst().ifPresent(e -> {
                if (e.ifname().equals("eth0")) {
                    on.add(0, r);
                } else {
                    on.add(r);
                }
            });
        }
        return on;
    }

    /**
     * After {@code docker rename}: the container's endpoints carry its new name, and every peer's
     * hosts file resolves the new name instead of the old one.
     */
    public void renamed(String containerId, String newName) throws IOException {
        if (!Files.isDirectory(home.resolve("networks"))) {
            return;
        }
        try (StoreLock.Hold lock = store.lock()) {
            Set<String> ids = new java.util.HashSet<>();
            for (NetworkRecord r : store.all()) {
                if (r.endpoints().stream().anyMatch(e -> e.containerId().equals(containerId))) {
                    NetworkRecord updated = r.withEndpoints(r.endpoints().stream()
                            .map(e -> e.containerId().equals(containerId) ? e.withName(newName) : e).toList());
                    store.write(updated);
                    updated.endpoints().forEach(e -> ids.add(e.containerId()));
                }
            }
            hosts.write(ids, store.all());
        }
    }

    /**
     * Adds the interfaces of the networks the container was connected to besides {@code own} to
     * its namespace about to launch ({@code inside}, {@code nsFd}); the first of them gets the
     * default route when {@code defaultRoute} (it has left its own network).
     */
    void configureConnected(String containerId, String own, Links inside, int nsFd, boolean defaultRoute) throws IOException {
        boolean route = defaultRoute;
        for (NetworkRecord r : store.all()) {
            if (r.name().equals(own)) {
                continue;
            }
            for (NetworkRecord.Endpoint e : r.endpoints()) {
                if (e.containerId().equals(containerId)) {
                    if (hostLinks().index(r.bridge()) < 0) {
                        try (StoreLock.Hold lock = store.lock()) {
                            r = bridge.ensureBridgeLocked(r);
                        }
                    }
                    EndpointSetup.configure(hostLinks(), inside, nsFd, r, e, route);
                    route = false;
                }
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
            releaseLocked(Set.of(containerId), true);
        }
    }

    /** Detaches {@code containerIds}, deleting a bridge left without endpoints at once (failures, recovery). */
    void releaseLocked(Set<String> containerIds) throws IOException {
        releaseLocked(containerIds, false);
    }

    /** Detaches {@code containerIds}; a bridge left without endpoints is kept idle when {@code keepIdle} ({@link IdleBridges}). */
    void releaseLocked(Set<String> containerIds, boolean keepIdle) throws IOException {
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
                    leftEmptyLocked(left, keepIdle);
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
