package dev.berth.build;

import dev.berth.image.oci.Healthcheck;
import dev.berth.image.oci.RuntimeConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The image config a build step changes, held mutable while a stage runs and turned back into a
 * {@link RuntimeConfig} at the end (fields as in
 * <a href="https://github.com/opencontainers/image-spec/blob/main/config.md#properties">config.md</a>).
 * Env and labels keep their order; the rest are replaced whole, as each Dockerfile instruction
 * replaces them.
 */
public final class BuildConfig {
    public String user;
    public final TreeSet<String> exposedPorts = new TreeSet<>();
    public final Map<String, String> env = new LinkedHashMap<>();
    public List<String> entrypoint;
    public List<String> cmd;
    public final TreeSet<String> volumes = new TreeSet<>();
    public String workingDir;
    public final Map<String, String> labels = new LinkedHashMap<>();
    public String stopSignal;
    public Healthcheck healthcheck;
    public final List<String> onBuild = new ArrayList<>();
    public List<String> shell;

    /** The PATH docker (BuildKit's {@code system.DefaultPathEnv}) and buildah give a stage FROM scratch. */
    public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /**
     * The config a stage FROM scratch starts with: only the default PATH in Env, as BuildKit's empty
     * image records it, so that {@code ENV PATH=/x:$PATH} keeps the system directories.
     */
    public static RuntimeConfig scratch() {
        BuildConfig b = new BuildConfig();
        b.env.put("PATH", DEFAULT_PATH);
        return b.toRuntimeConfig();
    }

    /** A mutable copy of {@code c} (null: nothing set). */
    public static BuildConfig of(RuntimeConfig c) {
        BuildConfig b = new BuildConfig();
        if (c == null) {
            return b;
        }
        b.user = c.user();
        if (c.exposedPorts() != null) {
            b.exposedPorts.addAll(c.exposedPorts());
        }
        if (c.env() != null) {
            for (String e : c.env()) {
                int eq = e.indexOf('=');
                b.env.put(e.substring(0, eq), e.substring(eq + 1));
            }
        }
        b.entrypoint = c.entrypoint();
        b.cmd = c.cmd();
        if (c.volumes() != null) {
            b.volumes.addAll(c.volumes());
        }
        b.workingDir = c.workingDir();
        if (c.labels() != null) {
            new java.util.TreeMap<>(c.labels()).forEach(b.labels::put);
        }
        b.stopSignal = c.stopSignal();
        b.healthcheck = c.healthcheck();
        // The base's ONBUILD triggers run in the stage built FROM it and are not inherited further.
        b.shell = c.shell();
        return b;
    }

    /** The shell for shell-form commands: SHELL's, else {@code /bin/sh -c}. */
    public List<String> shellOrDefault() {
        return shell == null ? List.of("/bin/sh", "-c") : shell;
    }

    /** The config as an image stores it. */
    public RuntimeConfig toRuntimeConfig() {
        return new RuntimeConfig(user, exposedPorts.isEmpty() ? null : exposedPorts,
                env.isEmpty() ? null : env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList(),
                entrypoint, cmd, volumes.isEmpty() ? null : volumes, workingDir,
                labels.isEmpty() ? null : labels, stopSignal, null, healthcheck,
                onBuild.isEmpty() ? null : onBuild, shell);
    }
}
