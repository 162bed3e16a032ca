package dev.berth.dockerapi.containers;

import dev.berth.ContainerDetails;
import dev.berth.ContainerState;
import dev.berth.NetworkEndpoint;
import dev.berth.NetworkMode;
import dev.berth.dockerapi.HumanDuration;
import dev.berth.log.LogOptions;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns a container's {@link ContainerDetails} and {@link ContainerState} into dockerd's
 * inspect and list JSON ({@link ContainerJson}). Pure, so the shapes are checked without a
 * container: what comes from elsewhere (its network endpoints, the restart count) is an argument.
 */
final class ContainerInspection {
    /** Go's zero time, which dockerd writes for a time that has not come. */
    static final String ZERO_TIME = "0001-01-01T00:00:00Z";
    private static final String HOST_IP = "0.0.0.0";

    /**
     * Beyond details and state: the restart policy in {@code --restart} form, how often it was
     * restarted, its health ({@code State.Health}, null without a healthcheck) and the ids of its execs.
     */
    record Extras(String restartPolicy, int restartCount, Object health, List<String> execIds, ImageDefaults image,
            Path directory, dev.berth.AttachStreams attachStreams, boolean stdinOnce) {
        static final Extras NONE = new Extras("no", 0, null, List.of());

        Extras(String restartPolicy, int restartCount, Object health, List<String> execIds) {
            this(restartPolicy, restartCount, health, execIds, ImageDefaults.NONE, null);
        }

        Extras(String restartPolicy, int restartCount, Object health, List<String> execIds, ImageDefaults image,
                Path directory) {
            this(restartPolicy, restartCount, health, execIds, image, directory, dev.berth.AttachStreams.NONE, false);
        }
    }

    /**
     * What the container's image sets, so that inspect shows what the create asked for as dockerd
     * does: the user's env first, then the image's it did not override; WorkingDir and StopSignal
     * only when the image or the create set them.
     */
    record ImageDefaults(Map<String, String> env, String workingDir, String stopSignal) {
        static final ImageDefaults NONE = new ImageDefaults(Map.of(), "", "");

        static ImageDefaults of(dev.berth.Image image) {
            return new ImageDefaults(image.env(), image.workingDir().orElse(""), image.stopSignal().orElse(""));
        }
    }

    private ContainerInspection() {
    }

    static ContainerJson.Inspect inspect(ContainerDetails d, ContainerState s, List<NetworkEndpoint> net, Extras extras) {
        List<String> argv = new ArrayList<>(d.entrypoint());
        argv.addAll(d.cmd());
        return new ContainerJson.Inspect(d.id(), time(d.created()), argv.isEmpty() ? "" : argv.get(0),
                argv.isEmpty() ? List.of() : argv.subList(1, argv.size()), state(s, extras.health()), d.imageId(), "", "", "", "",
                "/" + d.name(), extras.restartCount(), "overlay2", "linux", "", "", "",
                extras.execIds().isEmpty() ? null : extras.execIds(), graphDriver(extras.directory()), hostConfig(d, extras.restartPolicy()), mounts(d),
                config(d, extras), networkSettings(d, s.running() ? net : idle(net), s.running()), null, null);
    }

    /** {@code GraphDriver}: the overlay directories under the container's directory (the image's layers are not listed). */
    static ContainerJson.GraphDriver graphDriver(Path dir) {
        Map<String, String> data = new LinkedHashMap<>();
        if (dir != null) {
            data.put("MergedDir", dir.resolve("merged").toString());
            data.put("UpperDir", dir.resolve("upper").toString());
            data.put("WorkDir", dir.resolve("work").toString());
        }
        return new ContainerJson.GraphDriver("overlay2", data);
    }

    static ContainerJson.State state(ContainerState s, Object health) {
        String status = status(s);
        return new ContainerJson.State(status, s.running(), status.equals("paused"), status.equals("restarting"), s.oomKilled(),
                false, s.running() ? s.pid() : 0, s.exitCode(), "", time(s.startedAt()), s.running() ? ZERO_TIME : time(s.finishedAt()), health);
    }

    /** {@code State.Health} of a container with a healthcheck. */
    static ContainerJson.Health health(dev.berth.Health h) {
        return new ContainerJson.Health(h.status().apiName(), h.failingStreak(), h.log().stream()
                .map(p -> new ContainerJson.Probe(time(p.start()), time(p.end()), p.exitCode(), p.output())).toList());
    }

    /** Docker's status word: created, running, paused, restarting, exited. */
    static String status(ContainerState s) {
        return s.status().name().toLowerCase(Locale.ROOT);
    }

