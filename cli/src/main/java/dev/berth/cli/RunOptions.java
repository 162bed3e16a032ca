package dev.berth.cli;

import dev.berth.Berth;
import dev.berth.ContainerBuilder;
import dev.berth.NetworkMode;
import dev.berth.Protocol;
import dev.berth.log.LogOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The options of {@code docker run} that shape a container
 * (<a href="https://docs.docker.com/reference/cli/docker/container/run/">docker run</a>), and how
 * each maps onto {@link ContainerBuilder}.
 */
final class RunOptions {
    @Option(names = "--name", description = "Assign a name to the container")
    String name;

    @Option(names = {"-e", "--env"}, paramLabel = "KEY[=VALUE]", description = "Set an environment variable (KEY alone takes the host's value)")
    List<String> env = new ArrayList<>();

    @Option(names = {"-v", "--volume"}, paramLabel = "SRC:DST[:ro]",
            description = "Bind a host path (absolute or ./relative) or a named volume")
    List<String> volumes = new ArrayList<>();

    @Option(names = "--tmpfs", paramLabel = "PATH", description = "Mount a tmpfs")
    List<String> tmpfs = new ArrayList<>();

    @Option(names = "--device", paramLabel = "HOST[:CONTAINER[:PERMS]]",
            description = "Add a host device to the container (PERMS: r, w, m; default rwm)")
    List<String> devices = new ArrayList<>();

    @Option(names = {"-p", "--publish"}, paramLabel = "[[IP:]HOST:]CONTAINER[/udp]", description = "Publish a container's port to the host")
    List<String> publish = new ArrayList<>();

    @Option(names = {"-P", "--publish-all"}, description = "Publish all exposed ports to random ports")
    boolean publishAll;

    @Option(names = "--network-alias", paramLabel = "ALIAS", description = "Another name on the container's network")
    List<String> networkAliases = new ArrayList<>();


    @Option(names = "--network", paramLabel = "MODE|NAME", description = "none, host, bridge, slirp4netns, or a network's name")
    String network;

    @Option(names = {"-m", "--memory"}, paramLabel = "BYTES", description = "Memory limit (e.g. 64m, 1g)")
    String memory;

    @Option(names = "--cpus", description = "Number of CPUs (e.g. 0.5)")
    Double cpus;

    @Option(names = "--pids-limit", description = "Tune the container's pids limit")
    Long pidsLimit;

    @Option(names = {"-u", "--user"}, paramLabel = "USER[:GROUP]", description = "Username or UID")
    String user;

    @Option(names = {"-w", "--workdir"}, paramLabel = "DIR", description = "Working directory inside the container")
    String workdir;

    @Option(names = "--hostname", description = "Container host name")
    String hostname;

    @Option(names = "--entrypoint", description = "Overwrite the default ENTRYPOINT of the image")
    String entrypoint;

    @Option(names = "--init", description = "Run an init inside the container that forwards signals and reaps processes; without it the command is PID 1, as in docker")
    boolean init;

    @Option(names = "--read-only", description = "Mount the container's root filesystem as read only")
    boolean readOnly;

    @Option(names = "--log-opt", paramLabel = "KEY=VALUE",
            description = "Log option: max-size=SIZE (e.g. 10m) and max-file=N; default max-size=20m, max-file=5")
    List<String> logOptions = new ArrayList<>();

    @Option(names = {"-l", "--label"}, paramLabel = "KEY=VALUE", description = "Set metadata on a container")
    List<String> labels = new ArrayList<>();

    @Option(names = "--env-file", paramLabel = "FILE", description = "Read in a file of environment variables")
    List<Path> envFiles = new ArrayList<>();

    @Option(names = "--cap-add", paramLabel = "CAP", description = "Add Linux capabilities")
    List<String> capAdd = new ArrayList<>();

    @Option(names = "--cap-drop", paramLabel = "CAP", description = "Drop Linux capabilities")
    List<String> capDrop = new ArrayList<>();

    @Option(names = "--stop-signal", paramLabel = "SIGNAL", description = "Signal to stop the container")
    String stopSignal;

    @Option(names = "--ulimit", paramLabel = "NAME=SOFT[:HARD]", description = "Ulimit options (e.g. nofile=1024:2048)")
    List<String> ulimits = new ArrayList<>();

    @Option(names = "--restart", paramLabel = "POLICY", description = "Restart policy: no, always, unless-stopped, on-failure[:N]")
    String restart;

