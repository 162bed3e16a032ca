package dev.berth;

import dev.berth.image.oci.RuntimeConfig;
import dev.berth.image.store.ImageDetails;
import dev.berth.network.Attachment;
import dev.berth.overlayfs.driver.StorageDriver;
import dev.berth.overlayfs.store.ChainId;
import dev.berth.overlayfs.store.StoredLayer;
import dev.berth.runtime.AnonymousVolumes;
import dev.berth.runtime.CommandLine;
import dev.berth.runtime.ContainerCapabilities;
import dev.berth.runtime.ContainerConfig;
import dev.berth.runtime.ContainerConfigRules;
import dev.berth.runtime.ContainerDirectory;
import dev.berth.runtime.ContainerLogWriter;
import dev.berth.runtime.ContainerOwner;
import dev.berth.runtime.EtcFiles;
import dev.berth.runtime.ExecUser;
import dev.berth.runtime.HealthFiles;
import dev.berth.runtime.ImageLayers;
import dev.berth.runtime.RootfsFile;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The steps of {@code docker run} for one builder: resolve the image and unpack its layers,
 * apply the config rules (everything that can fail on the caller's input fails here, before
 * anything is created), create the container directory, open the log, launch, and wait for
 * readiness. A failure names its step and undoes what was done.
 */
final class ContainerStart {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ContainerBuilder<?> b;
    private final String name;

    private ContainerStart(ContainerBuilder<?> b, String name) {
        this.b = b;
        this.name = name;
    }

    /** A step that may throw anything. */
    private interface Step<T> {
        T run() throws Exception;
    }

    private <T> T step(String step, Step<T> body) {
        try {
            T done = body.run();
            dev.berth.namespaces.host.StartupTrace.mark("container: " + step);
            return done;
        } catch (ContainerException e) {
            throw e;
        } catch (Exception e) {
            throw new ContainerException(name, b.image, step, e);
        }
    }

    /**
     * {@code docker create}: everything up to the launch. The container is then listed, as
     * created, by every JVM on the home, and its name, network address and host ports are taken.
     */
    static Container create(ContainerBuilder<?> b) {
        b.berth.hostRootRefusal().ifPresent(reason -> {
            throw new UnsupportedOperationException("cannot create a container of " + b.image + ": " + reason);
        });
        String id = HexFormat.of().formatHex(randomBytes());
        return new ContainerStart(b, b.name != null ? b.name : "berth-" + id.substring(0, 12)).run(id);
    }

