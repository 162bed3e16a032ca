package dev.berth;

import dev.berth.image.Digest;
import dev.berth.image.oci.RuntimeConfig;
import dev.berth.image.store.ImageDetails;
import dev.berth.namespaces.Namespace;
import dev.berth.namespaces.launch.LaunchException;
import dev.berth.namespaces.process.ExitStatus;
import dev.berth.namespaces.process.IsolatedProcess;
import dev.berth.namespaces.process.ProcessIdentity;
import dev.berth.network.Attachment;
import dev.berth.log.AttachedOutput;
import dev.berth.overlayfs.store.ChainId;
import dev.berth.runtime.ContainerConfig;
import dev.berth.runtime.ContainerConfigRules;
import dev.berth.runtime.ContainerCopy;
import dev.berth.runtime.ContainerDirectory;
import dev.berth.runtime.ContainerExec;
import dev.berth.runtime.ContainerLaunch;
import dev.berth.runtime.ImageCommit;
import dev.berth.runtime.ContainerLog;
import dev.berth.runtime.ContainerLogWriter;
import dev.berth.runtime.RootAccess;
import dev.berth.runtime.ExecUser;
import dev.berth.log.LogQuery;
import dev.berth.log.LogRecord;
import dev.berth.log.LogStream;
import dev.berth.runtime.RecordedState;
import dev.berth.runtime.StopSignal;
import dev.berth.runtime.ContainerLogLines;
import dev.berth.wait.LogLines;
import dev.berth.wait.WaitTarget;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/**
 * A started container: its main process in its own namespaces on an overlay of its image, its
 * log, and its directory under {@code BERTH_HOME/containers/}. Follows Docker's container
 * lifecycle (<a href="https://docs.docker.com/reference/cli/docker/container/">docker
 * container</a>): exec, logs, wait, stop, kill, rm. Closing it stops and removes it, leaving
 * no process, mount or cgroup behind, unless it is detached. Thread-safe.
 */
public final class Container implements AutoCloseable, WaitTarget {
    /** Docker's default stop timeout. */
    public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(10);
    /** How long an exit waits for the output still in the pipes (a daemon may hold them open). */
    private static final Duration LOG_DRAIN_TIMEOUT = Duration.ofSeconds(5);

    private final Berth berth;
    private final ContainerConfig config;
    private final ContainerDirectory dir;
    private final ChainId topLayer;
    private final Attachment network;
    private volatile Run run;
    private boolean removed;
    /** For {@code --rm}: the removal that follows the exit (null otherwise). */
    private volatile CompletableFuture<Void> removal;
    /** Orders state.json writes: the running state of a run must not overwrite its recorded exit. */
    private final Object stateWrites = new Object();
    private boolean exitWritten; // guarded by stateWrites
    /** Started by another JVM: its cgroup, if any, is that JVM's to leave behind. */
    private final boolean reattached;

    /** One run of the main process: restart replaces it, keeping the directory, root and log. */
    private record Run(IsolatedProcess process, Instant startedAt, CompletableFuture<ContainerState> exited,
            ContainerLogWriter log, AttachedOutput attached) {
    }

    /** With {@code attached}: a detached container whose helper forwards its output to this JVM too. */
    Container(Berth berth, ContainerConfig config, ContainerDirectory dir, IsolatedProcess process,
            ContainerLogWriter log, ChainId topLayer, Attachment network, boolean attached) {
        this.berth = berth;
        this.config = config;
        this.dir = dir;
        this.topLayer = topLayer;
        this.reattached = false;
        this.network = network;
        attach(process, log, attached ? new AttachedOutput(process.stdout(), process.stderr()) : null);
    }