    @Option(names = "--add-host", paramLabel = "HOST:IP", description = "Add a custom host-to-IP mapping (host:ip; ip host-gateway for the host)")
    List<String> addHosts = new ArrayList<>();

    @Option(names = "--dns", paramLabel = "IP", description = "Set custom DNS servers")
    List<String> dns = new ArrayList<>();

    @Option(names = "--dns-search", paramLabel = "DOMAIN", description = "Set custom DNS search domains")
    List<String> dnsSearch = new ArrayList<>();

    @Option(names = {"--dns-option", "--dns-opt"}, paramLabel = "OPTION", description = "Set DNS options")
    List<String> dnsOptions = new ArrayList<>();

    @Option(names = "--mount", paramLabel = "type=TYPE,source=SRC,target=DST[,readonly]",
            description = "Attach a filesystem mount to the container (type bind, volume or tmpfs)")
    List<String> mounts = new ArrayList<>();

    @Option(names = "--pull", paramLabel = "POLICY", defaultValue = "missing",
            description = "Pull image before running (\"always\", \"missing\", \"never\") (default \"missing\")")
    String pull = "missing"; // also the default where DirectVerbs reads run's line without picocli

    @Option(names = "--platform", paramLabel = "OS/ARCH", description = "Set platform if server is multi-platform capable (this host's only)")
    String platform;

    @Option(names = "--privileged", description = "Give extended privileges to this container (refused: see the reason)")
    boolean privileged;

    /**
     * What docker checks before it makes anything: {@code --privileged} (refused), {@code --pull}
     * and {@code --platform}, then the image as the pull policy has it ({@link ImagePolicy}).
     */
    void prepareImage(Berth berth, String image) throws java.io.IOException {
        if (privileged) {
            // Berth's launch always masks /proc's and /sys's sensitive paths, filters syscalls and
            // confines devices; lifting all of that for one container is not something it can do safely.
            throw new UnsupportedOperationException("--privileged: Berth does not run privileged containers (its launch"
                    + " keeps seccomp, the masked /proc and /sys paths and the device rules for every container);"
                    + " add the capabilities the container needs with --cap-add and its devices with --device");
        }
        ImagePolicy.prepare(berth, image, pull, platform);
    }

    /** A builder for {@code image} with these options and {@code command} (empty for the image's). */
    ContainerBuilder<?> builder(Berth berth, String image, List<String> command) throws java.io.IOException {
        ContainerBuilder<?> b = berth.container(image);
        if (network != null) {
            switch (network) {
                case "none" -> b.networkMode(NetworkMode.NONE);
                case "host" -> b.networkMode(NetworkMode.HOST);
                case "bridge" -> b.networkMode(NetworkMode.BRIDGE);
                case "slirp4netns" -> b.networkMode(NetworkMode.SLIRP4NETNS);
                default -> b.network(network);
            }
        }
        publish.forEach(p -> publish(b, p));
        if (publishAll) {
            // -P: each port the image exposes, on a free port of every host address
            for (String port : berth.images().find(image).map(dev.berth.Image::exposedPorts).orElse(java.util.Set.of())) {
                publish(b, port.contains("/") ? port : port + "/tcp");
            }
        }
        networkAliases.forEach(b::networkAlias);
        if (name != null) {
            b.name(name);
        }
        List<String> variables = new ArrayList<>();
        for (Path f : envFiles) {
            variables.addAll(EnvFile.read(f));
        }
        variables.addAll(env);
        for (String e : variables) {
            int eq = e.indexOf('=');
            if (eq > 0) {
                b.env(e.substring(0, eq), e.substring(eq + 1));
            } else if (System.getenv(e) != null) {
                b.env(e, System.getenv(e));
            }
        }
        volumes.forEach(v -> volume(b, v));
        mounts.forEach(m -> MountOption.apply(b, m));
        for (String h : addHosts) {
            try {
                b.extraHost(h);
            } catch (IllegalArgumentException e) {
                throw new FlagError("--add-host", h, e.getMessage(), e);
            }
        }
        for (String d : dns) {
            try {
                b.dns(d);
            } catch (IllegalArgumentException e) {
                throw new FlagError("--dns", d, e.getMessage(), e);
            }
        }
        dnsSearch.forEach(b::dnsSearch);
        dnsOptions.forEach(b::dnsOption);
        tmpfs.forEach(b::tmpfs);
        devices.forEach(b::device);
        if (memory != null) {
            b.memory(bytes(memory));
        }
        if (cpus != null) {
            b.cpus(cpus);
        }
        if (pidsLimit != null) {
            b.pids(pidsLimit);
        }
        if (user != null) {
            b.user(user);
        }
        if (workdir != null) {
            b.workdir(workdir);
        }
        if (hostname != null) {
            b.hostname(hostname);
        }
        // docker's default: the command is PID 1 (and ignores SIGTERM unless it handles it);
        // the Java API's own default is Berth's init.
        b.init(init);
        b.readOnlyRoot(readOnly);
        LogOptions log = LogOptions.DEFAULT;
        for (String o : logOptions) {
            log = log.with(o);
        }
        b.logOptions(log);
        for (String l : labels) {
            int eq = l.indexOf('=');
            b.label(eq < 0 ? l : l.substring(0, eq), eq < 0 ? "" : l.substring(eq + 1));
        }
        capAdd.forEach(b::capAdd);
        capDrop.forEach(b::capDrop);
        if (stopSignal != null) {
            b.stopSignal(stopSignal);
        }
        ulimits.forEach(u -> ulimit(b, u));
        if (restart != null) {
            b.restartPolicy(dev.berth.RestartPolicy.parse(restart));
        }
        if (entrypoint != null) {
            b.entrypoint(entrypoint.isEmpty() ? new String[0] : new String[] {entrypoint});
        }
        if (!command.isEmpty()) {
            b.command(command.toArray(String[]::new));
        }
        return b;
    }

