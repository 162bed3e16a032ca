package dev.berth.dockerapi.containers;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of {@code GET /containers/{id}/json} and {@code GET /containers/json}, with dockerd's
 * field names: the shapes docker-java's {@code InspectContainerResponse} and
 * {@code Container}, and the docker CLI's templates, read.
 *
 * @see <a href="https://docs.docker.com/reference/api/engine/version/v1.45/#tag/Container/operation/ContainerInspect">ContainerInspect</a>
 * @see <a href="https://docs.docker.com/reference/api/engine/version/v1.45/#tag/Container/operation/ContainerList">ContainerList</a>
 */
final class ContainerJson {
    private ContainerJson() {
    }

    /** The whole of {@code docker inspect}. */
    record Inspect(
            @JsonProperty("Id") String id,
            @JsonProperty("Created") String created,
            @JsonProperty("Path") String path,
            @JsonProperty("Args") List<String> args,
            @JsonProperty("State") State state,
            @JsonProperty("Image") String image,
            @JsonProperty("ResolvConfPath") String resolvConfPath,
            @JsonProperty("HostnamePath") String hostnamePath,
            @JsonProperty("HostsPath") String hostsPath,
            @JsonProperty("LogPath") String logPath,
            @JsonProperty("Name") String name,
            @JsonProperty("RestartCount") int restartCount,
            @JsonProperty("Driver") String driver,
            @JsonProperty("Platform") String platform,
            @JsonProperty("MountLabel") String mountLabel,
            @JsonProperty("ProcessLabel") String processLabel,
            @JsonProperty("AppArmorProfile") String appArmorProfile,
            @JsonProperty("ExecIDs") List<String> execIds,
            @JsonProperty("GraphDriver") GraphDriver graphDriver,
            @JsonProperty("HostConfig") HostConfig hostConfig,
            @JsonProperty("Mounts") List<MountPoint> mounts,
            @JsonProperty("Config") Config config,
            @JsonProperty("NetworkSettings") NetworkSettings networkSettings,
            @JsonProperty("SizeRw") Long sizeRw,
            @JsonProperty("SizeRootFs") Long sizeRootFs) {

        /** This inspection with {@code ?size=1}'s sizes. */
        Inspect withSize(ContainerSize size) {
            return new Inspect(id, created, path, args, state, image, resolvConfPath, hostnamePath, hostsPath, logPath, name, restartCount,
                    driver, platform, mountLabel, processLabel, appArmorProfile, execIds, graphDriver, hostConfig, mounts, config,
                    networkSettings, size.rw(), size.rootFs());
        }
    }

    /** {@code State}; {@code Health} only when the container has a healthcheck. */
    record State(
            @JsonProperty("Status") String status,
            @JsonProperty("Running") boolean running,
            @JsonProperty("Paused") boolean paused,
            @JsonProperty("Restarting") boolean restarting,
            @JsonProperty("OOMKilled") boolean oomKilled,
            @JsonProperty("Dead") boolean dead,
            @JsonProperty("Pid") int pid,
            @JsonProperty("ExitCode") int exitCode,
            @JsonProperty("Error") String error,
            @JsonProperty("StartedAt") String startedAt,
            @JsonProperty("FinishedAt") String finishedAt,
            @JsonProperty("Health") Object health) {
    }

    /** {@code State.Health}. */
    record Health(@JsonProperty("Status") String status, @JsonProperty("FailingStreak") int failingStreak,
            @JsonProperty("Log") List<Probe> log) {
    }

    /** {@code State.Health.Log[]}. */
    record Probe(@JsonProperty("Start") String start, @JsonProperty("End") String end, @JsonProperty("ExitCode") int exitCode,
            @JsonProperty("Output") String output) {
    }

    /** {@code Config}: what the container runs. */
    record Config(
            @JsonProperty("Hostname") String hostname,
            @JsonProperty("Domainname") String domainname,
            @JsonProperty("User") String user,
            @JsonProperty("AttachStdin") boolean attachStdin,
            @JsonProperty("AttachStdout") boolean attachStdout,
            @JsonProperty("AttachStderr") boolean attachStderr,
            @JsonProperty("ExposedPorts") Map<String, Map<String, Object>> exposedPorts,
            @JsonProperty("Tty") boolean tty,
            @JsonProperty("OpenStdin") boolean openStdin,
            @JsonProperty("StdinOnce") boolean stdinOnce,
            @JsonProperty("Env") List<String> env,
            @JsonProperty("Cmd") List<String> cmd,
            @JsonProperty("Image") String image,
            @JsonProperty("Volumes") Map<String, Map<String, Object>> volumes,
            @JsonProperty("WorkingDir") String workingDir,
            @JsonProperty("Entrypoint") List<String> entrypoint,
            @JsonProperty("OnBuild") List<String> onBuild,
            @JsonProperty("Labels") Map<String, String> labels,
            @JsonProperty("StopSignal") String stopSignal) {
    }