    /** A handle on a container another JVM started, as its state.json and exit file describe it. */
    private Container(Berth berth, ContainerConfig config, ContainerDirectory dir, RecordedState recorded,
            Attachment network) {
        this.berth = berth;
        this.config = config;
        this.dir = dir;
        this.topLayer = new ChainId(config.image().topLayer());
        this.reattached = true;
        this.network = network;
        ContainerState last = recorded.state();
        // Without identities (it had exited) the handle is exited at once.
        ProcessIdentity none = new ProcessIdentity(last.pid(), -1);
        IsolatedProcess process = IsolatedProcess.reattach(berth.host().syscalls(), ContainerLaunch.processName(config),
                recorded.process().orElse(none), recorded.helper().orElse(none), recorded.namespaces(),
                this::recordedExit, berth.host().watcher());
        run = new Run(process, last.startedAt(), last.running()
                // Its owner may have died before it exited: the helper's exit file says how it ended.
                ? process.onExit().thenApply(status -> recordExit(process, status, null))
                : CompletableFuture.completedFuture(last), null, null);
        removeOnExitIfAsked();
    }

    /** The container in {@code dir}, started by this JVM or another (alive or not). */
    static Container reattach(Berth berth, ContainerDirectory dir) throws IOException {
        ContainerConfig config = dir.readConfig();
        RecordedState recorded = dir.readState().orElseThrow(
                () -> new IOException("container " + config.name() + " has no state.json: it never started"));
        return new Container(berth, config, dir, recorded, berth.networks().recorded(config.id()));
    }

