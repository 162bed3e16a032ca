package dev.berth.runtime;

import dev.berth.log.LogOptions;
import java.util.List;
import java.util.Map;

/**
 * Everything a container was created with, resolved: what its {@code config.json} holds, so
 * that another JVM can list the container and a later slice can restart it. The fields follow
 * Docker's {@code docker inspect} Config and HostConfig
 * (<a href="https://docs.docker.com/reference/api/engine/version/v1.45/#tag/Container/operation/ContainerInspect">inspect</a>).
 *
 * @param id 64 hex digits
 * @param name the caller's name, or one made from the id
 * @param image the image as the caller named it
 * @param imageDigest the manifest digest it resolved to
 * @param topLayer the chain id of the image's top layer, which the container references
 * @param lowers the layer directories, highest first
 * @param argv entrypoint and cmd
 * @param entrypoint the Entrypoint in effect (the image's or the caller's), which {@code commit} keeps
 * @param cmd the Cmd in effect, which {@code commit} keeps
 * @param env {@code NAME=value}, without HOME (added at launch for the process's user)
 * @param workdir absolute
 * @param user the User value in effect
 * @param uid resolved user id
 * @param gid resolved primary group id
 * @param groups additional group ids
 * @param home the user's home directory, HOME unless env sets it
 * @param hostname the UTS hostname
 * @param stopSignal as Docker's StopSignal
 * @param labels image labels with the caller's over them
 * @param exposedPorts the image's exposed container ports
 * @param binds host bind mounts
 * @param tmpfs paths that get a tmpfs, each {@code path[:options]} as Docker's {@code --tmpfs}
 * @param limits cgroup limits: memory bytes, cpus, pids (0 for none)
 * @param ulimits rlimits
 * @param init whether Berth's init is PID 1
 * @param readOnlyRoot whether the root is mounted read-only
 * @param detached whether closing Berth leaves it running
 * @param stdin whether stdin is a pipe the caller writes
 * @param created ISO-8601 creation time
 * @param capabilities what a process of the container running as root gets (see
 *        {@link ContainerCapabilities}); null (a config written before they were kept) is the default
 * @param autoRemove whether it is removed once it has exited ({@code docker run --rm})
 * @param tty whether a detached container's stage-1 helper gives it a pseudo-terminal ({@code docker run -dt})
 * @param devices host devices made available ({@code docker run --device}); null (a config written
 *        before they were kept) is none
 * @param logOptions how its log is rotated ({@code --log-opt max-size, max-file}); null (a config
 *        written before they were kept) is {@link LogOptions#DEFAULT}, see {@link #log()}
 */
public record ContainerConfig(String id, String name, String image, String imageDigest, String topLayer,
        List<String> lowers, List<String> argv, List<String> entrypoint, List<String> cmd, List<String> env, String workdir, String user, int uid, int gid,
        List<Integer> groups, String home, String hostname, String stopSignal, Map<String, String> labels,
        List<Integer> exposedPorts, List<Bind> binds, List<String> tmpfs, Limits limits, List<Ulimit> ulimits,
        boolean init, boolean readOnlyRoot, boolean detached, boolean stdin, String created, List<String> capabilities,
        boolean autoRemove, boolean tty, List<Device> devices,
        LogOptions logOptions) {

    /** The log options in effect. */
    public LogOptions log() {
        return LogOptions.orDefault(logOptions);
    }

    /** A host path bound into the container ({@code docker run -v host:container[:ro]}). */
    public record Bind(String hostPath, String containerPath, boolean readOnly) {
    }

    /** Cgroup limits as {@code --memory}, {@code --cpus} and {@code --pids-limit} give them; 0 is none. */
    public record Limits(long memoryBytes, double cpus, long pids) {
    }

    /**
     * A host device as {@code --device HOST[:CONTAINER[:PERMS]]} gives it, resolved when the
     * container is created: its type ('c' or 'b'), numbers and permission bits are the host node's.
     *
     * @param hostPath the host's device node
     * @param containerPath where it appears in the container
     * @param permissions the cgroup access, a combination of r, w and m
     * @param type 'c' or 'b'
     * @param major the device's major number
     * @param minor the device's minor number
     * @param mode the host node's permission bits
     */
    public record Device(String hostPath, String containerPath, String permissions, char type, int major, int minor,
            int mode) {
    }

    /** The devices, empty for a config written before they were kept. */
    public List<Device> devicesOrNone() {
        return devices == null ? List.of() : devices;
    }

    /** An rlimit as {@code --ulimit name=soft:hard} gives it. */
    public record Ulimit(String name, long soft, long hard) {
    }
}