    /** {@code docker run}: create, launch, wait for readiness; a failure leaves nothing behind. */
    static Container start(ContainerBuilder<?> b) {
        Container c = create(b);
        try {
            c.start();
        } catch (RuntimeException e) {
            try {
                c.remove();
            } catch (RuntimeException removing) {
                e.addSuppressed(removing);
            }
            throw e;
        }
        new ContainerStart(b, c.name()).awaitReady(c);
        return c;
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** Creates container {@code id}: nothing is launched. */
    private Container run(String id) {
        Berth berth = b.berth;
        if (b.tty && !b.detached) {
            throw new ContainerException(name, b.image, "allocate a terminal", new IllegalArgumentException(
                    "tty(true) is for a detached container, whose helper holds the terminal; give an attached one"
                            + " a terminal with terminal(true)"));
        }
        if (b.terminal && b.detached) {
            throw new ContainerException(name, b.image, "allocate a terminal", new IllegalArgumentException(
                    "terminal(true) is for a container this JVM attaches to; a detached one's helper holds its"
                            + " terminal: use tty(true)"));
        }
        if (b.attach && !b.detached) {
            throw new ContainerException(name, b.image, "attach", new IllegalArgumentException(
                    "attach(true) is for a detached container, whose helper writes the log; an attached one's output"
                            + " is read with followLogs()"));
        }
        if (b.autoRemove && !b.restartPolicy.name().equals("no")) {
            throw new ContainerException(name, b.image, "create", new IllegalArgumentException(
                    "conflicting options: restart policy " + b.restartPolicy + " and autoRemove (--rm): a container removed"
                            + " when it exits cannot be restarted"));
        }
        ImageDetails image = step("resolve image", () -> berth.store().inspect(b.image));
        List<StoredLayer> layers = step("unpack layers", () -> ImageLayers.unpack(berth.store(), berth.layers(), image));
        List<Path> lowers = layers.stream().map(StoredLayer::diff).toList();
        ContainerDirectory dir = ContainerDirectory.of(berth.containersDirectory(), id);
        List<ContainerConfig.Bind> binds = new ArrayList<>(b.binds);
        b.volumes.forEach((path, volume) -> binds.add(new ContainerConfig.Bind(
                step("create volume " + volume, () -> berth.volumes().mountFor(volume)).toString(),
                path, b.readOnlyVolumes.contains(path))));
        List<String> mounted = new ArrayList<>(b.tmpfs);
        binds.forEach(bind -> mounted.add(bind.containerPath()));
        RuntimeConfig imageConfig = image.config().value().config();
        List<String> anonymous = step("resolve image volumes",
                () -> AnonymousVolumes.uncovered(imageConfig == null ? null : imageConfig.volumes(), mounted));
        for (int i = 0; i < anonymous.size(); i++) {
            binds.add(new ContainerConfig.Bind(AnonymousVolumes.directory(dir.volumes(), i).toString(), anonymous.get(i), false));
        }
        ContainerConfig config = configure(id, image, lowers, binds);
        ChainId top = ImageLayers.topChain(image);
        String holder = Container.layerHolder(id);
        Attachment network = null;
        try {
            step("create container directory", () -> {
                ContainerNames.claim(berth.containersDirectory(), null, b.image, name, () -> {
                    dir.create(ContainerOwner.current());
                    dir.writeConfig(config); // the name is taken once config.json names it
                });
                if (berth.storageDriver() == LayerStorage.VFS) {
                    StorageDriver.copy(berth.host()).create(lowers, dir.copiedRoot().getParent());
                }
                AnonymousVolumes.create(berth.host().syscalls(), lowers, anonymous, dir.volumes());
                dir.writeEtc("hostname", EtcFiles.hostname(config.hostname()));
                dir.writeEtc("hosts", EtcFiles.hosts(config.hostname(), null, List.of()));
                dir.writeEtc("resolv.conf", EtcFiles.resolvConfWithoutNetwork(berth.hostResolvConf().read()));
                if (config.root().readonly()) {
                    // Made now: a read-only root cannot get it later. A copied root is its own lower.
                    if (dir.hasCopiedRoot()) {
                        RootfsFile.makeDirectory(berth.host(), List.of(dir.copiedRoot()), dir.copiedRoot(), config.process().workdir());
                    } else {
                        RootfsFile.makeDirectory(berth.host(), lowers, dir.upper(), config.process().workdir());
                    }
                }
                HealthConfig check = healthcheck(imageConfig);
                if (!check.disabled()) {
                    HealthFiles.of(dir.root()).writeConfig(check);
                }
                berth.layers().retain(top, holder);
                return null;
            });
            ContainerEvents.record(berth.events(), config, "create", java.util.Map.of());
            network = step("attach network", () -> berth.networks().attach(b.effectiveNetworkMode(), b.network,
                    b.networkAliases, b.published, id, name, config.hostname()));
            Attachment attached = network;
            step("write /etc/hosts and /etc/resolv.conf", () -> {
                EtcOverrides.write(berth, b, dir, config.hostname(), attached);
                return null;
            });
            Container c = new Container(berth, config, dir, top, network, new ContainerRun.Io(b.terminal, b.attach));
            step("record the state", () -> {
                c.recordCreated();
                return null;
            });
            berth.started(c);
            return c;
        } catch (RuntimeException e) {
            if (network != null) {
                closeQuietly(network, e);
            }
            undo(dir, top, holder, e);
            throw e;
        }
    }

    private ContainerConfig configure(String id, ImageDetails image, List<Path> lowers, List<ContainerConfig.Bind> binds) {
        ContainerConfigRules rules = new ContainerConfigRules(b.image, image.config().value().config());
        String hostname = b.hostname != null ? b.hostname : id.substring(0, 12);
        CommandLine line = step("resolve command", () -> {
            CommandLine l = rules.commandLine(b.entrypoint, b.command);
            l.argv(); // fails here, with the step named, when neither sets a command
            return l;
        });
        String userSpec = rules.userSpec(b.user);
        ExecUser user = step("resolve user \"" + userSpec + "\"", () -> ContainerConfigRules.user(b.berth.host().syscalls(), userSpec, lowers));
        String workdir = step("resolve working directory", () -> rules.workdir(b.workdir));
        String stopSignal = step("resolve stop signal", () -> rules.stopSignal(b.stopSignal));
        List<String> capabilities = step("resolve capabilities", () -> ContainerCapabilities.resolve(b.capAdd, b.capDrop));
        return new ContainerConfig(id, name, Instant.now().toString(),
                new ContainerConfig.Image(b.image, image.manifest().digest().toString(),
                        ImageLayers.topChain(image).toString()),
                new ContainerConfig.Process(line.argv(), line.entrypoint(), line.cmd(), rules.env(b.env, hostname),
                        workdir, new ContainerConfig.User(userSpec, user.uid(), user.gid(), user.additionalGids(), user.home()),
                        capabilities, List.copyOf(b.ulimits), b.init),
                new ContainerConfig.Root(List.copyOf(lowers), b.readOnlyRoot),
                new ContainerConfig.Mounts(List.copyOf(binds), List.copyOf(b.tmpfs)), hostname,
                new ContainerConfig.Linux(new ContainerConfig.Limits(b.memoryBytes, b.cpus, b.pids), List.copyOf(b.devices)),
                new ContainerConfig.Io(b.stdin, b.tty || b.terminal, b.detached, b.logOptions, b.stdinOnce, b.attachStreams),
                new ContainerConfig.Lifecycle(stopSignal, b.autoRemove, b.restartPolicy),
                new ContainerConfig.Annotations(rules.labels(b.labels), rules.exposedPorts()));
    }

    /** The builder's health check over the image's, as Docker merges them. */
    private HealthConfig healthcheck(RuntimeConfig imageConfig) {
        dev.berth.image.oci.Healthcheck h = imageConfig == null ? null : imageConfig.healthcheck();
        HealthConfig image = h == null ? null
                : step("read the image's health check", () -> new HealthConfig(h.test(), h.interval(), h.timeout(), h.startPeriod(),
                        h.startInterval(), h.retries()));
        HealthConfig own = b.healthcheck == null ? new HealthConfig(null, null, null, null, null, null) : b.healthcheck;
        return own.over(image);
    }

    private void awaitReady(Container c) {
        if (b.waitStrategy == null) {
            return;
        }
        try {
            b.waitStrategy.waitUntilReady(c);
        } catch (RuntimeException e) {
            // A container that never became ready is of no use to anyone, a detached one too
            // (whose close() would leave it).
            ContainerException failure = new ContainerException(name, b.image, "wait for readiness", e);
            try {
                c.stop();
                c.remove();
            } catch (RuntimeException cleanup) {
                failure.addSuppressed(cleanup);
            }
            throw failure;
        }
    }

    private static void closeQuietly(Attachment network, RuntimeException failure) {
        try {
            network.close();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** Removes what a failed start made; the container's own close has done it if it got that far. */
    private void undo(ContainerDirectory dir, ChainId top, String holder, RuntimeException failure) {
        try {
            b.berth.layers().release(top, holder);
            dir.delete();
        } catch (Exception e) {
            failure.addSuppressed(e);
        }
    }
}
