package dev.berth.dockerapi.containers;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.Berth;
import dev.berth.Container;
import dev.berth.ContainerBuilder;
import dev.berth.ContainerException;
import dev.berth.ContainerNameConflictException;
import dev.berth.HealthConfig;
import dev.berth.Image;
import dev.berth.RestartPolicy;
import dev.berth.dockerapi.http.ApiException;
import dev.berth.dockerapi.http.ApiRequest;
import dev.berth.dockerapi.http.ApiResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code POST /containers/create}: the body read by {@link CreateTranslation}, handed to a
 * {@link ContainerBuilder} and created, not started. Every container the API creates is
 * detached: it outlives the server and the JVM, as dockerd's containers outlive a client.
 */
final class ContainerCreation {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The answer: the new container's id and dockerd's (empty) warnings. */
    record Created(@JsonProperty("Id") String id, @JsonProperty("Warnings") List<String> warnings) {
    }

    private ContainerCreation() {
    }

    static ApiResponse create(Berth berth, ApiRequest req) throws IOException {
        CreateBody body = req.json(CreateBody.class);
        if (body == null || body.image() == null || body.image().isBlank()) {
            throw ApiException.badRequest("no image given: Config.Image is required to create a container");
        }
        // A 404 here is what makes docker run pull the image and create again.
        Image image = berth.images().find(body.image()).orElseThrow(() -> ApiException.notFound("No such image: " + body.image()));
        ContainerPlan plan = CreateTranslation.translate(body, req.query("name").orElse(null), image.exposedPorts(),
                ContainerCreation::anonymousVolumeName);
        ContainerBuilder<?> b;
        try {
            b = builder(berth, plan);
            // --add-host: the engine writes them into /etc/hosts (host-gateway: the bridge's gateway)
            CreateBody.HostConfig host = body.hostConfig();
            if (host != null) {
                if (host.extraHosts() != null) {
                    host.extraHosts().forEach(b::extraHost);
                }
                // --dns, --dns-search, --dns-option: the engine writes them into /etc/resolv.conf
                if (host.dns() != null) {
                    host.dns().forEach(b::dns);
                }
                if (host.dnsSearch() != null) {
                    host.dnsSearch().forEach(b::dnsSearch);
                }
                if (host.dnsOptions() != null) {
                    host.dnsOptions().forEach(b::dnsOption);
                }
            }
            // echoed by inspect as the create gave them
            b.attachStreams(new dev.berth.AttachStreams(Boolean.TRUE.equals(body.attachStdin()),
                    Boolean.TRUE.equals(body.attachStdout()), Boolean.TRUE.equals(body.attachStderr())));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        try {
            Container c = b.create();
            connectOthers(c, plan);
            return ApiResponse.json(201, new Created(c.id(), List.of()));
        } catch (ContainerNameConflictException e) {
            throw ApiException.conflict("Conflict. The container name \"/" + e.name() + "\" is already in use by container \""
                    + e.holderId() + "\". You have to remove (or rename) that container to be able to reuse that name.");
        } catch (ContainerException e) {
            // The caller's input (a user, a command, a device) fails as a 400; the engine's own failures as a 500.
            throw new ApiException(e.getCause() instanceof IllegalArgumentException ? 400 : 500, e.getMessage(), e);
        }
    }

    /** Joins the networks of EndpointsConfig beyond the first; a failure removes the container, as a failed create leaves nothing. */
    private static void connectOthers(Container c, ContainerPlan plan) {
        try {
            plan.otherNetworks().forEach((network, aliases) -> c.connect(network, aliases.toArray(String[]::new)));
        } catch (RuntimeException e) {
            try {
                c.remove();
            } catch (RuntimeException removing) {
                e.addSuppressed(removing);
            }
            throw e instanceof IllegalArgumentException ? ApiException.badRequest(e.getMessage()) : e;
        }
    }

    /** Nanoseconds as the API gives them; 0 is the default (null). */
    private static Duration duration(long nanos) {
        return nanos > 0 ? Duration.ofNanos(nanos) : null;
    }

    /** Whether {@code name} is one {@link #anonymousVolumeName} makes. */
    static boolean isAnonymousVolumeName(String name) {
        return name.matches("[0-9a-f]{64}");
    }

    /** Docker names an anonymous volume with 64 hex digits. */
    private static String anonymousVolumeName() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Hands each value of the plan to its builder option. */
    static ContainerBuilder<?> builder(Berth berth, ContainerPlan p) {
        ContainerBuilder<?> b = berth.container(p.image()).detached(true);
        if (p.name() != null) {
            b.name(p.name());
        }
        p.env().forEach(b::env);
        if (p.cmd() != null) {
            b.command(p.cmd().toArray(String[]::new));
        }
        if (p.entrypoint() != null) {
            b.entrypoint(p.entrypoint().toArray(String[]::new));
        }
        if (p.workdir() != null) {
            b.workdir(p.workdir());
        }
        if (p.user() != null) {
            b.user(p.user());
        }
        if (p.hostname() != null) {
            b.hostname(p.hostname());
        }
        p.labels().forEach(b::label);
        if (p.stopSignal() != null) {
            b.stopSignal(p.stopSignal());
        }
        b.tty(p.tty()).stdin(p.openStdin()).stdinOnce(p.stdinOnce());
        p.binds().forEach(x -> b.bind(Path.of(x.hostPath()), x.containerPath(), x.readOnly()));
        p.volumes().forEach((path, volume) -> b.volume(volume, path, p.readOnlyVolumes().contains(path)));
        for (ContainerPlan.Tmpfs t : p.tmpfs()) {
            if (t.sizeBytes() > 0) {
                b.tmpfs(t.path(), t.sizeBytes());
            } else {
                b.tmpfs(t.path());
            }
        }
        b.memory(p.memoryBytes()).cpus(p.cpus()).pids(p.pids());
        b.capAdd(p.capAdd().toArray(String[]::new)).capDrop(p.capDrop().toArray(String[]::new));
        b.readOnlyRoot(p.readOnlyRoot()).autoRemove(p.autoRemove());
        // dockerd's default: the command is PID 1 unless HostConfig.Init is true (docker run --init).
        b.init(Boolean.TRUE.equals(p.init()));
        p.ulimits().forEach(u -> b.ulimit(u.name(), u.soft(), u.hard()));
        p.devices().forEach(b::device);
        b.restartPolicy(RestartPolicy.parse(p.restartPolicy()));
        if (p.healthcheck() != null) {
            ContainerPlan.Healthcheck h = p.healthcheck();
            b.healthcheck(new HealthConfig(h.test(), duration(h.intervalNanos()), duration(h.timeoutNanos()),
                    duration(h.startPeriodNanos()), null, h.retries() > 0 ? h.retries() : null));
        }
        if (p.logMaxSize() > 0) {
            b.logMaxSize(p.logMaxSize());
        }
        if (p.logMaxFiles() > 0) {
            b.logMaxFiles(p.logMaxFiles());
        }
        b.networkMode(p.networkMode());
        if (p.network() != null) {
            b.network(p.network());
        }
        p.aliases().forEach(b::networkAlias);
        p.ports().forEach(port -> b.publish(port.hostIp(), port.hostPort(), port.containerPort(), port.protocol()));
        return b;
    }
}