    private ExitStatus recordedExit() {
        try {
            return dir.readExit().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private void attach(IsolatedProcess process, ContainerLogWriter log, AttachedOutput attached) {
        synchronized (stateWrites) {
            exitWritten = false; // a restart's new run
        }
        CompletableFuture<ContainerState> exited = log == null
                // Detached: the stage-1 helper writes the log itself.
                ? process.onExit().thenApply(status -> recordExit(process, status, null))
                // The exit counts once the output before it is in the log, as with docker wait and logs.
                : process.onExit().thenCompose(status -> log.drained(LOG_DRAIN_TIMEOUT)
                        .thenApply(drained -> recordExit(process, status, log)));
        run = new Run(process, process.startedAt(), exited, log, attached);
        removeOnExitIfAsked();
        synchronized (stateWrites) {
            // A quick exit may have been recorded by the watcher thread already.
            if (!exitWritten) {
                writeState(state());
            }
        }
    }

    /**
     * For {@code --rm}: removes the container once its run has exited, off the watcher thread (a
     * removal deletes a directory tree). A removal that fails is logged; the next
     * {@code Berth.open} removes what is left.
     */
    private void removeOnExitIfAsked() {
        if (config.lifecycle().autoRemove()) {
            removal = run.exited().handleAsync((state, failure) -> {
                try {
                    remove();
                } catch (RuntimeException e) {
                    LoggerFactory.getLogger(Container.class).warn("container {} (--rm) exited but could not be removed", name(), e);
                }
                return null;
            });
        }
    }

    /** Whether it is removed once it has exited ({@code --rm}). */
    boolean autoRemove() {
        return config.lifecycle().autoRemove();
    }

    /** The reference a container holds on its image's top layer. */
    static String layerHolder(String id) {
        return "container " + id;
    }

    private ContainerState recordExit(IsolatedProcess process, ExitStatus status, ContainerLogWriter log) {
        ContainerState s = new ContainerState(ContainerState.Status.EXITED, 0, status.shellCode(), status.oomKilled(),
                run == null || run.process() != process ? process.startedAt() : run.startedAt(),
                process.finishedAt().orElseGet(Instant::now));
        if (log != null) {
            try {
                log.close(); // the streams have ended (or did not within the drain timeout)
            } catch (IOException e) {
                if (log.writeFailure().isEmpty()) { // a full disk was named once, when it happened
                    LoggerFactory.getLogger(Container.class).warn("container {}: the log lost output", name(), e);
                }
            }
        }
        synchronized (stateWrites) {
            writeState(s, process);
            exitWritten = true;
        }
        return s;
    }

    private void writeState(ContainerState s) {
        writeState(s, run.process());
    }

    /** With the process given: a reattached handle may see the exit before {@code run} is set. */
    private void writeState(ContainerState s, IsolatedProcess process) {
        try {
            dir.writeState(s, process);
        } catch (IOException e) {
            // Only other JVMs read state.json; this one keeps the state in memory.
            LoggerFactory.getLogger(Container.class).warn("container {}: cannot write {}", name(), dir.root().resolve("state.json"), e);
        }
    }

    /** The 64-digit id. */
    public String id() {
        return config.id();
    }

    /** The name given, or {@code berth-} and the first 12 digits of the id. */
    @Override
    public String name() {
        return config.name();
    }

    /** The command it runs: the entrypoint and cmd in effect ({@code docker ps}'s COMMAND). */
    public List<String> command() {
        return config.process().argv();
    }

    /** The image as it was named. */
    public String image() {
        return config.image().reference();
    }

    /** The image's labels with the builder's over them. */
    public Map<String, String> labels() {
        return config.annotations().labels();
    }

    /** The container's directory (config.json, state.json, log.json, upper/). */
    public Path directory() {
        return dir.root();
    }

    /** Running or exited, exit code, OOM kill, times. */
    public ContainerState state() {
        Run r = run;
        ContainerState done = r.exited().getNow(null);
        return done != null ? done
                : new ContainerState(ContainerState.Status.RUNNING, r.process().pid(), 0, false, r.startedAt(), null);
    }

    @Override
    public boolean isRunning() {
        return state().running();
    }

    /** Memory, CPU time and tasks from the container's cgroup; empty once it has exited. */
    public Optional<ContainerStats> stats() {
        if (reattached) {
            // Another JVM made its cgroup; read it by name while the container runs.
            return isRunning() ? berth.host().cgroups().statsOf(ContainerLaunch.processName(config)).map(ContainerStats::of) : Optional.empty();
        }
        return run.process().stats().map(ContainerStats::of);
    }

    /** The main process's stdin, when the builder asked for {@code stdin(true)}. */
    public OutputStream stdin() {
        if (!config.io().stdin()) {
            throw new IllegalStateException("container " + name() + " was started without stdin(true)");
        }
        return run.process().stdin();
    }

    /** Runs {@code command} as the container's user, in its working directory, with its environment. */
    @Override
    public ExecResult exec(String... command) {
        return exec(ExecOptions.command(command));
    }

    /** Runs a command as {@code docker exec} does, with the options' overrides. */
    public ExecResult exec(ExecOptions options) {
        return exec(options, null);
    }

    /** {@link #exec(ExecOptions)} with stdout to {@code stdout} as bytes (null: collected as text). */
    private ExecResult exec(ExecOptions options, OutputStream stdout) {
        String step = "exec " + options.command();
        if (!isRunning()) {
            throw new ContainerException(name(), image(), step, new IllegalStateException("the container is not running"));
        }
        try {
            ContainerConfig.User own = config.process().user();
            ExecUser user = options.user() == null ? new ExecUser(own.uid(), own.gid(), own.groups(), own.home())
                    : ContainerConfigRules.user(berth.host().syscalls(), options.user(), rootLayers());
            return ContainerExec.run(berth.host().launcher(), run.process(), cgroupProcsFiles(), options.command(), ContainerConfigRules.mergeEnv(config.process().env(), options.env()), user,
                    options.workdir() != null ? options.workdir() : config.process().workdir(), config.process().capabilities(), config.process().ulimits(),
                    new ContainerExec.Streams(options.terminal(), options.stdin(), stdout));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerException(name(), image(), step, e);
        } catch (IOException | RuntimeException e) {
            throw e instanceof ContainerException ce ? ce : new ContainerException(name(), image(), step, e);
        }
    }

    /**
     * The cgroup.procs files of the container's cgroups, which every exec'd process joins: its
     * main process's, or, for a container another JVM started, those of the group of its name
     * (none when it has none, as rootless without delegation).
     */
    private List<Path> cgroupProcsFiles() {
        return reattached ? berth.host().cgroups().procsFilesOf(ContainerLaunch.processName(config)).orElse(List.of())
                : run.process().cgroupProcsFiles();
    }

    /** The container's root as layers, highest first: a user added inside counts for exec. */
    private List<Path> rootLayers() {
        List<Path> layers = new ArrayList<>(List.of(dir.upper()));
        layers.addAll(config.root().lowers());
        return layers;
    }

    /** All output so far, stdout and stderr interleaved as written. */
    public String logs() {
        return logs(LogQuery.all());
    }

    /** The output {@code query} selects ({@code docker logs --since/--until/--tail}). */
    public String logs(LogQuery query) {
        return logRecords(query).stream().map(LogRecord::text).collect(Collectors.joining());
    }

    /** The records {@code query} selects, each with its stream and time ({@code docker logs -t}). */
    public List<LogRecord> logRecords(LogQuery query) {
        try {
            return log().read(query);
        } catch (IOException e) {
            throw new UncheckedIOException("container " + name() + ": cannot read its log", e);
        }
    }

    /**
     * Why the log's file is no longer written, if it is not: "{@code <path>: <reason>}", e.g. a
     * full disk. The records written before are still read.
     */
    public Optional<String> logWriteFailure() {
        return log().writeFailure();
    }

    /**
     * {@code docker logs -f}: every record so far, then new ones until the container exits. For a
     * container this JVM runs attached, the records come straight from its output: none is lost
     * to a full disk (then {@link LogStream#writeFailure()} names it) nor to fast rotation.
     */
    public LogStream followLogs() {
        return followLogs(LogQuery.all());
    }

    /** {@code docker logs -f} with {@code --since/--until/--tail}: as {@link #followLogs()}, from the records {@code query} selects. */
    public LogStream followLogs(LogQuery query) {
        try {
            ContainerLogWriter writer = run.log();
            return writer != null ? writer.follow(query) : log().follow(query);
        } catch (IOException e) {
            throw new UncheckedIOException("container " + name() + ": cannot read its log", e);
        }
    }

    /**
     * The stdout and stderr of a detached container started with {@code attach(true)}: every byte
     * it writes, as its helper reads it, whether the log keeps it or not (a full disk). Read both
     * or close them (see {@link AttachedOutput}).
     *
     * @throws IllegalStateException if this run was not started attached (a restart is not)
     */
    public AttachedOutput attachedOutput() {
        AttachedOutput attached = run.attached();
        if (attached == null) {
            throw new IllegalStateException("container " + name() + " was not started with attach(true)"
                    + " (a detached container, this run): follow its log instead");
        }
        return attached;
    }

    /** Its log, with the rotated files its options keep. */
    ContainerLog log() {
        return dir.log(config.io().log());
    }

    @Override
    public LogLines followLogLines() throws IOException {
        return ContainerLogLines.follow(log());
    }

    @Override
    public String lastLogLines(int n) {
        try {
            return ContainerLogLines.last(log(), n);
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public List<Integer> exposedPorts() {
        return config.annotations().exposedPorts();
    }

    /**
     * Where this JVM reaches {@code containerPort}: 127.0.0.1 and the host port when it is
     * published, else the container's bridge address, or 127.0.0.1 in host mode.
     *
     * @throws UnsupportedOperationException with network mode none, or an unpublished port of
     *         slirp4netns, which nothing outside reaches
     */
    @Override
    public InetSocketAddress address(int containerPort) {
        OptionalInt mapped = network.mappedPort(containerPort, Protocol.TCP);
        if (mapped.isPresent()) {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), mapped.getAsInt());
        }
        if (network.mode() == NetworkMode.HOST) {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), containerPort);
        }
        return network.address().map(a -> new InetSocketAddress(a, containerPort)).orElseThrow(() ->
                new UnsupportedOperationException("container " + name() + " has no address the host reaches (network mode "
                        + network.mode().name().toLowerCase(java.util.Locale.ROOT) + "): port " + containerPort
                        + " cannot be reached from the host; publish it" + (network.mode() == NetworkMode.NONE
                                ? " or use a bridge" : "")));
    }

