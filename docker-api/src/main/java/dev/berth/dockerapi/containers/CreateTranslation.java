package dev.berth.dockerapi.containers;

import dev.berth.NetworkMode;
import dev.berth.Protocol;
import dev.berth.dockerapi.http.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads Docker's create body ({@link CreateBody}) into a {@link ContainerPlan}, as dockerd reads
 * {@code Config}, {@code HostConfig} and {@code NetworkingConfig}
 * (<a href="https://docs.docker.com/reference/api/engine/version/v1.45/#tag/Container/operation/ContainerCreate">ContainerCreate</a>).
 * Pure: what it needs of the image and the store comes in as arguments. What Berth cannot do
 * (privileged containers, another container's network, volumes-from) is refused with a 400 that
 * names the field, rather than silently left out.
 */
final class CreateTranslation {
    private static final Set<String> LOG_DRIVERS = Set.of("", "json-file", "local");

    private CreateTranslation() {
    }

    /**
     * The plan for {@code body}.
     *
     * @param name the {@code name} query parameter (a leading {@code /} allowed), or null
     * @param imageExposedPorts the image's ExposedPorts ({@code 8080/tcp}), published too under PublishAllPorts
     * @param anonymousVolume makes the name of a new anonymous volume
     */
    static ContainerPlan translate(CreateBody body, String name, Set<String> imageExposedPorts, Supplier<String> anonymousVolume) {
        if (body == null) {
            throw ApiException.badRequest("config cannot be empty in order to create a container");
        }
        if (body.image() == null || body.image().isBlank()) {
            throw ApiException.badRequest("no image given: Config.Image is required");
        }
        CreateBody.HostConfig host = body.hostConfig() != null ? body.hostConfig()
                : new CreateBody.HostConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                        null, null, null, null, null, null, null, null, null, null, null, null, null);
        refuseUnsupported(host);

        List<ContainerPlan.Bind> binds = new ArrayList<>();
        Map<String, String> volumes = new LinkedHashMap<>();
        Set<String> readOnlyVolumes = new LinkedHashSet<>();
        List<ContainerPlan.Tmpfs> tmpfs = new ArrayList<>();
        for (String bind : list(host.binds())) {
            bind(bind, binds, volumes, readOnlyVolumes, anonymousVolume);
        }
        for (CreateBody.Mount m : list(host.mounts())) {
            mount(m, binds, volumes, readOnlyVolumes, tmpfs, anonymousVolume);
        }
        map(host.tmpfs()).forEach((path, options) -> tmpfs.add(new ContainerPlan.Tmpfs(path, tmpfsSize(path, options))));
        // Config.Volumes: an anonymous volume at each path nothing else is mounted on.
        Set<String> mounted = new LinkedHashSet<>();
        binds.forEach(b -> mounted.add(b.containerPath()));
        mounted.addAll(volumes.keySet());
        tmpfs.forEach(t -> mounted.add(t.path()));
        for (String path : map(body.volumes()).keySet()) {
            if (!mounted.contains(path)) {
                volumes.put(path, anonymousVolume.get());
            }
        }

        Network network = network(host.networkMode(), body.networkingConfig());
        List<ContainerPlan.Port> ports = ports(host, body.exposedPorts(), imageExposedPorts, network.mode());

        return new ContainerPlan(body.image(), containerName(name), env(body.env()), body.cmd() == null || body.cmd().isEmpty() ? null : body.cmd(),
                entrypoint(body.entrypoint()), blankToNull(body.workingDir()), blankToNull(body.user()), blankToNull(body.hostname()),
                map(body.labels()), blankToNull(body.stopSignal()), bool(body.tty()), bool(body.openStdin()), bool(body.stdinOnce()),
                binds, volumes, tmpfs, positive(host.memory()), cpus(host), host.pidsLimit() == null || host.pidsLimit() <= 0 ? 0 : host.pidsLimit(),
                list(host.capAdd()), list(host.capDrop()), bool(host.readonlyRootfs()), bool(host.autoRemove()), host.init(),
                ulimits(host.ulimits()), devices(host.devices()), restartPolicy(host.restartPolicy(), bool(host.autoRemove())),
                healthcheck(body.healthcheck()), logMaxSize(host.logConfig()), logMaxFiles(host.logConfig()),
                network.mode(), network.name(), network.aliases(), network.others(), ports, readOnlyVolumes);
    }

    private static void refuseUnsupported(CreateBody.HostConfig host) {
        if (bool(host.privileged())) {
            throw ApiException.badRequest("HostConfig.Privileged: Berth does not run privileged containers;"
                    + " add the capabilities the container needs with CapAdd, and its devices with Devices");
        }
        if (!list(host.volumesFrom()).isEmpty()) {
            throw ApiException.badRequest("HostConfig.VolumesFrom " + host.volumesFrom() + ": Berth does not share"
                    + " another container's volumes; mount the same named volume in both");
        }
        String driver = host.logConfig() == null || host.logConfig().type() == null ? "" : host.logConfig().type();
        if (!LOG_DRIVERS.contains(driver)) {
            throw ApiException.badRequest("HostConfig.LogConfig.Type \"" + driver + "\": Berth keeps every container's log"
                    + " in its own files (as json-file and local); other log drivers are not supported");
        }
    }

    /** Docker's name rule, with the API's optional leading slash. */
    static String containerName(String name) {
        if (name == null || name.isEmpty()) {
            return null;
        }
        String n = name.startsWith("/") ? name.substring(1) : name;
        if (!n.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]*") || n.length() > 128) {
            throw ApiException.badRequest("Invalid container name (" + name + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }
        return n;
    }

    /** {@code NAME=value} pairs; a bare {@code NAME} (unset in the client's environment) is left out, as dockerd does. */
    private static Map<String, String> env(List<String> env) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String e : list(env)) {
            int eq = e.indexOf('=');
            if (eq > 0) {
                out.put(e.substring(0, eq), e.substring(eq + 1));
            } else if (eq == 0) {
                throw ApiException.badRequest("invalid environment variable \"" + e + "\": the name is empty");
            }
        }
        return out;
    }

    /** Null keeps the image's; {@code []} or {@code [""]} clears it, as {@code --entrypoint ""}. */
    private static List<String> entrypoint(List<String> entrypoint) {
        if (entrypoint == null) {
            return null;
        }
        if (entrypoint.isEmpty() || entrypoint.size() == 1 && entrypoint.get(0).isEmpty()) {
            return List.of();
        }
        return entrypoint;
    }

    /** {@code -v SOURCE:DEST[:OPTIONS]}: SOURCE absolute is a host path, else a volume's name; a lone DEST an anonymous volume. */
    private static void bind(String spec, List<ContainerPlan.Bind> binds, Map<String, String> volumes, Set<String> readOnlyVolumes,
            Supplier<String> anonymous) {
        String[] parts = spec.split(":", -1);
        if (parts.length == 1) {
            volumes.put(absolute(parts[0], "HostConfig.Binds " + spec), anonymous.get());
            return;
        }
        if (parts.length > 3 || parts[0].isEmpty()) {
            throw ApiException.badRequest("invalid volume specification: '" + spec + "'");
        }
        String dest = absolute(parts[1], "invalid volume specification: '" + spec + "'");
        boolean readOnly = false;
        if (parts.length == 3) {
            for (String option : parts[2].split(",")) {
                switch (option) {
                    case "ro" -> readOnly = true;
                    // SELinux labels, propagation and copy modes: nothing to do for Berth's mounts.
                    case "rw", "z", "Z", "private", "rprivate", "slave", "rslave", "shared", "rshared", "nocopy", "copy", "" -> { }
                    default -> throw ApiException.badRequest("invalid mode: " + option + " in volume specification '" + spec + "'");
                }
            }
        }
        if (parts[0].startsWith("/")) {
            binds.add(new ContainerPlan.Bind(parts[0], dest, readOnly));
        } else {
            volume(parts[0], dest, readOnly, volumes, readOnlyVolumes);
        }
    }

    private static void mount(CreateBody.Mount m, List<ContainerPlan.Bind> binds, Map<String, String> volumes,
            Set<String> readOnlyVolumes, List<ContainerPlan.Tmpfs> tmpfs, Supplier<String> anonymous) {
        String type = m.type() == null ? "volume" : m.type().toLowerCase(Locale.ROOT);
        String target = absolute(m.target(), "HostConfig.Mounts: Target");
        switch (type) {
            case "bind" -> {
                if (m.source() == null || !m.source().startsWith("/")) {
                    throw ApiException.badRequest("HostConfig.Mounts: the Source of a bind mount must be an absolute host path, not \""
                            + m.source() + "\"");
                }
                binds.add(new ContainerPlan.Bind(m.source(), target, bool(m.readOnly())));
            }
            case "volume" -> volume(m.source() == null || m.source().isEmpty() ? anonymous.get() : m.source(), target,
                    bool(m.readOnly()), volumes, readOnlyVolumes);
            case "tmpfs" -> tmpfs.add(new ContainerPlan.Tmpfs(target,
                    m.tmpfsOptions() == null || m.tmpfsOptions().sizeBytes() == null ? 0 : Math.max(0, m.tmpfsOptions().sizeBytes())));
            default -> throw ApiException.badRequest("HostConfig.Mounts: mount type \"" + m.type()
                    + "\" is not supported (bind, volume and tmpfs are)");
        }
    }

    private static void volume(String name, String dest, boolean readOnly, Map<String, String> volumes,
            Set<String> readOnlyVolumes) {
        if (readOnly) {
            readOnlyVolumes.add(dest);
        }
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            throw ApiException.badRequest("invalid volume name \"" + name + "\": only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }
        volumes.put(dest, name);
    }

    private static String absolute(String path, String what) {
        if (path == null || !path.startsWith("/")) {
            throw ApiException.badRequest(what + ": the container path \"" + path + "\" is not absolute");
        }
        return path;
    }

    /** {@code --tmpfs PATH:OPTIONS}: the size is kept; Berth's tmpfs are always rw, noexec, nosuid, nodev. */
    private static long tmpfsSize(String path, String options) {
        absolute(path, "HostConfig.Tmpfs");
        long size = 0;
        for (String option : (options == null ? "" : options).split(",")) {
            if (option.startsWith("size=")) {
                size = bytes(option.substring(5), "tmpfs size of " + path);
            }
        }
        return size;
    }

    /** {@code 64m}, {@code 1g}, {@code 512k} or bytes, as Docker's units.RAMInBytes reads them. */
    static long bytes(String text, String what) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (t.endsWith("b")) {
            t = t.substring(0, t.length() - 1);
        }
        if (!t.isEmpty()) {
            char last = t.charAt(t.length() - 1);
            int shift = "kmgt".indexOf(last);
            if (shift >= 0) {
                unit = 1L << (10 * (shift + 1));
                t = t.substring(0, t.length() - 1);
            }
        }
        try {
            double n = Double.parseDouble(t);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return (long) (n * unit);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid " + what + ": \"" + text + "\" is not a size such as 64m");
        }
    }

    /** NanoCpus, else CpuQuota over CpuPeriod (100 ms by default), as a number of CPUs. */
    private static double cpus(CreateBody.HostConfig host) {
        if (host.nanoCpus() != null && host.nanoCpus() > 0) {
            if (host.cpuQuota() != null && host.cpuQuota() > 0) {
                throw ApiException.badRequest("conflicting options: NanoCpus and CpuQuota cannot both be set");
            }
            return host.nanoCpus() / 1e9;
        }
        if (host.cpuQuota() != null && host.cpuQuota() > 0) {
            long period = host.cpuPeriod() != null && host.cpuPeriod() > 0 ? host.cpuPeriod() : 100_000;
            return (double) host.cpuQuota() / period;
        }
        return 0;
    }

    private static List<ContainerPlan.Ulimit> ulimits(List<CreateBody.Ulimit> ulimits) {
        List<ContainerPlan.Ulimit> out = new ArrayList<>();
        for (CreateBody.Ulimit u : list(ulimits)) {
            if (u.name() == null || u.name().isEmpty()) {
                throw ApiException.badRequest("HostConfig.Ulimits: a ulimit has no Name");
            }
            long soft = u.soft() == null ? 0 : u.soft();
            long hard = u.hard() == null ? soft : u.hard();
            if (soft > hard) {
                throw ApiException.badRequest("ulimit " + u.name() + ": soft limit " + soft + " is above the hard limit " + hard);
            }
            out.add(new ContainerPlan.Ulimit(u.name(), soft, hard));
        }
        return out;
    }

    private static List<String> devices(List<CreateBody.Device> devices) {
        List<String> out = new ArrayList<>();
        for (CreateBody.Device d : list(devices)) {
            if (d.pathOnHost() == null || d.pathOnHost().isEmpty()) {
                throw ApiException.badRequest("HostConfig.Devices: a device has no PathOnHost");
            }
            String inside = d.pathInContainer() == null || d.pathInContainer().isEmpty() ? d.pathOnHost() : d.pathInContainer();
            String perms = d.cgroupPermissions() == null || d.cgroupPermissions().isEmpty() ? "rwm" : d.cgroupPermissions();
            out.add(d.pathOnHost() + ":" + inside + ":" + perms);
        }
        return out;
    }

    /** The {@code --restart} form; {@code no} unless given. */
    private static String restartPolicy(CreateBody.RestartPolicy policy, boolean autoRemove) {
        if (policy == null || policy.name() == null || policy.name().isEmpty() || policy.name().equals("no")) {
            return "no";
        }
        String name = policy.name();
        if (!Set.of("always", "unless-stopped", "on-failure").contains(name)) {
            throw ApiException.badRequest("invalid restart policy '" + name + "'");
        }
        if (autoRemove) {
            throw ApiException.conflict("Conflicting options: AutoRemove and restart policy \"" + name + "\" cannot be used together");
        }
        int max = policy.maximumRetryCount() == null ? 0 : policy.maximumRetryCount();
        if (max < 0) {
            throw ApiException.badRequest("invalid restart policy: maximum retry count cannot be negative");
        }
        if (max > 0 && !name.equals("on-failure")) {
            throw ApiException.badRequest("invalid restart policy: maximum retry count can only be used with 'on-failure'");
        }
        return max > 0 ? name + ":" + max : name;
    }

    private static ContainerPlan.Healthcheck healthcheck(CreateBody.Healthcheck h) {
        if (h == null || h.test() == null || h.test().isEmpty()) {
            return null;
        }
        String kind = h.test().get(0);
        if (!Set.of("NONE", "CMD", "CMD-SHELL").contains(kind)) {
            throw ApiException.badRequest("Config.Healthcheck.Test must start with NONE, CMD or CMD-SHELL, not \"" + kind + "\"");
        }
        return new ContainerPlan.Healthcheck(h.test(), nanos(h.interval()), nanos(h.timeout()),
                h.retries() == null ? 0 : h.retries(), nanos(h.startPeriod()));
    }

    private static long nanos(Long n) {
        return n == null || n < 0 ? 0 : n;
    }

    private static long logMaxSize(CreateBody.LogConfig log) {
        String size = log == null ? null : map(log.config()).get("max-size");
        return size == null || size.isEmpty() || size.equals("-1") ? 0 : bytes(size, "log option max-size");
    }

    private static int logMaxFiles(CreateBody.LogConfig log) {
        String files = log == null ? null : map(log.config()).get("max-file");
        if (files == null || files.isEmpty()) {
            return 0;
        }
        try {
            int n = Integer.parseInt(files);
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid log option max-file \"" + files + "\": it is a number of files, at least 1");
        }
    }

    /** The network to join and the container's aliases on it, and the other networks it joins once created. */
    record Network(NetworkMode mode, String name, List<String> aliases, Map<String, List<String>> others) {
    }

    /**
     * HostConfig.NetworkMode, with the network named in EndpointsConfig when the mode names none:
     * {@code default} and {@code bridge} are the default bridge, any other name a user-defined
     * network. Every other network of EndpointsConfig (API 1.44 allows several) is joined after.
     */
    static Network network(String networkMode, CreateBody.NetworkingConfig networking) {
        Map<String, CreateBody.EndpointConfig> endpoints = networking == null ? Map.of() : map(networking.endpointsConfig());
        String mode = networkMode == null || networkMode.isEmpty() ? "default" : networkMode;
        if (mode.startsWith("container:")) {
            throw ApiException.badRequest("HostConfig.NetworkMode \"" + mode + "\": Berth does not share another container's"
                    + " network namespace; put both on one network");
        }
        String name = switch (mode) {
            case "default", "bridge" -> endpoints.keySet().stream().filter(n -> !n.equals("bridge")).findFirst().orElse(null);
            case "none", "host" -> null;
            default -> mode;
        };
        Map<String, List<String>> others = new LinkedHashMap<>();
        if (!mode.equals("none") && !mode.equals("host")) {
            endpoints.forEach((n, e) -> {
                if (!n.equals(name) && !(name == null && n.equals("bridge"))) {
                    others.put(n, List.copyOf(list(e == null ? null : e.aliases())));
                }
            });
        }
        List<String> aliases = new ArrayList<>();
        if (name != null) {
            CreateBody.EndpointConfig endpoint = endpoints.get(name);
            if (endpoint != null) {
                aliases.addAll(list(endpoint.aliases()));
            }
        }
        NetworkMode m = switch (mode) {
            case "none" -> NetworkMode.NONE;
            case "host" -> NetworkMode.HOST;
            default -> NetworkMode.BRIDGE;
        };
        return new Network(m, name, List.copyOf(aliases), others);
    }

    /**
     * PortBindings, and under PublishAllPorts every exposed port (the image's and the body's)
     * on a free host port. In host or none mode nothing is published, as with dockerd.
     */
    private static List<ContainerPlan.Port> ports(CreateBody.HostConfig host, Map<String, Object> exposed, Set<String> imageExposed,
            NetworkMode mode) {
        if (mode != NetworkMode.BRIDGE) {
            return List.of();
        }
        Set<ContainerPlan.Port> ports = new LinkedHashSet<>();
        Set<String> published = new LinkedHashSet<>();
        map(host.portBindings()).forEach((key, bindings) -> {
            PortKey k = PortKey.parse(key);
            published.add(k.toString());
            List<CreateBody.PortBinding> list = list(bindings);
            if (list.isEmpty()) {
                ports.add(new ContainerPlan.Port(0, k.port(), k.protocol()));
            }
            for (CreateBody.PortBinding b : list) {
                ports.add(new ContainerPlan.Port(hostPort(b.hostPort(), key), k.port(), k.protocol(), hostIp(b.hostIp(), key)));
            }
        });
        if (bool(host.publishAllPorts())) {
            Set<String> all = new LinkedHashSet<>(imageExposed);
            all.addAll(map(exposed).keySet());
            for (String key : all) {
                PortKey k = PortKey.parse(key);
                if (published.add(k.toString())) {
                    ports.add(new ContainerPlan.Port(0, k.port(), k.protocol()));
                }
            }
        }
        return List.copyOf(ports);
    }

    /** HostIp: "" (and 0.0.0.0, ::) for every address, else one IPv4 address of the host. */
    private static String hostIp(String text, String key) {
        String ip = text == null ? "" : text.strip();
        if (ip.isEmpty() || ip.equals("0.0.0.0") || ip.equals("::")) {
            return "";
        }
        if (!ip.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            throw ApiException.badRequest("invalid host IP \"" + text + "\" for " + key + ": Berth publishes on IPv4 addresses only");
        }
        return ip;
    }

    private static int hostPort(String text, String key) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        try {
            int port = Integer.parseInt(text);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid host port \"" + text + "\" for " + key
                    + ": a port is 1 to 65535 (a range is not supported)");
        }
    }

    /** A port key of ExposedPorts and PortBindings: {@code 8080/tcp}, {@code 53/udp} or {@code 8080}. */
    record PortKey(int port, Protocol protocol) {
        static PortKey parse(String key) {
            String[] parts = key.split("/", 2);
            Protocol protocol;
            String proto = parts.length == 2 ? parts[1].toLowerCase(Locale.ROOT) : "tcp";
            switch (proto) {
                case "tcp" -> protocol = Protocol.TCP;
                case "udp" -> protocol = Protocol.UDP;
                default -> throw ApiException.badRequest("invalid port " + key + ": protocol " + proto + " is not supported (tcp and udp are)");
            }
            try {
                int port = Integer.parseInt(parts[0]);
                if (port < 1 || port > 65535) {
                    throw new NumberFormatException();
                }
                return new PortKey(port, protocol);
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("invalid port " + key + ": a port is 1 to 65535 (a range is not supported)");
            }
        }

        @Override
        public String toString() {
            return port + "/" + protocol.name().toLowerCase(Locale.ROOT);
        }
    }

    private static long positive(Long n) {
        return n == null || n < 0 ? 0 : n;
    }

    private static boolean bool(Boolean b) {
        return b != null && b;
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }

    private static <K, V> Map<K, V> map(Map<K, V> m) {
        return m == null ? Map.of() : m;
    }
}
