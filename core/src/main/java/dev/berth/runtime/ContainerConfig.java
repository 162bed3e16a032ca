package dev.berth.runtime;

import dev.berth.AttachStreams;
import dev.berth.RestartPolicy;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.berth.log.LogOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a container was created with, resolved: what its {@code config.json} holds, so
 * that another JVM can list the container and restart it. Grouped as the OCI runtime spec groups
 * a container's configuration
 * (<a href="https://github.com/opencontainers/runtime-spec/blob/main/config.md">config.md</a>):
 * {@link Process process}, {@link Root root}, {@link Mounts mounts}, hostname and {@link Linux linux};
 * the rest is what Docker keeps beside it ({@code docker inspect} Config and HostConfig,
 * <a href="https://docs.docker.com/reference/api/engine/version/v1.45/#tag/Container/operation/ContainerInspect">inspect</a>):
 * the {@link Image image} it came from, its {@link Io io}, its {@link Lifecycle lifecycle} and its
 * {@link Annotations annotations}. A config written by Berth before this grouping is read by
 * {@link LegacyContainerConfig}.
 *
 * @param id 64 hex digits
 * @param name the caller's name, or one made from the id
 * @param created ISO-8601 creation time
 * @param image the image it was made from
 * @param process what runs, as whom
 * @param root its root file system
 * @param mounts what is mounted over the root
 * @param hostname the UTS hostname
 * @param linux cgroup limits and devices
 * @param io its streams and log
 * @param lifecycle how it stops and ends
 * @param annotations what it shows but does not act on
 */
public record ContainerConfig(String id, String name, String created, Image image, Process process, Root root,
        Mounts mounts, String hostname, Linux linux, Io io, Lifecycle lifecycle, Annotations annotations) {

    public ContainerConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(process, "process");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(mounts, "mounts");
        Objects.requireNonNull(linux, "linux");
        Objects.requireNonNull(io, "io");
        Objects.requireNonNull(lifecycle, "lifecycle");
        Objects.requireNonNull(annotations, "annotations");
    }

    /** The same config under another name ({@code docker rename}). */
    public ContainerConfig withName(String newName) {
        return new ContainerConfig(id, newName, created, image, process, root, mounts, hostname, linux, io, lifecycle,
                annotations);
    }

    /**
     * The image a container was made from.
     *
     * @param reference the image as the caller named it
     * @param digest the manifest digest it resolved to
     * @param topLayer the chain id of the image's top layer, which the container references
     */
    public record Image(String reference, String digest, String topLayer) {
    }

    /**
     * The runtime spec's {@code process}, with the Entrypoint and Cmd it came from.
     *
     * @param argv entrypoint and cmd
     * @param entrypoint the Entrypoint in effect (the image's or the caller's), which {@code commit} keeps
     * @param cmd the Cmd in effect, which {@code commit} keeps
     * @param env {@code NAME=value}, without HOME (added at launch for the process's user)
     * @param workdir absolute
     * @param user whom it runs as
     * @param capabilities what a process of the container running as root gets (see
     *        {@link ContainerCapabilities})
     * @param ulimits rlimits
     * @param init whether Berth's init is PID 1
     */
    public record Process(List<String> argv, List<String> entrypoint, List<String> cmd, List<String> env,
            String workdir, User user, List<String> capabilities, List<Ulimit> ulimits, boolean init) {
    }

    /**
     * The runtime spec's {@code process.user}, with the User value it was resolved from.
     *
     * @param spec the User value in effect
     * @param uid resolved user id
     * @param gid resolved primary group id
     * @param groups additional group ids
     * @param home the user's home directory, HOME unless env sets it
     */
    public record User(String spec, int uid, int gid, List<Integer> groups, String home) {
    }

    /**
     * The runtime spec's {@code root}: an overlay of the image's layers (or a copy of them).
     *
     * @param lowers the layer directories, highest first
     * @param readonly whether the root is mounted read-only
     */
    public record Root(
            @JsonSerialize(contentUsing = ToStringSerializer.class) @JsonDeserialize(contentAs = Path.class)
            List<Path> lowers, boolean readonly) {
    }

    /**
     * The runtime spec's {@code mounts}, as Docker's flags give them.
     *
     * @param binds host bind mounts
     * @param tmpfs paths that get a tmpfs, each {@code path[:options]} as Docker's {@code --tmpfs}
     */
    public record Mounts(List<Bind> binds, List<String> tmpfs) {
    }

    /**
     * The runtime spec's {@code linux.resources} and {@code linux.devices}.
     *
     * @param resources cgroup limits: memory bytes, cpus, pids (0 for none)
     * @param devices host devices made available ({@code docker run --device})
     */
    public record Linux(Limits resources, List<Device> devices) {
    }

    /**
     * Its streams and log: Berth's own part, which the runtime spec leaves to the runtime's caller.
     *
     * @param stdin whether stdin is a pipe the caller writes
     * @param tty whether a detached container's stage-1 helper gives it a pseudo-terminal ({@code docker run -dt})
     * @param detached whether closing Berth leaves it running (its helper then writes the log)
     * @param log how its log is rotated ({@code --log-opt max-size, max-file})
     * @param stdinOnce whether stdin is closed when the first attached writer closes it
     *        (Docker's {@code StdinOnce}, set by {@code docker run -i} without {@code -d})
     * @param attachStreams the streams its creator said a client attaches to (none in configs written before)
     */
    public record Io(boolean stdin, boolean tty, boolean detached, LogOptions log, boolean stdinOnce,
            AttachStreams attachStreams) {
        public Io {
            attachStreams = attachStreams == null ? AttachStreams.NONE : attachStreams;
        }

        /** Without the attach streams, as configs written before they were recorded. */
        public Io(boolean stdin, boolean tty, boolean detached, LogOptions log, boolean stdinOnce) {
            this(stdin, tty, detached, log, stdinOnce, AttachStreams.NONE);
        }

        /** Without {@code StdinOnce}, as configs written before it had it. */
        public Io(boolean stdin, boolean tty, boolean detached, LogOptions log) {
            this(stdin, tty, detached, log, false);
        }
    }

    /**
     * How it stops and ends.
     *
     * @param stopSignal as Docker's StopSignal
     * @param autoRemove whether it is removed once it has exited ({@code docker run --rm})
     * @param restart when it is started again after it exits ({@code --restart}); {@code no} when absent
     */
    public record Lifecycle(String stopSignal, boolean autoRemove, RestartPolicy restart) {
        public Lifecycle {
            restart = restart == null ? RestartPolicy.NO : restart;
        }

        /** Without a restart policy, as configs written before it had one. */
        public Lifecycle(String stopSignal, boolean autoRemove) {
            this(stopSignal, autoRemove, RestartPolicy.NO);
        }
    }

    /**
     * What it shows but does not act on, as the runtime spec's {@code annotations} are.
     *
     * @param labels image labels with the caller's over them
     * @param exposedPorts the image's exposed container ports
     */
    public record Annotations(Map<String, String> labels, List<Integer> exposedPorts) {
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

    /** An rlimit as {@code --ulimit name=soft:hard} gives it. */
    public record Ulimit(String name, long soft, long hard) {
    }
}
