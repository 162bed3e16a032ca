package dev.berth;

import dev.berth.log.LogOptions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a container was created with, resolved, as {@code docker inspect} shows it in
 * {@code Config}, {@code HostConfig}, {@code Mounts} and {@code NetworkSettings}
 * (<a href="https://docs.docker.com/reference/api/engine/version/v1.45/#tag/Container/operation/ContainerInspect">ContainerInspect</a>).
 * Its {@link ContainerState state} is apart: {@link Container#state()}. Made by {@link Container#details()}.
 *
 * @param id 64 hex digits
 * @param name the container's name, without Docker's leading {@code /}
 * @param created when it was created
 * @param image the image as the caller named it ({@code busybox:1.36.1})
 * @param imageId the image ID, {@code sha256:} and its config's digest ({@code docker inspect}'s {@code Image})
 * @param entrypoint the Entrypoint in effect (the image's or the caller's)
 * @param cmd the Cmd in effect
 * @param env {@code NAME=value}, the image's with the caller's over them
 * @param workdir the working directory
 * @param user the User as given (empty for the image's default)
 * @param hostname the UTS hostname
 * @param labels the image's labels with the caller's over them
 * @param exposedPorts the container ports it exposes
 * @param stopSignal the signal {@code stop} sends
 * @param tty whether its helper gives it a pseudo-terminal ({@code -t})
 * @param stdin whether its stdin is a pipe ({@code -i})
 * @param detached whether it outlives the JVM that started it
 * @param autoRemove whether it is removed when it exits ({@code --rm})
 * @param init whether Berth's init is its PID 1
 * @param readOnlyRoot whether its root file system is read-only
 * @param limits its cgroup limits
 * @param ulimits its rlimits
 * @param capabilities what its root user holds, e.g. {@code CAP_CHOWN}
 * @param mounts bind mounts and volumes
 * @param tmpfs each {@code path[:options]} as {@code --tmpfs} gives it
 * @param log how its log is rotated
 * @param network how it is networked
 */
public record ContainerDetails(String id, String name, Instant created, String image, String imageId,
        List<String> entrypoint, List<String> cmd, List<String> env, String workdir, String user, String hostname,
        Map<String, String> labels, List<Integer> exposedPorts, String stopSignal, boolean tty, boolean stdin,
        boolean detached, boolean autoRemove, boolean init, boolean readOnlyRoot, Limits limits, List<Ulimit> ulimits,
        List<String> capabilities, List<Mount> mounts, List<String> tmpfs, LogOptions log, NetworkSettings network) {

    /**
     * Cgroup limits; 0 is none.
     *
     * @param memoryBytes {@code --memory}
     * @param cpus {@code --cpus}
     * @param pids {@code --pids-limit}
     */
    public record Limits(long memoryBytes, double cpus, long pids) {
    }

    /** An rlimit, as {@code --ulimit name=soft:hard}. */
    public record Ulimit(String name, long soft, long hard) {
    }

    /** What kind of mount: a host path ({@code -v /host:/c}) or a volume, named or anonymous. */
    public enum MountType { BIND, VOLUME }

    /**
     * A mount over the container's root.
     *
     * @param type bind or volume
     * @param volume the volume's name, or null for a bind
     * @param source the host directory
     * @param destination where it appears in the container
     * @param readOnly whether it is mounted read-only
     */
    public record Mount(MountType type, String volume, String source, String destination, boolean readOnly) {
    }

    /**
     * A published port.
     *
     * @param protocol {@code tcp} or {@code udp}
     * @param containerPort the port inside
     * @param hostPort the host port it is reached on (the chosen one when 0 was asked)
     * @param hostIp the host address it is published on, "" for every address
     */
    public record PublishedPort(String protocol, int containerPort, int hostPort, String hostIp) {
        public PublishedPort {
            hostIp = hostIp == null ? "" : hostIp;
        }

        /** A port published on every address of the host. */
        public PublishedPort(String protocol, int containerPort, int hostPort) {
            this(protocol, containerPort, hostPort, "");
        }
    }

    /**
     * Where it sits on the network.
     *
     * @param mode its mode
     * @param network the bridge network's name, empty in other modes
     * @param aliases its other names on that network
     * @param ipAddress its address on the bridge
     * @param ports its published ports, with the host ports held now (none while it is not
     *     running: they are released when it stops, as dockerd's)
     * @param requested the ports it asked to publish, host port 0 where any free one was asked for
     *     ({@code HostConfig.PortBindings})
     */
    public record NetworkSettings(NetworkMode mode, Optional<String> network, List<String> aliases,
            Optional<String> ipAddress, List<PublishedPort> ports, List<PublishedPort> requested) {
        public NetworkSettings {
            ports = List.copyOf(ports);
            requested = List.copyOf(requested);
        }

        /** Settings whose requested ports are the ones held. */
        public NetworkSettings(NetworkMode mode, Optional<String> network, List<String> aliases,
                Optional<String> ipAddress, List<PublishedPort> ports) {
            this(mode, network, aliases, ipAddress, ports, ports);
        }
    }
}
