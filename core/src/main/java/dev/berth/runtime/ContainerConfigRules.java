package dev.berth.runtime;

import dev.berth.image.oci.RuntimeConfig;
import dev.berth.namespaces.linux.Syscalls;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Docker's rules for combining an image's config
 * (<a href="https://github.com/opencontainers/image-spec/blob/main/config.md">image-spec config.md</a>)
 * with the caller's options (<a href="https://docs.docker.com/reference/cli/docker/container/run/">docker
 * run</a>): the caller's value wins where one is given; {@code Env} is merged by name, the image's
 * first; the user is resolved against the image's own {@code /etc/passwd} and {@code /etc/group}.
 * Each method is one step of a container's start, so a failure can name it.
 */
public final class ContainerConfigRules {
    private final String image;
    private final RuntimeConfig config;

    /** The rules for {@code image} (named in errors) with config {@code config} (null when it has none). */
    public ContainerConfigRules(String image, RuntimeConfig config) {
        this.image = image;
        this.config = config == null ? RuntimeConfig.empty() : config;
    }

    /** The argv: see {@link CommandLine}; {@code entrypoint} null keeps the image's. */
    public List<String> argv(List<String> entrypoint, List<String> cmd) {
        return commandLine(entrypoint, cmd).argv();
    }

    /** The container's Entrypoint and Cmd after the caller's overrides; {@code entrypoint} null keeps the image's. */
    public CommandLine commandLine(List<String> entrypoint, List<String> cmd) {
        CommandLine line = CommandLine.ofImage(image, config.entrypoint(), config.cmd()).withCmd(cmd);
        return entrypoint == null ? line : line.withEntrypoint(entrypoint);
    }

    /**
     * The environment as {@code NAME=value}: the image's, then the caller's (replacing by name),
     * then {@code HOSTNAME}, which Docker sets unless the caller does. HOME comes at launch,
     * from the user the process runs as.
     */
    public List<String> env(Map<String, String> overrides, String hostname) {
        List<String> base = new ArrayList<>(List.of("HOSTNAME=" + hostname));
        base.addAll(config.env() == null ? List.of() : config.env());
        return mergeEnv(base, overrides);
    }

    /** {@code base} ({@code NAME=value} entries) with {@code overrides} replacing entries by name, in order. */
    public static List<String> mergeEnv(List<String> base, Map<String, String> overrides) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String entry : base) {
            int eq = entry.indexOf('=');
            env.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
        env.putAll(overrides);
        return env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    }

    /** The working directory: the caller's, else the image's, else {@code /}. */
    public String workdir(String override) {
        String dir = override != null ? override : config.workingDir();
        if (dir == null || dir.isEmpty()) {
            return "/";
        }
        if (!dir.startsWith("/")) {
            throw new IllegalArgumentException("working directory \"" + dir + "\" of image " + image + " is not absolute");
        }
        return dir;
    }

    /** The user value in effect: the caller's, else the image's {@code User} (may be empty). */
    public String userSpec(String override) {
        return override != null ? override : config.user() == null ? "" : config.user();
    }

    /**
     * Resolves {@code userSpec} against the passwd and group files of the root made of
     * {@code layersHighestFirst}, read through {@code sys}; numeric ids need no entry.
     *
     * @throws IllegalArgumentException naming a user or group that has no entry
     */
    public static ExecUser user(Syscalls sys, String userSpec, List<Path> layersHighestFirst) throws IOException {
        PasswdFile passwd = RootfsFile.read(sys, layersHighestFirst, "/etc/passwd").map(PasswdFile::parse)
                .orElse(PasswdFile.absent());
        GroupFile groups = RootfsFile.read(sys, layersHighestFirst, "/etc/group").map(GroupFile::parse)
                .orElse(GroupFile.absent());
        return UserSpec.parse(userSpec).resolve(passwd, groups);
    }

    /** The stop signal: the caller's, else the image's {@code StopSignal}, else SIGTERM. */
    public String stopSignal(String override) {
        String s = override != null ? override : config.stopSignal() != null ? config.stopSignal() : StopSignal.DEFAULT;
        StopSignal.number(s); // fails now, naming the value, rather than at stop
        return s;
    }

    /** The labels: the image's, with the caller's added over them. */
    public Map<String, String> labels(Map<String, String> overrides) {
        Map<String, String> labels = new LinkedHashMap<>(config.labels() == null ? Map.of() : config.labels());
        labels.putAll(overrides);
        return labels;
    }

    /** The container ports the image exposes ({@code 80/tcp} gives 80), sorted. */
    public List<Integer> exposedPorts() {
        if (config.exposedPorts() == null) {
            return List.of();
        }
        return config.exposedPorts().stream().map(p -> Integer.parseInt(p.split("/")[0])).sorted().toList();
    }
}
