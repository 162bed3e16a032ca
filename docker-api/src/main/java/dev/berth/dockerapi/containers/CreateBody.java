package dev.berth.dockerapi.containers;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /containers/create}: Docker's container {@code Config} with its
 * {@code HostConfig} and {@code NetworkingConfig} beside it, as clients send it. Fields a client
 * leaves out are null. {@code Cmd} and {@code Entrypoint} may also come as one string.
 *
 * @see <a href="https://docs.docker.com/reference/api/engine/version/v1.45/#tag/Container/operation/ContainerCreate">ContainerCreate</a>
 */
record CreateBody(
        @JsonProperty("Hostname") String hostname,
        @JsonProperty("Domainname") String domainname,
        @JsonProperty("User") String user,
        @JsonProperty("AttachStdin") Boolean attachStdin,
        @JsonProperty("AttachStdout") Boolean attachStdout,
        @JsonProperty("AttachStderr") Boolean attachStderr,
        @JsonProperty("ExposedPorts") Map<String, Object> exposedPorts,
        @JsonProperty("Tty") Boolean tty,
        @JsonProperty("OpenStdin") Boolean openStdin,
        @JsonProperty("StdinOnce") Boolean stdinOnce,
        @JsonProperty("Env") List<String> env,
        @JsonProperty("Cmd") @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> cmd,
        @JsonProperty("Healthcheck") Healthcheck healthcheck,
        @JsonProperty("Entrypoint") @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> entrypoint,
        @JsonProperty("Image") String image,
        @JsonProperty("Volumes") Map<String, Object> volumes,
        @JsonProperty("WorkingDir") String workingDir,
        @JsonProperty("Labels") Map<String, String> labels,
        @JsonProperty("StopSignal") String stopSignal,
        @JsonProperty("StopTimeout") Integer stopTimeout,
        @JsonProperty("HostConfig") HostConfig hostConfig,
        @JsonProperty("NetworkingConfig") NetworkingConfig networkingConfig) {

    /** {@code Config.Healthcheck}: durations in nanoseconds, as Go's time.Duration. */
    record Healthcheck(
            @JsonProperty("Test") List<String> test,
            @JsonProperty("Interval") Long interval,
            @JsonProperty("Timeout") Long timeout,
            @JsonProperty("Retries") Integer retries,
            @JsonProperty("StartPeriod") Long startPeriod,
            @JsonProperty("StartInterval") Long startInterval) {
    }

    /** {@code HostConfig}: what the host gives the container. */
    record HostConfig(
            @JsonProperty("Binds") List<String> binds,
            @JsonProperty("Tmpfs") Map<String, String> tmpfs,
            @JsonProperty("PortBindings") Map<String, List<PortBinding>> portBindings,
            @JsonProperty("PublishAllPorts") Boolean publishAllPorts,
            @JsonProperty("NetworkMode") String networkMode,
            @JsonProperty("AutoRemove") Boolean autoRemove,
            @JsonProperty("Memory") Long memory,
            @JsonProperty("NanoCpus") Long nanoCpus,
            @JsonProperty("CpuQuota") Long cpuQuota,
            @JsonProperty("CpuPeriod") Long cpuPeriod,
            @JsonProperty("PidsLimit") Long pidsLimit,
            @JsonProperty("CapAdd") List<String> capAdd,
            @JsonProperty("CapDrop") List<String> capDrop,
            @JsonProperty("Privileged") Boolean privileged,
            @JsonProperty("ReadonlyRootfs") Boolean readonlyRootfs,
            @JsonProperty("RestartPolicy") RestartPolicy restartPolicy,
            @JsonProperty("Ulimits") List<Ulimit> ulimits,
            @JsonProperty("ExtraHosts") List<String> extraHosts,
            @JsonProperty("Dns") List<String> dns,
            @JsonProperty("DnsSearch") List<String> dnsSearch,
            @JsonProperty("DnsOptions") List<String> dnsOptions,
            @JsonProperty("Mounts") List<Mount> mounts,
            @JsonProperty("LogConfig") LogConfig logConfig,
            @JsonProperty("Init") Boolean init,
            @JsonProperty("Devices") List<Device> devices,
            @JsonProperty("VolumesFrom") List<String> volumesFrom,
            @JsonProperty("Links") List<String> links) {
    }

    /** One host side of a published port; an empty or missing HostPort picks a free one. */
    record PortBinding(@JsonProperty("HostIp") String hostIp, @JsonProperty("HostPort") String hostPort) {
    }

    /** {@code HostConfig.RestartPolicy}. */
    record RestartPolicy(@JsonProperty("Name") String name, @JsonProperty("MaximumRetryCount") Integer maximumRetryCount) {
    }

    /** {@code HostConfig.Ulimits[]}. */
    record Ulimit(@JsonProperty("Name") String name, @JsonProperty("Soft") Long soft, @JsonProperty("Hard") Long hard) {
    }

    /** {@code HostConfig.Mounts[]}: bind, volume or tmpfs. */
    record Mount(
            @JsonProperty("Type") String type,
            @JsonProperty("Source") String source,
            @JsonProperty("Target") String target,
            @JsonProperty("ReadOnly") Boolean readOnly,
            @JsonProperty("TmpfsOptions") TmpfsOptions tmpfsOptions) {
    }

    /** {@code Mounts[].TmpfsOptions}. */
    record TmpfsOptions(@JsonProperty("SizeBytes") Long sizeBytes, @JsonProperty("Mode") Integer mode) {
    }

    /** {@code HostConfig.LogConfig}: the driver and its options. */
    record LogConfig(@JsonProperty("Type") String type, @JsonProperty("Config") Map<String, String> config) {
    }

    /** {@code HostConfig.Devices[]}. */
    record Device(@JsonProperty("PathOnHost") String pathOnHost, @JsonProperty("PathInContainer") String pathInContainer,
            @JsonProperty("CgroupPermissions") String cgroupPermissions) {
    }

    /** {@code NetworkingConfig}: the networks to join, with the container's aliases on each. */
    record NetworkingConfig(@JsonProperty("EndpointsConfig") Map<String, EndpointConfig> endpointsConfig) {
    }

    /** {@code NetworkingConfig.EndpointsConfig.NAME}. */
    record EndpointConfig(@JsonProperty("Aliases") List<String> aliases) {
    }
}
