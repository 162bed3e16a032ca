package dev.berth.runtime;

import dev.berth.image.oci.RuntimeConfig;
import java.util.List;

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
        // HOSTNAME is set per container, not part of what the image carries.
        List<String> env = container.env().stream().filter(e -> !e.equals("HOSTNAME=" + container.hostname())).toList();
        return new RuntimeConfig(container.user(), b.exposedPorts(), env, emptyToNull(container.entrypoint()),
                emptyToNull(container.cmd()), b.volumes(), container.workdir(),
                container.labels().isEmpty() ? null : container.labels(), container.stopSignal(), b.argsEscaped(),
                b.healthcheck(), b.onBuild(), b.shell());
    }

    private static List<String> emptyToNull(List<String> list) {
        return list == null || list.isEmpty() ? null : list;
    }
}
