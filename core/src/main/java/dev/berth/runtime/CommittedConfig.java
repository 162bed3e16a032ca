package dev.berth.runtime;

import dev.berth.image.oci.RuntimeConfig;
import java.util.List;
import java.util.Map;

/**
 * The runtime config that {@code docker commit} gives the new image
 * (<a href="https://docs.docker.com/reference/cli/docker/container/commit/">docker commit</a>):
 * the container's Entrypoint, Cmd, Env, WorkingDir, User, Labels and StopSignal in place of the
 * image's, the rest (exposed ports, volumes, healthcheck, ...) kept from the image.
 */
public final class CommittedConfig {
    private CommittedConfig() {
    }

    /** {@code base} (the image's config, or null) with what {@code container} was given in its place. */
    public static RuntimeConfig of(ContainerConfig container, RuntimeConfig base) {
        RuntimeConfig b = base == null ? RuntimeConfig.empty() : base;
        ContainerConfig.Process process = container.process();
        // HOSTNAME is set per container, not part of what the image carries.
        List<String> env = process.env().stream().filter(e -> !e.equals("HOSTNAME=" + container.hostname())).toList();
        Map<String, String> labels = container.annotations().labels();
        return new RuntimeConfig(process.user().spec(), b.exposedPorts(), env, emptyToNull(process.entrypoint()),
                emptyToNull(process.cmd()), b.volumes(), process.workdir(), labels.isEmpty() ? null : labels,
                container.lifecycle().stopSignal(), b.argsEscaped(), b.healthcheck(), b.onBuild(), b.shell());
    }

    private static List<String> emptyToNull(List<String> list) {
        return list == null || list.isEmpty() ? null : list;
    }
}