    static ContainerJson.Config config(ContainerDetails d, ImageDefaults image) {
        return config(d, new Extras("no", 0, null, List.of(), image, null));
    }

    static ContainerJson.Config config(ContainerDetails d, Extras extras) {
        ImageDefaults image = extras.image();
        dev.berth.AttachStreams attach = extras.attachStreams();
        Map<String, Map<String, Object>> exposed = new TreeMap<>();
        d.exposedPorts().forEach(p -> exposed.put(p + "/tcp", Map.of()));
        d.network().requested().forEach(p -> exposed.put(p.containerPort() + "/" + p.protocol(), Map.of()));
        Map<String, Map<String, Object>> volumes = new TreeMap<>();
        d.mounts().stream().filter(m -> m.type() == ContainerDetails.MountType.VOLUME).forEach(m -> volumes.put(m.destination(), Map.of()));
        return new ContainerJson.Config(d.hostname(), "", d.user(), attach.stdin(), attach.stdout(), attach.stderr(),
                exposed.isEmpty() ? null : exposed, d.tty(), d.stdin(), extras.stdinOnce(), configEnv(d, image), d.cmd().isEmpty() ? null : d.cmd(), d.image(),
                volumes.isEmpty() ? null : volumes, workingDir(d, image), d.entrypoint().isEmpty() ? null : d.entrypoint(), null,
                d.labels(), stopSignal(d, image));
    }

    /**
     * {@code Config.Env} as dockerd stores it: the create's variables first, then the image's it
     * did not override; without the {@code HOSTNAME} Berth (and dockerd) set at run time.
     */
    static List<String> configEnv(ContainerDetails d, ImageDefaults image) {
        List<String> user = new ArrayList<>();
        List<String> fromImage = new ArrayList<>();
        for (String entry : d.env()) {
            int eq = entry.indexOf('=');
            String name = eq < 0 ? entry : entry.substring(0, eq);
            String value = eq < 0 ? "" : entry.substring(eq + 1);
            if (entry.equals("HOSTNAME=" + d.hostname()) && !image.env().containsKey("HOSTNAME")) {
                continue; // set at run time, not part of the config
            }
            (value.equals(image.env().get(name)) ? fromImage : user).add(entry);
        }
        user.addAll(fromImage);
        return user;
    }

    /** {@code Config.WorkingDir}: "" when neither the image nor the create set one (Berth runs those in {@code /}). */
    static String workingDir(ContainerDetails d, ImageDefaults image) {
        return image.workingDir().isEmpty() && d.workdir().equals("/") ? "" : d.workdir();
    }

    /** {@code Config.StopSignal}: only when the image or the create set one (dockerd omits the default). */
    static String stopSignal(ContainerDetails d, ImageDefaults image) {
        return image.stopSignal().isEmpty() && "SIGTERM".equals(d.stopSignal()) ? null : d.stopSignal();
    }

    static ContainerJson.HostConfig hostConfig(ContainerDetails d, String restartPolicy) {
        List<String> binds = new ArrayList<>();
        for (ContainerDetails.Mount m : d.mounts()) {
            String source = m.type() == ContainerDetails.MountType.VOLUME ? m.volume() : m.source();
            binds.add(source + ":" + m.destination() + (m.readOnly() ? ":ro" : ""));
        }
        Map<String, String> tmpfs = new LinkedHashMap<>();
        for (String t : d.tmpfs()) {
            int colon = t.indexOf(':');
            tmpfs.put(colon < 0 ? t : t.substring(0, colon), colon < 0 ? "" : t.substring(colon + 1));
        }
        Map<String, List<ContainerJson.PortBinding>> bindings = new TreeMap<>();
        // as asked, kept while it is stopped; "" where any free port was asked for, as dockerd's
        for (ContainerDetails.PublishedPort p : d.network().requested()) {
            bindings.computeIfAbsent(p.containerPort() + "/" + p.protocol(), k -> new ArrayList<>())
                    .add(new ContainerJson.PortBinding(p.hostIp(), p.hostPort() == 0 ? "" : String.valueOf(p.hostPort())));
        }
        int colon = restartPolicy.indexOf(':');
        ContainerJson.RestartPolicy restart = new ContainerJson.RestartPolicy(colon < 0 ? restartPolicy : restartPolicy.substring(0, colon),
                colon < 0 ? 0 : Integer.parseInt(restartPolicy.substring(colon + 1)));
        // json-file, as /info's LoggingDriver says; options only when the create changed the rotation
        Map<String, String> logOptions = new LinkedHashMap<>();
        if (!d.log().equals(LogOptions.DEFAULT)) {
            logOptions.put("max-size", String.valueOf(d.log().maxSize()));
            logOptions.put("max-file", String.valueOf(d.log().maxFiles()));
        }
        return new ContainerJson.HostConfig(binds.isEmpty() ? null : binds, new ContainerJson.LogConfig("json-file", logOptions),
                networkMode(d), bindings, restart, d.autoRemove(), null, null, false, false, d.readOnlyRoot(),
                tmpfs.isEmpty() ? null : tmpfs, d.limits().memoryBytes(), Math.round(d.limits().cpus() * 1e9),
                d.limits().pids() > 0 ? d.limits().pids() : null,
                d.ulimits().stream().map(u -> new ContainerJson.Ulimit(u.name(), u.soft(), u.hard())).toList(), d.init() ? Boolean.TRUE : null,
                "berth");
    }