    /** {@code HostConfig}: what the host gives it. */
    record HostConfig(
            @JsonProperty("Binds") List<String> binds,
            @JsonProperty("LogConfig") LogConfig logConfig,
            @JsonProperty("NetworkMode") String networkMode,
            @JsonProperty("PortBindings") Map<String, List<PortBinding>> portBindings,
            @JsonProperty("RestartPolicy") RestartPolicy restartPolicy,
            @JsonProperty("AutoRemove") boolean autoRemove,
            @JsonProperty("CapAdd") List<String> capAdd,
            @JsonProperty("CapDrop") List<String> capDrop,
            @JsonProperty("Privileged") boolean privileged,
            @JsonProperty("PublishAllPorts") boolean publishAllPorts,
            @JsonProperty("ReadonlyRootfs") boolean readonlyRootfs,
            @JsonProperty("Tmpfs") Map<String, String> tmpfs,
            @JsonProperty("Memory") long memory,
            @JsonProperty("NanoCpus") long nanoCpus,
            @JsonProperty("PidsLimit") Long pidsLimit,
            @JsonProperty("Ulimits") List<Ulimit> ulimits,
            @JsonProperty("Init") Boolean init,
            @JsonProperty("Runtime") String runtime) {

        /**
         * The fields dockerd always writes (never null) whose value Berth does not vary: what a
         * Berth container gets (a private IPC and cgroup namespace, a 64 MiB /dev/shm, Docker's
         * masked and read-only paths) and the zero values of what it does not support.
         */
        @JsonAnyGetter
        Map<String, Object> fixed() {
            return FIXED;
        }

        private static final Map<String, Object> FIXED = fixedFields();

        private static Map<String, Object> fixedFields() {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("ContainerIDFile", "");
            f.put("VolumeDriver", "");
            f.put("ConsoleSize", List.of(0, 0));
            f.put("CgroupnsMode", "private");
            f.put("Dns", List.of());
            f.put("DnsOptions", List.of());
            f.put("DnsSearch", List.of());
            f.put("IpcMode", "private");
            f.put("Cgroup", "");
            f.put("OomScoreAdj", 0);
            f.put("PidMode", "");
            f.put("UTSMode", "");
            f.put("UsernsMode", "");
            f.put("ShmSize", 64L << 20);
            f.put("Isolation", "");
            f.put("CpuShares", 0);
            f.put("CgroupParent", "");
            f.put("BlkioWeight", 0);
            f.put("BlkioWeightDevice", List.of());
            f.put("CpuPeriod", 0);
            f.put("CpuQuota", 0);
            f.put("CpuRealtimePeriod", 0);
            f.put("CpuRealtimeRuntime", 0);
            f.put("CpusetCpus", "");
            f.put("CpusetMems", "");
            f.put("Devices", List.of());
            f.put("KernelMemory", 0);
            f.put("KernelMemoryTCP", 0);
            f.put("MemoryReservation", 0);
            f.put("MemorySwap", 0);
            f.put("OomKillDisable", false);
            f.put("CpuCount", 0);
            f.put("CpuPercent", 0);
            f.put("IOMaximumIOps", 0);
            f.put("IOMaximumBandwidth", 0);
            // what Berth's launch masks (namespaces' MountPlan, not exported to this module): Docker's defaults
            f.put("MaskedPaths", List.of("/proc/asound", "/proc/acpi", "/proc/interrupts", "/proc/kcore", "/proc/keys",
                    "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware",
                    "/sys/devices/virtual/powercap"));
            f.put("ReadonlyPaths", List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"));
            return Map.copyOf(f);
        }
    }

    /** {@code HostConfig.LogConfig}. */
    record LogConfig(@JsonProperty("Type") String type, @JsonProperty("Config") Map<String, String> config) {
    }

    /** {@code HostConfig.RestartPolicy}. */
    record RestartPolicy(@JsonProperty("Name") String name, @JsonProperty("MaximumRetryCount") int maximumRetryCount) {
    }

    /** {@code HostConfig.Ulimits[]}. */
    record Ulimit(@JsonProperty("Name") String name, @JsonProperty("Soft") long soft, @JsonProperty("Hard") long hard) {
    }

    /** One host side of a port: {@code HostConfig.PortBindings} and {@code NetworkSettings.Ports}. */
    record PortBinding(@JsonProperty("HostIp") String hostIp, @JsonProperty("HostPort") String hostPort) {
    }

    /** {@code Mounts[]}. */
    record MountPoint(
            @JsonProperty("Type") String type,
            @JsonProperty("Name") String name,
            @JsonProperty("Source") String source,
            @JsonProperty("Destination") String destination,
            @JsonProperty("Driver") String driver,
            @JsonProperty("Mode") String mode,
            @JsonProperty("RW") boolean rw,
            @JsonProperty("Propagation") String propagation) {
    }

    /**
     * {@code NetworkSettings}: the ports map (an exposed port that is not published maps to
     * null, which dockerd writes out) and one entry per network.
     */
    record NetworkSettings(
            @JsonProperty("Bridge") String bridge,
            @JsonProperty("SandboxID") String sandboxId,
            @JsonProperty("Ports") @JsonInclude(content = JsonInclude.Include.ALWAYS) Map<String, List<PortBinding>> ports,
            @JsonProperty("SandboxKey") String sandboxKey,
            @JsonProperty("EndpointID") String endpointId,
            @JsonProperty("Gateway") String gateway,
            @JsonProperty("GlobalIPv6Address") String globalIpv6Address,
            @JsonProperty("GlobalIPv6PrefixLen") int globalIpv6PrefixLen,
            @JsonProperty("IPAddress") String ipAddress,
            @JsonProperty("IPPrefixLen") int ipPrefixLen,
            @JsonProperty("IPv6Gateway") String ipv6Gateway,
            @JsonProperty("MacAddress") String macAddress,
            @JsonProperty("Networks") Map<String, Endpoint> networks) {

        /** Fields dockerd always writes with these values for a Linux container without IPv6 link-local addresses. */
        @JsonAnyGetter
        Map<String, Object> fixed() {
            return Map.of("HairpinMode", false, "LinkLocalIPv6Address", "", "LinkLocalIPv6PrefixLen", 0);
        }
    }

    /** {@code GraphDriver}: overlay2 and the container's overlay directories. */
    record GraphDriver(@JsonProperty("Name") String name, @JsonProperty("Data") Map<String, String> data) {
    }

    /** {@code NetworkSettings.Networks.NAME}. */
    record Endpoint(
            @JsonProperty("IPAMConfig") Object ipamConfig,
            @JsonProperty("Links") List<String> links,
            @JsonProperty("Aliases") List<String> aliases,
            @JsonProperty("NetworkID") String networkId,
            @JsonProperty("EndpointID") String endpointId,
            @JsonProperty("Gateway") String gateway,
            @JsonProperty("IPAddress") String ipAddress,
            @JsonProperty("IPPrefixLen") int ipPrefixLen,
            @JsonProperty("IPv6Gateway") String ipv6Gateway,
            @JsonProperty("GlobalIPv6Address") String globalIpv6Address,
            @JsonProperty("GlobalIPv6PrefixLen") int globalIpv6PrefixLen,
            @JsonProperty("MacAddress") String macAddress) {
    }

    /** One container of {@code GET /containers/json}. */
    record Summary(
            @JsonProperty("Id") String id,
            @JsonProperty("Names") List<String> names,
            @JsonProperty("Image") String image,
            @JsonProperty("ImageID") String imageId,
            @JsonProperty("Command") String command,
            @JsonProperty("Created") long created,
            @JsonProperty("Ports") List<Port> ports,
            @JsonProperty("SizeRw") Long sizeRw,
            @JsonProperty("SizeRootFs") Long sizeRootFs,
            @JsonProperty("Labels") Map<String, String> labels,
            @JsonProperty("State") String state,
            @JsonProperty("Status") String status,
            @JsonProperty("HostConfig") Map<String, String> hostConfig,
            @JsonProperty("NetworkSettings") Map<String, Map<String, Endpoint>> networkSettings,
            @JsonProperty("Mounts") List<MountPoint> mounts) {

        /** This summary with {@code ?size=1}'s sizes. */
        Summary withSize(ContainerSize size) {
            return new Summary(id, names, image, imageId, command, created, ports, size.rw(), size.rootFs(), labels, state, status,
                    hostConfig, networkSettings, mounts);
        }
    }

    /** {@code SizeRw} (its writable layer) and {@code SizeRootFs} (that and its image), asked for with {@code ?size=1}. */
    record ContainerSize(Long rw, Long rootFs) {
        static final ContainerSize NONE = new ContainerSize(null, null);
    }

    /** {@code Ports[]} of a summary: a published port has its IP and public port. */
    record Port(@JsonProperty("IP") String ip, @JsonProperty("PrivatePort") int privatePort,
            @JsonProperty("PublicPort") Integer publicPort, @JsonProperty("Type") String type) {
    }
}