    /** {@code -p [[IP:]HOST:]CONTAINER[/tcp|udp]}: on that IPv4 address of the host only, or on every address. */
    private static void publish(ContainerBuilder<?> b, String spec) {
        var m = java.util.regex.Pattern.compile("(?:(?:([0-9.]+):)?([0-9]*):)?([0-9]+)(?:/(tcp|udp))?").matcher(spec);
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid port mapping \"" + spec + "\": expected [[IP:]HOST:]CONTAINER[/tcp|udp]");
        }
        int host = m.group(2) == null || m.group(2).isEmpty() ? 0 : Integer.parseInt(m.group(2));
        b.publish(m.group(1) == null ? "" : m.group(1), host, Integer.parseInt(m.group(3)),
                "udp".equals(m.group(4)) ? Protocol.UDP : Protocol.TCP);
    }

    private static void volume(ContainerBuilder<?> b, String spec) {
        String[] parts = spec.split(":");
        if (parts.length < 2 || parts.length > 3 || (parts.length == 3 && !parts[2].matches("ro|rw"))) {
            throw new IllegalArgumentException("invalid volume \"" + spec + "\": expected SRC:DST[:ro|rw]");
        }
        boolean readOnly = parts.length == 3 && parts[2].equals("ro");
        if (parts[0].startsWith("/") || parts[0].startsWith(".")) {
            b.bind(Path.of(parts[0]), parts[1], readOnly);
        } else {
            if (readOnly) {
                throw new IllegalArgumentException("invalid volume \"" + spec + "\": named volumes are read-write");
            }
            b.volume(parts[0], parts[1]);
        }
    }

    /** {@code --ulimit NAME=SOFT[:HARD]}, as docker's: one number sets both. */
    private static void ulimit(ContainerBuilder<?> b, String spec) {
        var m = java.util.regex.Pattern.compile("([a-z]+)=(-?[0-9]+)(?::(-?[0-9]+))?").matcher(spec);
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid argument \"" + spec + "\" for \"--ulimit\" flag: expected NAME=SOFT[:HARD]");
        }
        long soft = Long.parseLong(m.group(2));
        long hard = m.group(3) == null ? soft : Long.parseLong(m.group(3));
        if (soft > hard) {
            throw new IllegalArgumentException("invalid argument \"" + spec + "\" for \"--ulimit\" flag: ulimit soft limit must be less than"
                    + " or equal to hard limit: " + soft + " > " + hard);
        }
        b.ulimit(m.group(1), soft, hard);
    }

    /** Docker's byte sizes: a number with an optional b, k, m or g suffix. */
    static long bytes(String size) {
        String s = size.strip().toLowerCase(Locale.ROOT);
        var m = java.util.regex.Pattern.compile("([0-9]+)([bkmg]?)b?").matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid size \"" + size + "\": expected a number with b, k, m or g");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "k" -> n << 10;
            case "m" -> n << 20;
            case "g" -> n << 30;
            default -> n;
        };
    }
}