    /** Docker's NetworkMode: {@code bridge} for the default bridge, else the network's name, {@code none} or {@code host}. */
    static String networkMode(ContainerDetails d) {
        return switch (d.network().mode()) {
            case NONE -> "none";
            case HOST -> "host";
            case SLIRP4NETNS -> "slirp4netns";
            case BRIDGE -> networkName(d);
        };
    }

    /** The name a network is listed under: the default bridge is {@code bridge}, as dockerd's. */
    static String networkName(ContainerDetails d) {
        if (d.network().mode() != NetworkMode.BRIDGE) {
            return networkMode(d);
        }
        String name = d.network().network().orElse("bridge");
        return name.equals("berth") ? "bridge" : name;
    }

    static List<ContainerJson.MountPoint> mounts(ContainerDetails d) {
        List<ContainerJson.MountPoint> out = new ArrayList<>();
        for (ContainerDetails.Mount m : d.mounts()) {
            boolean volume = m.type() == ContainerDetails.MountType.VOLUME;
            out.add(new ContainerJson.MountPoint(volume ? "volume" : "bind", m.volume(), m.source(), m.destination(),
                    volume ? "local" : null, m.readOnly() ? "ro" : volume ? "z" : "", !m.readOnly(), volume ? "" : "rprivate"));
        }
        return out;
    }

    /**
     * {@code NetworkSettings}: one entry per network the container is on (its mode's name, empty,
     * without one); the top-level address fields are the default bridge's, as dockerd fills them.
     * Ports only while it runs: dockerd publishes them at start and lists none before or after.
     */
    static ContainerJson.NetworkSettings networkSettings(ContainerDetails d, List<NetworkEndpoint> net, boolean running) {
        NetworkEndpoint bridge = net.stream().filter(e -> e.network().equals("bridge")).findFirst().orElse(null);
        return new ContainerJson.NetworkSettings("", "", running ? ports(d) : Map.of(), "", bridge == null ? "" : bridge.endpointId(),
                bridge == null ? "" : bridge.gateway(), "", 0, bridge == null ? "" : bridge.ipAddress(),
                bridge == null ? 0 : bridge.prefixLength(), "", bridge == null ? "" : bridge.macAddress(), networks(d, net));
    }

    /**
     * A not-running container's endpoints as dockerd shows them: the network kept, no address,
     * gateway, endpoint or MAC (they are the sandbox's, which exists only while it runs).
     */
    static List<NetworkEndpoint> idle(List<NetworkEndpoint> net) {
        return net.stream().map(e -> new NetworkEndpoint(e.network(), e.networkId(), e.containerId(), e.containerName(), "", "", 0, "",
                "", e.aliases(), e.interfaceName())).toList();
    }

    /** {@code NetworkSettings.Networks}. */
    static Map<String, ContainerJson.Endpoint> networks(ContainerDetails d, List<NetworkEndpoint> net) {
        Map<String, ContainerJson.Endpoint> networks = new LinkedHashMap<>();
        for (NetworkEndpoint e : net) {
            List<String> aliases = aliases(d, e);
            networks.put(e.network(), new ContainerJson.Endpoint(null, null, aliases.isEmpty() ? null : aliases, e.networkId(),
                    e.endpointId(), e.gateway(), e.ipAddress(), e.prefixLength(), "", "", 0, e.macAddress()));
        }
        if (networks.isEmpty()) {
            networks.put(networkName(d), new ContainerJson.Endpoint(null, null, null, "", "", "", "", 0, "", "", 0, ""));
        }
        return networks;
    }

