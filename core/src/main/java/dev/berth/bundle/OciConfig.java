package dev.berth.bundle;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;

/**
 * The part of a bundle's {@code config.json} that Berth writes and reads, field for field as the
 * runtime spec names them
 * (<a href="https://github.com/opencontainers/runtime-spec/blob/main/config.md">config.md</a>,
 * <a href="https://github.com/opencontainers/runtime-spec/blob/main/config-linux.md">config-linux.md</a>).
 * Absent fields are null. Fields Berth does not know are ignored when read, except those that
 * would change what runs, which {@link OciToLaunch} refuses.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record OciConfig(String ociVersion, Process process, Root root, String hostname, List<Mount> mounts,
        Linux linux, JsonNode hooks) {

    /** The runtime spec version Berth writes: the newest that runc 1.1 and crun 1.x accept. */
    public static final String VERSION = "1.0.2";

    /** {@code process}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Process(Boolean terminal, User user, List<String> args, List<String> env, String cwd,
            Capabilities capabilities, List<Rlimit> rlimits, Boolean noNewPrivileges) {
    }

    /** {@code process.user}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record User(long uid, long gid, Integer umask, List<Long> additionalGids) {
    }

    /** {@code process.capabilities}: names such as {@code CAP_CHOWN}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Capabilities(List<String> bounding, List<String> effective, List<String> inheritable,
            List<String> permitted, List<String> ambient) {
    }

    /** {@code process.rlimits[]}: {@code type} such as {@code RLIMIT_NOFILE}. */
    public record Rlimit(String type, long soft, long hard) {
    }

    /** {@code root}: {@code path} relative to the bundle or absolute. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Root(String path, Boolean readonly) {
    }

    /** {@code mounts[]}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Mount(String destination, String type, String source, List<String> options) {
    }

    /** {@code linux}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Linux(List<Namespace> namespaces, List<IdMapping> uidMappings, List<IdMapping> gidMappings,
            Resources resources, List<Device> devices, JsonNode seccomp, List<String> maskedPaths,
            List<String> readonlyPaths) {
    }

    /** {@code linux.namespaces[]}: {@code type} such as {@code mount}; {@code path} to join one. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Namespace(String type, String path) {
        /** The runtime spec's name of {@code t}: {@code mount}, {@code network}, or the kernel's. */
        public static String typeName(dev.berth.namespaces.Namespace.Type t) {
            return switch (t) {
                case MNT -> "mount";
                case NET -> "network";
                default -> t.name().toLowerCase(Locale.ROOT);
            };
        }

        /** Berth's type of this namespace. */
        public dev.berth.namespaces.Namespace.Type berthType() {
            for (dev.berth.namespaces.Namespace.Type t : dev.berth.namespaces.Namespace.Type.values()) {
                if (typeName(t).equals(type)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("linux.namespaces: unknown namespace type '" + type + "'");
        }
    }

    /** {@code linux.uidMappings[]} and {@code gidMappings[]}. */
    public record IdMapping(@JsonProperty("containerID") long containerId, @JsonProperty("hostID") long hostId,
            long size) {
    }

    /** {@code linux.resources}, as far as Berth sets cgroup limits. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Resources(Memory memory, Cpu cpu, Pids pids) {
    }

    /** {@code linux.resources.memory}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Memory(Long limit) {
    }

    /** {@code linux.resources.cpu}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Cpu(Long quota, Long period, Long shares) {
    }

    /** {@code linux.resources.pids}. */
    public record Pids(long limit) {
    }

    /** {@code linux.devices[]}: a device node made in the container. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Device(String path, String type, long major, long minor, Integer fileMode) {
    }
}