    /** The network mode in effect. */
    public NetworkMode networkMode() {
        return network.mode();
    }

    /** The host port that TCP {@code containerPort} is published on, reachable at 127.0.0.1. */
    public int mappedPort(int containerPort) {
        return mappedPort(containerPort, Protocol.TCP);
    }

    /**
     * The host port that {@code containerPort}/{@code protocol} is published on.
     *
     * @throws IllegalArgumentException if the port is not published
     */
    public int mappedPort(int containerPort, Protocol protocol) {
        return network.mappedPort(containerPort, protocol).orElseThrow(() -> new IllegalArgumentException("container "
                + name() + " does not publish port " + containerPort + "/" + protocol.name().toLowerCase(java.util.Locale.ROOT)));
    }

    /** The container's address on its bridge network; empty in modes none and host. */
    public Optional<String> ipAddress() {
        return network.address().map(InetAddress::getHostAddress);
    }

    /**
     * The running container's network namespace, to run Java code in with
     * {@link Namespace#call(java.util.concurrent.Callable)} (for example to reach a port that is
     * not published). The caller closes it.
     */
    public Namespace networkNamespace() {
        if (!isRunning()) {
            throw new IllegalStateException("container " + name() + " is not running");
        }
        return Namespace.of(run.process().pid(), Namespace.Type.NET);
    }

