package dev.berth;

import dev.berth.network.NetworkRecord;
import dev.berth.runtime.ContainerConfig;
import dev.berth.runtime.DeviceRequest;
import dev.berth.log.LogOptions;
import dev.berth.wait.WaitStrategy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The options of a container to start from an image, set fluently and self-typed so that
 * subclasses for particular services keep their own type through the chain, as Testcontainers'
 * {@code GenericContainer<SELF>} does
 * (<a href="https://java.testcontainers.org/features/creating_container/">creating a container</a>).
 * Each option follows its {@code docker run} flag
 * (<a href="https://docs.docker.com/reference/cli/docker/container/run/">docker run</a>); what
 * is not set comes from the image's config. Made by {@link Berth#container(String)}.
 *
 * <p>A builder for a particular service subclasses it, as Testcontainers' modules subclass
 * {@code GenericContainer}: its constructor calls {@code super(berth, image)}, it sets its
 * defaults in {@link #configure()}, and it prepares the started service (a schema, a user) in
 * {@link #containerIsStarted(Container)}.
 *
 * @param <SELF> the concrete builder type
 */
public class ContainerBuilder<SELF extends ContainerBuilder<SELF>> {
    final Berth berth;
    final String image;
    String name;
    final Map<String, String> env = new LinkedHashMap<>();
    List<String> entrypoint;
    List<String> command = List.of();
    String workdir;
    String user;
    String hostname;
    String stopSignal;
    HealthConfig healthcheck;
    final Map<String, String> labels = new LinkedHashMap<>();
    final List<ContainerConfig.Bind> binds = new ArrayList<>();
    final Map<String, String> volumes = new LinkedHashMap<>();
    /** The container paths of {@link #volumes} mounted read-only. */
    final java.util.Set<String> readOnlyVolumes = new java.util.HashSet<>();
    final List<String> tmpfs = new ArrayList<>();
    final List<ContainerConfig.Device> devices = new ArrayList<>();
    long memoryBytes;
    double cpus;
    long pids;
    final List<ContainerConfig.Ulimit> ulimits = new ArrayList<>();
    // Unlike docker run, on by default: see init(boolean).
    boolean init = true;
    boolean readOnlyRoot;
    boolean detached;
    boolean autoRemove;
    boolean tty;
    LogOptions logOptions = LogOptions.DEFAULT;
    boolean terminal;
    boolean stdin;
    boolean stdinOnce;
    AttachStreams attachStreams = AttachStreams.NONE;
    RestartPolicy restartPolicy = RestartPolicy.NO;
    boolean attach;
    final List<String> capAdd = new ArrayList<>();
    final List<String> capDrop = new ArrayList<>();
    WaitStrategy waitStrategy;
    NetworkMode networkMode;
    String network;
    final List<String> networkAliases = new ArrayList<>();
    final List<NetworkRecord.PortMapping> published = new ArrayList<>();
    /** {@code --add-host} values as given ({@code name:ip}, {@code name:host-gateway}). */
    final List<String> extraHosts = new ArrayList<>();
    final List<String> dns = new ArrayList<>();
    final List<String> dnsSearch = new ArrayList<>();
    final List<String> dnsOptions = new ArrayList<>();
    private boolean configured;

    /** A builder for a container of {@code image} (a reference or digest in {@code berth}'s store). */
    protected ContainerBuilder(Berth berth, String image) {
        this.berth = Objects.requireNonNull(berth, "berth");
        this.image = Objects.requireNonNull(image, "image");
    }

    @SuppressWarnings("unchecked")
    protected final SELF self() {
        return (SELF) this;
    }

    /** The Berth the container will run on. */
    protected final Berth berth() {
        return berth;
    }

    /** The image as given: a reference, a digest or an image ID in the store. */
    protected final String image() {
        return image;
    }

    /**
     * Called once, at the first {@link #start()}, before anything is created: a subclass sets
     * its defaults here (command, environment, ports, wait strategy), after the caller's own
     * settings, as Testcontainers' {@code configure()}. Does nothing by default.
     */
    protected void configure() {
    }

    /**
     * Called when the container has started and its wait strategy has passed, before
     * {@link #start()} returns it, as Testcontainers' {@code containerIsStarted}. If it throws,
     * the container is stopped and removed and {@link #start()} throws a
     * {@link ContainerException} naming this step. Does nothing by default.
     *
     * @throws Exception anything the preparation of the service throws
     */
    protected void containerIsStarted(Container container) throws Exception {
    }

    /** {@code --name}: letters, digits, '_', '.' and '-'. */
    public SELF name(String name) {
        checkName(name);
        this.name = name;
        return self();
    }

    /** Docker's rule for container names; {@code "/name"} is not taken (the API's leading slash is the caller's to strip). */
    static void checkName(String name) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")) {
            throw new IllegalArgumentException("invalid container name \"" + name
                    + "\": only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }
    }

    /** {@code -e NAME=value}, over the image's Env. */
    public SELF env(String name, String value) {
        env.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
        return self();
    }

    /** The arguments after the image in {@code docker run}: replaces the image's Cmd. */
    public SELF command(String... command) {
        this.command = List.copyOf(Arrays.asList(command));
        return self();
    }

    /** {@code --entrypoint}: replaces the image's Entrypoint and drops its Cmd; none clears it. */
    public SELF entrypoint(String... entrypoint) {
        this.entrypoint = List.copyOf(Arrays.asList(entrypoint));
        return self();
    }

    /** {@code -w}: made if missing. */
    public SELF workdir(String dir) {
        this.workdir = Objects.requireNonNull(dir);
        return self();
    }

    /** {@code -u}: name, uid, name:group or uid:gid, resolved against the image's passwd and group. */
    public SELF user(String user) {
        this.user = Objects.requireNonNull(user);
        return self();
    }

    /** {@code -h}; the first 12 digits of the id by default, as in Docker. */
    public SELF hostname(String hostname) {
        this.hostname = Objects.requireNonNull(hostname);
        return self();
    }

    /**
     * {@code docker run --health-cmd ...}: the container's health check, over the image's (what
     * it leaves unset is the image's); {@link HealthConfig#none()} turns the image's off. Probes
     * run in this JVM while the container runs; see {@link Container#health()}.
     */
    public SELF healthcheck(HealthConfig check) {
        this.healthcheck = Objects.requireNonNull(check, "check");
        return self();
    }

    /** {@code --stop-signal}, over the image's StopSignal. */
    public SELF stopSignal(String signal) {
        this.stopSignal = Objects.requireNonNull(signal);
        return self();
    }

    /** {@code --label}, over the image's Labels. */
    public SELF label(String key, String value) {
        labels.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
        return self();
    }

    /** {@code -v hostPath:containerPath[:ro]}. */
    public SELF bind(Path hostPath, String containerPath, boolean readOnly) {
        binds.add(new ContainerConfig.Bind(hostPath.toAbsolutePath().toString(), containerPath, readOnly));
        return self();
    }

    /**
     * {@code -v NAME:containerPath}: a named volume, the directory {@code volumes/NAME/_data}
     * under the Berth home, made on first use and kept after the container is removed, so the
     * next container given the same name sees what this one wrote. Unlike Docker, a new volume
     * starts empty: the image's files at the path are not copied into it. It is the volume
     * {@link Berth#volumes()} lists, created (without labels) if missing.
     */
    public SELF volume(String name, String containerPath) {
        return volume(name, containerPath, false);
    }

    /**
     * {@code -v NAME:containerPath[:ro]}: {@link #volume(String, String)}, read-only when
     * {@code readOnly} (the volume's directory is bound read-only, as {@link #bind} does).
     */
    public SELF volume(String name, String containerPath, boolean readOnly) {
        volumes.put(Objects.requireNonNull(containerPath), dev.berth.volume.VolumeStore.checkName(name));
        if (readOnly) {
            readOnlyVolumes.add(containerPath);
        } else {
            readOnlyVolumes.remove(containerPath);
        }
        return self();
    }

    /**
     * {@code --device HOST[:CONTAINER[:PERMS]]}: the host's device node appears in the container
     * (at the host path unless CONTAINER is given) and the container's device policy lets it be
     * used with PERMS, a combination of r, w and m (default rwm). Every other device stays denied,
     * as in Docker. Without root the host's node is bound in instead, and its own mode decides.
     *
     * @throws IllegalArgumentException naming the device when the path is not a character or
     *     block device or the permissions are not of r, w and m
     */
    public SELF device(String spec) {
        devices.add(DeviceRequest.parse(Objects.requireNonNull(spec, "spec")));
        return self();
    }

    /** As {@link #device(String)}, with the parts given apart. */
    public SELF device(Path hostPath, String containerPath, String permissions) {
        devices.add(DeviceRequest.resolve(hostPath.toString(), Objects.requireNonNull(containerPath, "containerPath"),
                Objects.requireNonNull(permissions, "permissions")));
        return self();
    }

    /**
     * {@code --add-host name:ip} (or {@code name=ip}): a line of the container's
     * {@code /etc/hosts}, before its own name, as Docker writes it. The address
     * {@code host-gateway} stands for the host as the container reaches it: its bridge's
     * gateway, or slirp4netns's 10.0.2.2; a container without either (network none or host) is
     * refused at create, naming the value.
     *
     * @throws IllegalArgumentException naming the value when it is not {@code name:ip}
     */
    public SELF extraHost(String spec) {
        dev.berth.runtime.ExtraHosts.check(Objects.requireNonNull(spec, "spec"));
        extraHosts.add(spec);
        return self();
    }

    /**
     * {@code --dns}: the container's nameservers, in place of the host's (as Docker's
     * {@code /etc/resolv.conf} for it).
     *
     * @throws IllegalArgumentException naming the value when it is not an IP address
     */
    public SELF dns(String address) {
        dns.add(dev.berth.runtime.DnsOverrides.checkNameserver(Objects.requireNonNull(address, "address")));
        return self();
    }

    /** {@code --dns-search}: the container's search domains, in place of the host's; {@code "."} leaves none. */
    public SELF dnsSearch(String domain) {
        dnsSearch.add(dev.berth.runtime.DnsOverrides.checkWord(Objects.requireNonNull(domain, "domain"), "DNS search domain"));
        return self();
    }

    /** {@code --dns-option}: the container's resolver options, in place of the host's. */
    public SELF dnsOption(String option) {
        dnsOptions.add(dev.berth.runtime.DnsOverrides.checkWord(Objects.requireNonNull(option, "option"), "DNS option"));
        return self();
    }

    /** {@code --tmpfs path}: a world-writable tmpfs, noexec, nosuid, nodev. */
    public SELF tmpfs(String path) {
        tmpfs.add(Objects.requireNonNull(path));
        return self();
    }

    /** {@code --tmpfs path:size=N}: as {@link #tmpfs(String)}, holding at most {@code sizeBytes}. */
    public SELF tmpfs(String path, long sizeBytes) {
        if (sizeBytes <= 0) {
            throw new IllegalArgumentException("tmpfs size of " + path + " must be positive: " + sizeBytes);
        }
        tmpfs.add(Objects.requireNonNull(path) + ":size=" + sizeBytes);
        return self();
    }

    /**
     * {@code --memory}, in bytes (swap is not allowed beyond it): at least 6 MB, as dockerd
     * allows (0: no limit).
     *
     * @throws IllegalArgumentException below that, with dockerd's message
     */
    public SELF memory(long bytes) {
        this.memoryBytes = LimitRanges.memory(bytes);
        return self();
    }

    /**
     * {@code --cpus}: CPU bandwidth as a number of CPUs, from 0.01 to the CPUs this JVM may use
     * (0: no limit), as dockerd allows.
     *
     * @throws IllegalArgumentException outside that range, with dockerd's message
     */
    public SELF cpus(double cpus) {
        this.cpus = LimitRanges.cpus(cpus, Runtime.getRuntime().availableProcessors());
        return self();
    }

    /** {@code --pids-limit}. */
    public SELF pids(long max) {
        this.pids = max;
        return self();
    }

    /** {@code --ulimit name=soft:hard}, e.g. {@code ulimit("nofile", 1024, 1024)}. */
    public SELF ulimit(String name, long soft, long hard) {
        ulimits.removeIf(u -> u.name().equalsIgnoreCase(name));
        ulimits.add(new ContainerConfig.Ulimit(name, soft, hard));
        return self();
    }

    /**
     * {@code --cap-add}: capabilities the container's root gets beyond the default set (see
     * {@link dev.berth.runtime.ContainerCapabilities}), such as {@code NET_ADMIN}; {@code ALL} for every one.
     */
    public SELF capAdd(String... capabilities) {
        capAdd.addAll(Arrays.asList(capabilities));
        return self();
    }

    /** {@code --cap-drop}: capabilities taken from the container's root; {@code ALL} for every one. */
    public SELF capDrop(String... capabilities) {
        capDrop.addAll(Arrays.asList(capabilities));
        return self();
    }

    /**
     * {@code --init}: Berth's minimal init is the container's PID 1; it starts the command as
     * PID 2, forwards signals to it and reaps orphaned zombies, as docker-init (tini) does.
     *
     * <p><b>On by default in this Java API, unlike {@code docker run}</b>: a PID 1 without a
     * handler ignores {@code SIGTERM}, so without the init every {@link Container#stop} of such
     * a command would take its whole grace period and end in {@code SIGKILL}, and nothing would
     * reap orphaned zombies. {@code init(false)} makes the command PID 1, as docker's default
     * is; the {@code berth} command and the Docker Engine API ({@code HostConfig.Init}) follow
     * docker and pass {@code false} unless {@code --init} is given.
     */
    public SELF init(boolean on) {
        this.init = on;
        return self();
    }

    /** {@code --read-only}. */
    public SELF readOnlyRoot(boolean on) {
        this.readOnlyRoot = on;
        return self();
    }

    /**
     * {@code docker run -d}: the container outlives {@link Container#close()}, its
     * {@link Berth} and this JVM. Its stage-1 helper then stays beside it, writing its log and,
     * at the end, its exit status, as conmon does for podman; another JVM finds it with
     * {@link Berth#findContainer} and can follow its logs, exec into it, stop and remove it.
     */
    public SELF detached(boolean on) {
        this.detached = on;
        return self();
    }

    /**
     * {@code docker run --rm}: the container is removed once it has exited, by the first
     * {@link Berth} that sees it exit: the one that started it, as soon as it exits, or, for a
     * {@link #detached} container whose JVM has gone, the next one opened on the store or asked
     * for its containers (there is no daemon to do it at once). Its logs go with it.
     */
    public SELF autoRemove(boolean on) {
        this.autoRemove = on;
        return self();
    }

    /**
     * {@code docker run --log-opt max-size=N --log-opt max-file=M}: how big its log may grow;
     * the default, {@link LogOptions#DEFAULT}, keeps 5 files of 20 MiB, as Docker's {@code local}
     * driver. Kept with the container, so that every JVM reads the same files.
     */
    public SELF logOptions(LogOptions options) {
        this.logOptions = Objects.requireNonNull(options, "options");
        return self();
    }

    /**
     * {@code --log-opt max-size}: the largest size of one log file, in bytes (see {@link #logOptions}).
     *
     * @throws IllegalArgumentException if {@code bytes} is not positive
     */
    public SELF logMaxSize(long bytes) {
        return logOptions(logOptions.withMaxSize(bytes));
    }

    /**
     * {@code --log-opt max-file}: how many log files are kept, the current one included (see {@link #logOptions}).
     *
     * @throws IllegalArgumentException if {@code files} is less than 1
     */
    public SELF logMaxFiles(int files) {
        return logOptions(logOptions.withMaxFiles(files));
    }

    /**
     * {@code docker run -dt}: a {@link #detached} container whose stdin, stdout and stderr are a
     * pseudo-terminal that its stage-1 helper makes and reads, so the command sees a terminal
     * (24x80) and what it writes is logged as stdout. An attached container gets a terminal the
     * caller holds with {@link #terminal(boolean)} instead.
     */
    public SELF tty(boolean on) {
        this.tty = on;
        return self();
    }

    /**
     * {@code -t}: the main process's stdin, stdout and stderr are a new pseudo-terminal of the
     * container's own {@code /dev/pts} (made inside the container, as runc and crun make a
     * console; {@code tty} there prints {@code /dev/pts/0}), its controlling terminal, so Ctrl-C
     * and window-size changes on the master reach it; TERM=xterm is set unless the environment
     * sets TERM. The caller reads and writes the master, {@link Container#terminal()}. The log
     * stays empty. A {@link Container#restart} makes a new terminal. Not for a
     * {@link #detached} container, whose output its stage-1 helper logs ({@link #tty}).
     */
    public SELF terminal(boolean on) {
        this.terminal = on;
        return self();
    }

    /**
     * {@code docker run} without {@code -d} for a {@link #detached} container: this JVM also gets
     * the container's stdout and stderr, every byte as the container writes it, through
     * {@link Container#attachedOutput()}, while its stage-1 helper writes the log as for any
     * detached container. What is read there does not go through the log, so a full disk or a
     * rotation loses none of it. Read both streams (or close them): as with a {@link Process},
     * output not read holds the container back once a pipe is full. Closing them, or this JVM
     * ending, detaches: the container runs on, logged. Not kept across {@link Container#restart}.
     */
    public SELF attach(boolean on) {
        this.attach = on;
        return self();
    }

    /**
     * {@code -i} (Docker's OpenStdin): stdin is a pipe, written through {@link Container#stdin()}
     * or an attach. The pipe's writing end is held by the JVM that starts the
     * container: when it ends, the container's stdin ends too.
     */
    public SELF stdin(boolean on) {
        this.stdin = on;
        return self();
    }

    /**
     * Docker's StdinOnce ({@code docker run -i} without {@code -d}): the container's stdin is
     * closed when the first attach that writes it closes its side, so the command sees the end
     * of its input. Without it, stdin stays open for the next attach.
     */
    public SELF stdinOnce(boolean on) {
        this.stdinOnce = on;
        return self();
    }

    /**
     * Records which streams a client attaches to ({@code docker run} in the foreground: stdout
     * and stderr, with {@code -i} stdin too), for {@code docker inspect}'s
     * {@code Config.AttachStdin/AttachStdout/AttachStderr}; it changes nothing at run time.
     */
    public SELF attachStreams(AttachStreams streams) {
        this.attachStreams = java.util.Objects.requireNonNull(streams, "streams");
        return self();
    }

    /**
     * {@code --restart}: when the container is started again after it exits; see
     * {@link RestartPolicy} for who applies it, there being no daemon. Not with
     * {@link #autoRemove(boolean)}.
     */
    public SELF restartPolicy(RestartPolicy policy) {
        this.restartPolicy = Objects.requireNonNull(policy, "policy");
        return self();
    }

    /**
     * {@code --network none|host|bridge|slirp4netns}. Without it: {@link NetworkMode#BRIDGE} when
     * ports are published or a network is named, else {@link NetworkMode#NONE}. Without root,
     * bridge without a named network is {@link NetworkMode#SLIRP4NETNS}, as in podman.
     */
    public SELF networkMode(NetworkMode mode) {
        this.networkMode = Objects.requireNonNull(mode);
        return self();
    }

    /** {@code --network NAME}: a bridge network made with {@link Berth#createNetwork(String, String)}. */
    public SELF network(String name) {
        this.network = Objects.requireNonNull(name);
        return self();
    }

    /** {@code --network-alias}: another name the container has for its network's other containers. */
    public SELF networkAlias(String alias) {
        if (!alias.matches("[A-Za-z0-9]([A-Za-z0-9.-]{0,62}[A-Za-z0-9])?")) {
            throw new IllegalArgumentException("invalid network alias \"" + alias + "\"");
        }
        networkAliases.add(alias);
        return self();
    }

    /** {@code -p containerPort}: TCP, on a free host port that {@link Container#mappedPort(int)} tells. */
    public SELF publish(int containerPort) {
        return publish(0, containerPort, Protocol.TCP);
    }

    /** {@code -p hostPort:containerPort} over TCP; the start fails, naming the port, if it is in use. */
    public SELF publish(int hostPort, int containerPort) {
        return publish(hostPort, containerPort, Protocol.TCP);
    }

    /** {@code -p containerPort/udp} and the like, on a free host port. */
    public SELF publish(int containerPort, Protocol protocol) {
        return publish(0, containerPort, protocol);
    }

    /** {@code -p hostPort:containerPort/protocol}, on every address of the host; host port 0 picks a free one. */
    public SELF publish(int hostPort, int containerPort, Protocol protocol) {
        return publish("", hostPort, containerPort, protocol);
    }

    /**
     * {@code -p hostIp:hostPort:containerPort/protocol}: published on the host's address
     * {@code hostIp} only (an IPv4 address of this host, e.g. {@code 127.0.0.1} to keep it off the
     * network), or on every address when it is empty or {@code 0.0.0.0}; host port 0 picks a free
     * one. The same host port may be published on two different addresses, as in Docker.
     *
     * @throws IllegalArgumentException naming the address when it is not an IPv4 address
     */
    public SELF publish(String hostIp, int hostPort, int containerPort, Protocol protocol) {
        if (hostPort < 0 || hostPort > 65535 || containerPort < 1 || containerPort > 65535) {
            throw new IllegalArgumentException("invalid port mapping " + hostPort + ":" + containerPort
                    + ": ports are 1 to 65535 (host port 0: any free one)");
        }
        String ip = Objects.requireNonNull(hostIp, "hostIp").strip();
        if (!ip.isEmpty() && !ip.matches("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}")) {
            throw new IllegalArgumentException("invalid host address \"" + hostIp + "\" of port mapping " + hostPort + ":"
                    + containerPort + ": an IPv4 address of this host, or empty for every address");
        }
        published.add(new NetworkRecord.PortMapping(protocol.name().toLowerCase(Locale.ROOT), hostPort, containerPort, ip));
        return self();
    }

    /** The mode in effect: the one set, else bridge when publishing or naming a network. */
    NetworkMode effectiveNetworkMode() {
        if (networkMode != null) {
            return networkMode;
        }
        return published.isEmpty() && network == null ? NetworkMode.NONE : NetworkMode.BRIDGE;
    }

    /** Waits for readiness before {@link #start()} returns; on failure the container is removed. */
    public SELF waitingFor(WaitStrategy strategy) {
        this.waitStrategy = Objects.requireNonNull(strategy);
        return self();
    }

    /**
     * {@code docker create}: makes the container without starting it: its directory, root,
     * config, name, network address and host ports, and records it as
     * {@linkplain ContainerState.Status#CREATED created}, so that every JVM on the home lists it
     * and can {@link Container#start() start} it. Nothing is launched, and neither the wait
     * strategy nor {@link #containerIsStarted} is applied. A container that is not detached is
     * removed when its {@link Berth} closes, started or not.
     *
     * @throws ContainerException naming the failing step; a failed create leaves nothing behind
     * @throws ContainerNameConflictException when another container has the name
     */
    public Container create() {
        if (!configured) {
            configured = true;
            configure();
        }
        return ContainerStart.create(this);
    }

    /**
     * Creates and starts the container, then applies the wait strategy.
     *
     * @throws ContainerException naming the failing step; a failed start leaves nothing behind
     */
    public Container start() {
        if (!configured) {
            configured = true;
            configure();
        }
        Container c = ContainerStart.start(this);
        try {
            containerIsStarted(c);
        } catch (Exception e) {
            try {
                c.stop();
                c.remove();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw new ContainerException(c.name(), image, "containerIsStarted", e);
        }
        return c;
    }

    /** The builder {@link Berth#container(String)} returns. */
    static final class Generic extends ContainerBuilder<Generic> {
        Generic(Berth berth, String image) {
            super(berth, image);
        }
    }
}
