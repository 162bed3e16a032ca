package dev.berth;

import dev.berth.bundle.BundleDirectory;
import dev.berth.bundle.LaunchToOci;
import dev.berth.image.oci.RuntimeConfig;
import dev.berth.image.store.ImageDetails;
import dev.berth.namespaces.launch.ProcessSpec;
import dev.berth.namespaces.launch.RootFs;
import dev.berth.overlayfs.store.StoredLayer;
import dev.berth.runtime.CommandLine;
import dev.berth.runtime.ContainerCapabilities;
import dev.berth.runtime.ContainerConfigRules;
import dev.berth.runtime.ContainerLaunch;
import dev.berth.runtime.ExecUser;
import dev.berth.runtime.ImageLayers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes an image as an OCI bundle: {@code config.json} plus a {@code rootfs} copy of its layers
 * (<a href="https://github.com/opencontainers/runtime-spec/blob/main/bundle.md">bundle.md</a>),
 * which runc and crun run as Berth would run the container, and {@link Berth#runBundle} runs.
 * The command, environment, user and working directory resolve as for {@link Berth#container}:
 * the caller's over the image's. The bundle's container has its own network namespace with only
 * loopback, the capabilities and seccomp profile of Docker's defaults, and no cgroup limits.
 *
 * <pre>{@code
 * Path bundle = berth.bundle("busybox").command("echo", "hi").writeTo(Path.of("/tmp/b"));
 * // runc run -b /tmp/b id   or   berth.runBundle(bundle)
 * }</pre>
 */
public final class BundleBuilder {
    private final Berth berth;
    private final String image;
    private List<String> command = List.of();
    private final Map<String, String> env = new LinkedHashMap<>();
    private String user;
    private String workdir;
    private String hostname;

    BundleBuilder(Berth berth, String image) {
        this.berth = berth;
        this.image = Objects.requireNonNull(image, "image");
    }

    /** The command, in place of the image's Cmd (after its Entrypoint). */
    public BundleBuilder command(String... command) {
        this.command = List.copyOf(Arrays.asList(command));
        return this;
    }

    /** Sets one environment variable over the image's. */
    public BundleBuilder env(String name, String value) {
        env.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /** The user, as Docker's {@code --user} names it ({@code name}, {@code uid}, {@code uid:gid}). */
    public BundleBuilder user(String user) {
        this.user = Objects.requireNonNull(user, "user");
        return this;
    }

    /** The working directory, absolute. */
    public BundleBuilder workdir(String workdir) {
        this.workdir = Objects.requireNonNull(workdir, "workdir");
        return this;
    }

    /** The hostname (default {@code berth}). */
    public BundleBuilder hostname(String hostname) {
        this.hostname = Objects.requireNonNull(hostname, "hostname");
        return this;
    }

    /**
     * Writes the bundle to {@code dir}, which must not exist or be empty, and returns its path.
     *
     * @throws IOException if the image cannot be read or the bundle written; nothing is left behind
     * @throws IllegalArgumentException naming the setting that is invalid for the image
     */
    public Path writeTo(Path dir) throws IOException {
        ImageDetails details = berth.store().inspect(image);
        List<Path> lowers = ImageLayers.unpack(berth.store(), berth.layers(), details).stream()
                .map(StoredLayer::diff).toList();
        RuntimeConfig config = details.config().value().config();
        ContainerConfigRules rules = new ContainerConfigRules(image, config);
        String host = hostname != null ? hostname : "berth";
        CommandLine line = rules.commandLine(null, command);
        ExecUser u = ContainerConfigRules.user(berth.host().syscalls(), rules.userSpec(user), lowers);
        BundleDirectory bundle = BundleDirectory.at(dir);
        ProcessSpec spec = ContainerLaunch.withUser(ProcessSpec.builder(line.argv()), rules.env(env, host), u.uid(),
                        u.gid(), u.additionalGids(), u.home())
                .hostname(host)
                .workdir(rules.workdir(workdir))
                .rootfs(RootFs.directory(bundle.rootfs()))
                .capabilities(ContainerCapabilities.forUser(u.uid(), null))
                .build();
        bundle.write(berth.host(), lowers, LaunchToOci.toOci(spec, BundleDirectory.ROOTFS));
        return bundle.path();
    }
}