    /** Waits for the exit; returns the exit code (128 + N for signal N). */
    public int waitFor() throws InterruptedException {
        try {
            return run.exited().get().exitCode();
        } catch (ExecutionException e) {
            throw new IllegalStateException("container " + name() + ": recording its exit failed", e.getCause());
        }
    }

    /** Waits at most {@code timeout}; the exit code, or empty if it still runs. */
    public OptionalInt waitFor(Duration timeout) throws InterruptedException {
        try {
            return OptionalInt.of(run.exited().get(timeout.toNanos(), TimeUnit.NANOSECONDS).exitCode());
        } catch (TimeoutException e) {
            return OptionalInt.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException("container " + name() + ": recording its exit failed", e.getCause());
        }
    }

    /** {@link #stop(Duration)} with Docker's 10 s grace. */
    public void stop() {
        stop(DEFAULT_STOP_GRACE);
    }

    /** Sends the stop signal (the image's StopSignal, SIGTERM by default), then SIGKILL after {@code grace}. */
    public void stop(Duration grace) {
        Run r = run;
        r.process().signal(StopSignal.number(config.lifecycle().stopSignal()));
        try {
            if (r.process().waitFor(grace).isEmpty()) {
                r.process().kill();
            }
            r.exited().join();
            CompletableFuture<Void> removing = removal;
            if (removing != null) {
                removing.join(); // as docker stop of a --rm container: gone when stop returns
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            r.process().kill();
        }
    }

    /**
     * {@code docker kill -s SIGNAL}: sends {@code signal} (a name such as {@code SIGHUP} or
     * {@code HUP}, or a number) to the main process and returns at once; false when it has exited.
     */
    public boolean signal(String signal) {
        return run.process().signal(StopSignal.number(signal));
    }

    /** SIGKILL, and waits for the exit to be recorded. */
    public void kill() {
        Run r = run;
        r.process().kill();
        r.exited().join();
    }

    /**
     * {@code docker restart}: stops the main process (as {@link #stop(Duration)}) if it runs, then
     * starts the same command again in the same root, so the files it wrote are still there; the
     * log continues.
     */
    public synchronized void restart(Duration grace) {
        if (removed) {
            throw new IllegalStateException("container " + name() + " has been removed");
        }
        if (config.lifecycle().autoRemove()) {
            // As with docker: stopping a --rm container removes it, so there is nothing to start again.
            throw new IllegalStateException("container " + name() + " is removed when it exits (--rm): it cannot be restarted");
        }
        stop(grace);
        run.process().close();
        ContainerLogWriter log = null;
        try {
            log = config.io().detached() ? null : log().openWriter("container " + name());
            Files.deleteIfExists(dir.exitFile()); // the last run's; the new run writes its own
            attach(berth.host().launcher().launch(ContainerLaunch.mainProcess(config, dir, log, network::configure)), log, null);
            network.launched();
        } catch (LaunchException e) {
            closeQuietly(log, e);
            throw ContainerException.launchFailed(name(), image(), "restart: ", e);
        } catch (IOException | RuntimeException e) {
            closeQuietly(log, e);
            throw new ContainerException(name(), image(), "restart", e);
        }
    }

    private static void closeQuietly(ContainerLogWriter log, Exception failure) {
        if (log != null) {
            try {
                log.close();
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
    }

    /**
     * {@code docker commit}: stores the container's changes as a new layer on its image's and
     * tags the new image {@code reference} (null for an untagged image). As in Docker, the new
     * image's config is the container's: its Entrypoint, Cmd, Env, WorkingDir, User, Labels and
     * StopSignal, with a history entry added. A running container is not paused: commit it once
     * the files it writes are complete.
     */
    public Image commit(String reference) {
        String step = "commit" + (reference == null ? "" : " " + reference);
        try {
            ImageDetails image = berth.store().inspect(config.image().digest());
            List<Path> lowers = config.root().lowers();
            Digest digest = ImageCommit.commit(berth.host(), berth.store(), image, dir.hasCopiedRoot()
                    ? ImageCommit.Changes.ofCopy(lowers, dir.copiedRoot()) : ImageCommit.Changes.ofUpper(dir.upper()), reference,
                    "berth commit " + name() + " (" + String.join(" ", config.process().argv()) + ")", null,
                    committedConfig(image.config().value().config()));
            return berth.image(digest.toString());
        } catch (IOException | RuntimeException e) {
            throw new ContainerException(name(), image(), step, e);
        }
    }

    /** The image's runtime config with what this container was given in its place. */
    private RuntimeConfig committedConfig(RuntimeConfig base) {
        RuntimeConfig b = base == null ? RuntimeConfig.empty() : base;
        // HOSTNAME is set per container, not part of what the image carries.
        List<String> env = config.process().env().stream().filter(e -> !e.equals("HOSTNAME=" + config.hostname())).toList();
        return new RuntimeConfig(config.process().user().spec(), b.exposedPorts(), env, emptyToNull(config.process().entrypoint()),
                emptyToNull(config.process().cmd()), b.volumes(), config.process().workdir(), config.annotations().labels().isEmpty() ? null : config.annotations().labels(),
                config.lifecycle().stopSignal(), b.argsEscaped(), b.healthcheck(), b.onBuild(), b.shell());
    }

    private static List<String> emptyToNull(List<String> list) {
        return list == null || list.isEmpty() ? null : list;
    }

    /**
     * {@code docker cp HOST CONTAINER} for one file: writes {@code hostFile} to {@code containerPath},
     * making parent directories, with the host file's permissions. Paths resolve inside the
     * container's root, symlinks included. A container that is not running gets the file in
     * its root (its overlay upper), as with {@code docker cp} into a stopped container.
     */
    public void copyFileTo(Path hostFile, String containerPath) {
        inRoot("copy " + hostFile + " to " + containerPath, copy -> {
            try (InputStream in = Files.newInputStream(hostFile)) {
                int mode = (Integer) Files.getAttribute(hostFile, "unix:mode") & 07777;
                copy.write(containerPath, in, Files.size(hostFile), mode);
            }
        });
    }

    /**
     * {@code docker cp CONTAINER HOST} for one file: copies {@code containerPath} to
     * {@code hostFile}, from a running container or one that has exited.
     */
    public void copyFileFrom(String containerPath, Path hostFile) {
        inRoot("copy " + containerPath + " to " + hostFile, copy -> {
            try (OutputStream out = Files.newOutputStream(hostFile)) {
                copy.read(containerPath, out);
            }
        });
    }

    /**
     * Unpacks a tar stream into directory {@code containerDir}, keeping modes and owners, as the
     * Engine API's {@code PUT /containers/{id}/archive} does. Entries may not leave the directory.
     */
    public void copyArchiveTo(InputStream tar, String containerDir) {
        inRoot("copy an archive to " + containerDir, copy -> copy.extract(tar, containerDir));
    }

    /**
     * Writes {@code containerPath} (a file or directory tree) as a tar stream whose entries start
     * with its last name, as {@code GET /containers/{id}/archive} does.
     */
    public void copyArchiveFrom(String containerPath, OutputStream tar) {
        inRoot("copy " + containerPath + " out as an archive", copy -> copy.archive(containerPath, tar));
    }

    private interface CopyAction {
        void run(ContainerCopy copy) throws Exception;
    }

    /** Runs {@code action} in the running container's mount namespace, or on its mounted root when it is stopped. */
    private void inRoot(String step, CopyAction action) {
        try {
            if (!berth.host().isRoot()) {
                // This JVM cannot join a rootless container's user and mount namespaces (it has threads).
                if (!isRunning()) {
                    throw new UnsupportedOperationException("copying files in or out of a stopped container needs"
                            + " root: without root the copy runs through a tar in the running container");
                }
                action.run(ContainerCopy.through((command, stdin, stdout) -> {
                    ExecOptions tar = ExecOptions.command(command.toArray(String[]::new)).user("0");
                    return exec(stdin == null ? tar : tar.stdin(stdin), stdout);
                }));
                return;
            }
            synchronized (this) {
                if (removed) {
                    throw new IllegalStateException("the container has been removed");
                }
                if (!isRunning()) {
                    // Holding the lock keeps a restart from mounting the same upper meanwhile.
                    action.run(ContainerCopy.through(dir.hasCopiedRoot() ? RootAccess.ofDirectory(berth.host().syscalls(), dir.copiedRoot())
                            : RootAccess.ofLayers(berth.host().syscalls(), config.root().lowers(),
                                    dir.upper(), dir.work(), dir.merged())));
                    return;
                }
            }
            action.run(ContainerCopy.through(RootAccess.ofProcess(berth.host().syscalls(), run.process().pid())));
        } catch (ContainerException e) {
            throw e;
        } catch (Exception e) {
            throw new ContainerException(name(), image(), step, e);
        }
    }

    /**
     * {@code docker rm}: removes the container's directory, log included, and its reference to
     * the image's layers. Fails while it runs.
     */
    public synchronized void remove() {
        if (removed) {
            return;
        }
        if (isRunning()) {
            throw new IllegalStateException("container " + name() + " is running: stop it before removing it");
        }
        run.exited().join();
        run.process().close();
        try {
            if (reattached) {
                // The JVM that made its cgroup is gone or will not see it exit.
                berth.host().cgroups().removeLeftovers(ContainerLaunch.processName(config));
            }
            network.close();
            berth.layers().release(topLayer, layerHolder(id()));
            dir.delete();
        } catch (IOException e) {
            throw new ContainerException(name(), image(), "remove " + dir, e);
        }
        removed = true;
        berth.removed(this);
    }

    /** Stops and removes the container, unless it is detached. */
    @Override
    public void close() {
        if (!config.io().detached()) {
            stop();
            remove();
        }
    }

    /**
     * Closes each of {@code containers} in order (detached ones stay), going on past failures;
     * throws the first with the others suppressed.
     */
    public static void closeAll(List<Container> containers) {
        RuntimeException failure = null;
        for (Container c : containers) {
            try {
                c.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Whether closing leaves it running. */
    boolean detached() {
        return config.io().detached();
    }

    @Override
    public String toString() {
        return "container " + name() + " (" + image() + ", " + (isRunning() ? "running" : "exited") + ")";
    }
}