    /** An endpoint's aliases: on a user-defined network dockerd adds the container's short id. */
    static List<String> aliases(ContainerDetails d, NetworkEndpoint e) {
        List<String> aliases = new ArrayList<>(e.aliases());
        String shortId = d.id().substring(0, Math.min(12, d.id().length()));
        if (!List.of("bridge", "host", "none").contains(e.network()) && !aliases.contains(shortId)) {
            aliases.add(shortId);
        }
        return aliases;
    }

    /**
     * {@code NetworkSettings.Ports}: each published port with its host port, and each exposed
     * port that is not published with null, as dockerd. Empty without a network of its own.
     */
    static Map<String, List<ContainerJson.PortBinding>> ports(ContainerDetails d) {
        Map<String, List<ContainerJson.PortBinding>> ports = new TreeMap<>();
        if (d.network().mode() == NetworkMode.NONE || d.network().mode() == NetworkMode.HOST) {
            return ports;
        }
        d.exposedPorts().forEach(p -> ports.put(p + "/tcp", null));
        for (ContainerDetails.PublishedPort p : d.network().ports()) {
            List<ContainerJson.PortBinding> list = ports.get(p.containerPort() + "/" + p.protocol());
            if (list == null) {
                list = new ArrayList<>();
                ports.put(p.containerPort() + "/" + p.protocol(), list);
            }
            list.add(new ContainerJson.PortBinding(hostIp(p), String.valueOf(p.hostPort())));
        }
        return ports;
    }

    /** The address a published port is reached on: its own, or {@code 0.0.0.0} for every address. */
    private static String hostIp(ContainerDetails.PublishedPort p) {
        return p.hostIp().isEmpty() ? HOST_IP : p.hostIp();
    }

    /** One container of {@code GET /containers/json}. */
    static ContainerJson.Summary summary(ContainerDetails d, ContainerState s, List<NetworkEndpoint> net, Optional<dev.berth.Health> health,
            Instant now) {
        List<String> argv = new ArrayList<>(d.entrypoint());
        argv.addAll(d.cmd());
        List<ContainerJson.Port> ports = new ArrayList<>();
        for (ContainerDetails.PublishedPort p : s.running() ? d.network().ports() : List.<ContainerDetails.PublishedPort>of()) {
            ports.add(new ContainerJson.Port(hostIp(p), p.containerPort(), p.hostPort(), p.protocol()));
        }
        Map<String, Map<String, ContainerJson.Endpoint>> networks = Map.of("Networks", networks(d, s.running() ? net : idle(net)));
        return new ContainerJson.Summary(d.id(), List.of("/" + d.name()), d.image(), d.imageId(), command(argv),
                d.created().getEpochSecond(), ports, null, null, d.labels(), status(s), statusText(s, now) + health.filter(h -> s.running()).map(h -> switch (h.status()) {
                    case STARTING -> " (health: starting)";
                    case HEALTHY -> " (healthy)";
                    case UNHEALTHY -> " (unhealthy)";
                }).orElse(""),
                Map.of("NetworkMode", networkMode(d)), networks, mounts(d));
    }

    /** {@code docker ps}'s COMMAND: the argv joined, an argument with spaces single-quoted. */
    static String command(List<String> argv) {
        List<String> words = new ArrayList<>();
        for (String a : argv) {
            words.add(a.isEmpty() || a.chars().anyMatch(c -> " \t\n'\"\\$`;&|<>(){}*?".indexOf(c) >= 0)
                    ? "'" + a.replace("'", "'\\''") + "'" : a);
        }
        return String.join(" ", words);
    }

    /** {@code docker ps}'s STATUS: "Up 3 seconds", "Exited (0) 2 minutes ago", "Created". */
    static String statusText(ContainerState s, Instant now) {
        return switch (status(s)) {
            case "created" -> "Created";
            case "running" -> "Up " + HumanDuration.of(s.startedAt(), now);
            case "paused" -> "Up " + HumanDuration.of(s.startedAt(), now) + " (Paused)";
            case "restarting" -> "Restarting (" + s.exitCode() + ") " + HumanDuration.of(s.finishedAt(), now) + " ago";
            default -> "Exited (" + s.exitCode() + ") " + HumanDuration.of(s.finishedAt(), now) + " ago";
        };
    }

    /** RFC 3339 with nanoseconds, as Go writes a time; the zero time for none. */
    static String time(Instant t) {
        return t == null ? ZERO_TIME : DateTimeFormatter.ISO_INSTANT.format(t);
    }
}
