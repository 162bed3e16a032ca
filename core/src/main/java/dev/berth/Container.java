package dev.berth;

import dev.berth.image.Digest;
import dev.berth.image.store.ImageDetails;
import dev.berth.namespaces.Namespace;
import dev.berth.namespaces.cgroup.Cgroup;
import dev.berth.namespaces.process.IsolatedProcess;
import dev.berth.network.Attachment;
import dev.berth.log.AttachedOutput;
import dev.berth.overlayfs.store.ChainId;
import dev.berth.runtime.ContainerConfig;
import dev.berth.runtime.ContainerConfigRules;
import dev.berth.runtime.ContainerRootAccess;
import dev.berth.runtime.InitLayerPaths;
import dev.berth.runtime.ContainerDirectory;
import dev.berth.runtime.ContainerExec;
import dev.berth.runtime.ContainerLaunch;
import dev.berth.runtime.CommittedConfig;
import dev.berth.runtime.ImageCommit;
import dev.berth.runtime.ContainerLog;
import dev.berth.runtime.ContainerLogWriter;
import dev.berth.runtime.ExecUser;
import dev.berth.log.LogQuery;
import dev.berth.log.LogRecord;
import dev.berth.log.LogStream;
import dev.berth.runtime.HealthFiles;
import dev.berth.runtime.ProcessTable;
import dev.berth.runtime.RootChanges;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

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
    private final Berth berth;
    /** Replaced by a rename. */
    private volatile ContainerConfig config;
    private final ContainerDirectory dir;
    private final ChainId topLayer;
    private final Attachment network;
    private final ContainerRun runs;
    /** The health check of the current run this JVM launched, or null. */
    private volatile HealthMonitor healthMonitor;
    private final ContainerRestarts restarts;
    private boolean removed;
    /** The image's ID, once {@link #details()} has read it. */
    private volatile String imageId;
    /** Started by another JVM: its cgroup, if any, is that JVM's to leave behind. */
    private final boolean reattached;
    /**
     * The cgroup found from its main process ({@link #cgroup(ContainerState)}) when another JVM
     * placed it elsewhere: remembered while the process is there, so that {@link #remove()} can
     * remove the empty group once it has exited.
     */
    private volatile Cgroup foundFromProcess;

    /**
     * A container about to start; {@link #start} launches its first run. {@code io} wires each
     * run's stdio: the caller's terminal, the attach pipes of a detached container.
     */
    Container(Berth berth, ContainerConfig config, ContainerDirectory dir, ChainId topLayer, Attachment network,
            ContainerRun.Io io) {
        this.berth = berth;
        this.config = config;
        this.dir = dir;
        this.topLayer = topLayer;
        this.reattached = false;
        this.network = network;
        this.runs = new ContainerRun(berth.host(), berth.events(), config, dir, network, io, this::remove);
        this.restarts = new ContainerRestarts(this, runs);
        runs.onLaunch(this::checkHealth);
        runs.onAttachmentEvents(this::recordAttachmentEvents);
    }

    /** Records it as created, for every JVM on the home to see. */
    void recordCreated() throws IOException {
        runs.created();
    }

    /**
     * {@code docker start}: launches the main process of a container that is
     * {@linkplain ContainerState.Status#CREATED created} ({@link ContainerBuilder#create()}) or
     * has exited (a new run in the same root; the log continues). Works on a container another
     * JVM created or ran: the run is then this JVM's, which writes its state for the others to
     * see. A detached container's run outlives this JVM; one that is not detached dies with it.
     * Starting clears a {@link #stop() stop}, so that the restart policy applies again.
     *
     * @return false, doing nothing, when it is running already (Docker's 304 Not Modified)
     * @throws ContainerException naming the failing step; the container stays as it was
     */
    public boolean start() {
        synchronized (this) {
            if (removed) {
                throw new IllegalStateException("container " + name() + " has been removed");
            }
        }
        return runs.startIfNotRunning();
    }

    /** Starts the health check of {@code run}, just launched by this JVM, if the container has one. */
    private void checkHealth(ContainerRun.Run run) {
        HealthFiles files = HealthFiles.of(dir.root());
        try {
            Optional<HealthConfig> check = files.readConfig();
            if (check.isPresent()) {
                healthMonitor = HealthMonitor.start(this, check.get(), files, run.exited(), run.startedAt());
            }
        } catch (IOException e) {
            throw new ContainerException(name(), image(), "start its health check", e);
        }
    }

    /**
     * Docker's {@code State.Health}: the status its health check found, the failing streak and
     * the last probes; empty when it has no health check. Checks run in the JVM that started
     * the container, while it runs; every JVM on the home reads the same.
     */
    public Optional<Health> health() {
        try {
            return healthConfig().isPresent() ? HealthFiles.of(dir.root()).read() : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("container " + name() + ": cannot read its health", e);
        }
    }

    /** The health check in force (the builder's over the image's), with Docker's defaults filled in; empty for none. */
    public Optional<HealthConfig> healthConfig() {
        try {
            return HealthFiles.of(dir.root()).readConfig();
        } catch (IOException e) {
            throw new UncheckedIOException("container " + name() + ": cannot read its health check", e);
        }
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
        this.runs = new ContainerRun(berth.host(), berth.events(), config, dir, network, ContainerRun.Io.NONE, this::remove);
        this.restarts = new ContainerRestarts(this, runs);
        runs.onLaunch(this::checkHealth);
        runs.onAttachmentEvents(this::recordAttachmentEvents);
        runs.reattach(recorded);
    }

    /** The container in {@code dir}, started by this JVM or another (alive or not). */
    static Container reattach(Berth berth, ContainerDirectory dir) throws IOException {
        ContainerConfig config = dir.readConfig();
        RecordedState recorded = dir.readState().orElseThrow(
                () -> new IOException("container " + config.name() + " has no state.json: it is being created"));
        return new Container(berth, config, dir, recorded, berth.recordedNetworks().recorded(config.id()));
    }

    /** The current run of the main process (null while it is created and has never run). */
    private ContainerRun.Run run() {
        return runs.current();
    }

    /** The current run, which must exist: it has run, or runs, in this JVM or another. */
    private ContainerRun.Run ranRun(String what) {
        state(); // catches up with a run another JVM started
        ContainerRun.Run r = run();
        if (r == null) {
            throw new IllegalStateException("container " + name() + " is created and has not been started: " + what);
        }
        return r;
    }

    /** The Berth that holds this handle. */
    Berth berth() {
        return berth;
    }

    /** What it was created with. */
    ContainerConfig config() {
        return config;
    }

    /** Its directory. */
    ContainerDirectory dir() {
        return dir;
    }

    /** Whether it is removed once it has exited ({@code --rm}). */
    boolean autoRemove() {
        return config.lifecycle().autoRemove();
    }

    /** The reference a container holds on its image's top layer. */
    static String layerHolder(String id) {
        return "container " + id;
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

    /** When it was created. */
    public java.time.Instant created() {
        return java.time.Instant.parse(config.created());
    }

    /** {@code --restart}: when it is started again after it exits (see {@link RestartPolicy}). */
    public RestartPolicy restartPolicy() {
        return config.lifecycle().restart();
    }

    /** How many times its restart policy has started it again since it was last started (Docker's RestartCount). */
    public int restartCount() {
        state();
        return runs.restartCount();
    }

    /**
     * Whether its restart policy is about to start it again: it has exited and the policy's
     * backoff is running, in this JVM (Docker's State.Restarting; another JVM's pending restart
     * is not seen).
     */
    public boolean isRestarting() {
        return restarts.pending() && !isRunning();
    }

    /** Whether it is removed once it has exited ({@code --rm}, Docker's HostConfig.AutoRemove). */
    public boolean isAutoRemove() {
        return config.lifecycle().autoRemove();
    }

    /** Whether its stdin is open to writers ({@code -i}, Docker's OpenStdin). */
    public boolean openStdin() {
        return config.io().stdin();
    }

    /** The streams its creator said a client attaches to (Docker's Config.AttachStdin/AttachStdout/AttachStderr). */
    public AttachStreams attachStreams() {
        return config.io().attachStreams();
    }

    /** Docker's {@code StdinOnce}: its stdin closes when the first attached writer closes it. */
    public boolean stdinOnce() {
        return config.io().stdinOnce();
    }

    /**
     * Whether its stdio is a terminal (Docker's {@code Tty}): one its stage-1 helper holds
     * ({@link ContainerBuilder#tty}, {@code -t} of a detached container) or one the starting JVM
     * holds ({@link ContainerBuilder#terminal}, an attached {@code run -t}).
     */
    public boolean tty() {
        return config.io().tty();
    }

    /** Whether it outlives its JVM ({@link ContainerBuilder#detached(boolean)}). */
    public boolean isDetached() {
        return config.io().detached();
    }

    /** The image as it was named. */
    public String image() {
        return config.image().reference();
    }

    /** The manifest digest of the image it runs, which {@link Images} counts containers by. */
    String imageDigest() {
        return config.image().digest();
    }

    /** What it wrote: its overlay upper (or, with vfs, its copied root), for {@link Berth#diskUsage()}. */
    Path writableLayer() {
        return dir.hasCopiedRoot() ? dir.copiedRoot() : dir.upper();
    }

    /** The image's labels with the builder's over them. */
    public Map<String, String> labels() {
        return config.annotations().labels();
    }

    /** One bind as {@code Mounts} shows it: a bind, a named volume (under {@code volumes}) or an anonymous one. */
    private ContainerDetails.Mount mount(ContainerConfig.Bind b, Path volumes) {
        Path source = Path.of(b.hostPath());
        // A named volume is volumes/NAME/_data under the home; an anonymous one is the container's volumes/N.
        boolean named = isNamedVolume(source, volumes);
        boolean anonymous = source.startsWith(dir.volumes());
        String volume = named ? source.getParent().getFileName().toString() : anonymous ? source.getFileName().toString() : null;
        return new ContainerDetails.Mount(volume == null ? ContainerDetails.MountType.BIND : ContainerDetails.MountType.VOLUME,
                volume, b.hostPath(), b.containerPath(), b.readOnly());
    }

    private static boolean isNamedVolume(Path source, Path volumes) {
        return source.startsWith(volumes) && source.getNameCount() == volumes.getNameCount() + 2;
    }

    /**
     * dockerd's events around a run ({@code starting}: before its start event, else after its
     * death): {@code network connect}/{@code disconnect} for each network it is on and
     * {@code volume mount}/{@code unmount} for each named volume, with dockerd's attributes.
     */
    private void recordAttachmentEvents(boolean starting) {
        try {
            for (var r : berth.recordedNetworks().networksOf(id())) {
                berth.networkEvent(starting ? "connect" : "disconnect", Berth.toNetwork(r), id());
            }
        } catch (IOException | RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(Container.class).debug("container {}: no network events", name(), e);
        }
        Path volumes = berth.home().resolve("volumes");
        for (ContainerConfig.Bind b : config.mounts().binds()) {
            Path source = Path.of(b.hostPath());
            if (!isNamedVolume(source, volumes)) {
                continue; // binds have no events; Berth's anonymous volumes are the container's own directories
            }
            Map<String, String> attributes = new java.util.HashMap<>(Map.of("container", id(), "driver", Volume.DRIVER));
            if (starting) {
                attributes.put("destination", b.containerPath());
                attributes.put("propagation", "");
                attributes.put("read/write", Boolean.toString(!b.readOnly()));
            }
            berth.events().record(Event.volume(starting ? "mount" : "unmount", source.getParent().getFileName().toString(),
                    attributes));
        }
    }

    /**
     * What it was created with, resolved, as {@code docker inspect} shows it: its config, limits,
     * mounts and network, with the host ports chosen for its published ports.
     */
    public ContainerDetails details() {
        ContainerConfig.Process p = config.process();
        Path volumes = berth.home().resolve("volumes");
        List<ContainerDetails.Mount> mounts = config.mounts().binds().stream().map(b -> mount(b, volumes)).toList();
        List<ContainerDetails.PublishedPort> ports = network.ports().stream()
                .map(m -> new ContainerDetails.PublishedPort(m.protocol(), m.containerPort(), m.hostPort(), m.hostIp())).toList();
        List<ContainerDetails.PublishedPort> requested = network.requestedPorts().stream()
                .map(m -> new ContainerDetails.PublishedPort(m.protocol(), m.containerPort(), m.hostPort(), m.hostIp())).toList();
        ContainerDetails.NetworkSettings net = new ContainerDetails.NetworkSettings(network.mode(),
                Optional.ofNullable(network.network()), network.aliases(), ipAddress(), ports, requested);
        ContainerConfig.Limits limits = config.linux().resources();
        return new ContainerDetails(id(), name(), java.time.Instant.parse(config.created()), image(), imageId(),
                listOrEmpty(p.entrypoint()), listOrEmpty(p.cmd()), p.env(), p.workdir(), p.user().spec() == null ? "" : p.user().spec(),
                config.hostname(), labels(), exposedPorts(), config.lifecycle().stopSignal(), config.io().tty(), config.io().stdin(),
                config.io().detached(), config.lifecycle().autoRemove(), p.init(), config.root().readonly(),
                new ContainerDetails.Limits(limits.memoryBytes(), limits.cpus(), limits.pids()),
                p.ulimits().stream().map(u -> new ContainerDetails.Ulimit(u.name(), u.soft(), u.hard())).toList(),
                p.capabilities(), mounts, config.mounts().tmpfs(), config.io().log(), net);
    }

    private static List<String> listOrEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }

    /**
     * The image's ID (its config's digest), read once: a client polls inspect many times a second.
     * The manifest digest if the image has left the store.
     */
    private String imageId() {
        String id = imageId;
        if (id == null) {
            try {
                id = berth.store().inspect(config.image().digest()).manifest().value().config().digest().toString();
            } catch (IOException | RuntimeException e) {
                return config.image().digest();
            }
            imageId = id;
        }
        return id;
    }

    /** The container's directory (config.json, state.json, log.json, upper/). */
    public Path directory() {
        return dir.root();
    }

    /** Running, paused or exited, exit code, OOM kill, times. */
    public ContainerState state() {
        ContainerState s = runs.state();
        if (s.status() == ContainerState.Status.RUNNING && cgroup(s).map(Cgroup::isFrozen).orElse(false)) {
            return new ContainerState(ContainerState.Status.PAUSED, s.pid(), s.exitCode(), s.oomKilled(), s.startedAt(),
                    s.finishedAt());
        }
        return s;
    }

    /**
     * The container's cgroup, whichever JVM made it: empty when it has none (rootless without a
     * delegated cgroup) or it is gone. Not to be closed: its run removes it.
     */
    private Optional<Cgroup> cgroup() {
        return cgroup(runs.state());
    }

    /**
     * The cgroup where this JVM would place it, else, while it runs, the one its main process is
     * in: another JVM (an earlier {@code berth serve}) made it under that JVM's own v1 cgroups.
     */
    private Optional<Cgroup> cgroup(ContainerState s) {
        try {
            String name = ContainerLaunch.processName(config);
            Optional<Cgroup> placed = berth.host().cgroups().existing(name);
            if (placed.isPresent() || !s.running() || s.pid() <= 0) {
                return placed;
            }
            Optional<Cgroup> found = berth.host().cgroups().ofProcess(name, s.pid());
            found.ifPresent(g -> foundFromProcess = g);
            return found;
        } catch (RuntimeException noCgroups) {
            return Optional.empty();
        }
    }

    /**
     * {@code docker pause}: freezes every process of the container through its cgroup's freezer
     * (v1 freezer.state, v2 cgroup.freeze), waiting until the kernel reports them frozen. Its
     * state is then {@link ContainerState.Status#PAUSED}, for every JVM on the home; exec is
     * refused, stop and kill still work (the container is thawed after the signal, as Docker does).
     *
     * @throws IllegalStateException when it is not running or already paused
     * @throws UnsupportedOperationException when it has no cgroup to freeze (rootless without delegation)
     */
    public synchronized void pause() {
        ContainerState s = state();
        if (!s.running()) {
            throw new IllegalStateException("container " + name() + " is not running");
        }
        if (s.paused()) {
            throw new IllegalStateException("container " + name() + " is already paused");
        }
        freezer("pause").freeze();
        record("pause", Map.of());
    }

    /**
     * {@code docker unpause}: thaws the container's processes.
     *
     * @throws IllegalStateException when it is not paused
     */
    public synchronized void unpause() {
        if (!state().paused()) {
            throw new IllegalStateException("container " + name() + " is not paused");
        }
        freezer("unpause").thaw();
        record("unpause", Map.of());
    }

    private Cgroup freezer(String step) {
        return cgroup().orElseThrow(() -> new UnsupportedOperationException("cannot " + step + " container " + name()
                + ": it has no cgroup to freeze (rootless without a delegated cgroup)"));
    }

    /**
     * {@code docker top}: the container's processes (those in its cgroup, host pids) with
     * {@code ps -ef}'s columns, read from {@code /proc}.
     *
     * @throws IllegalStateException when it is not running
     */
    public ContainerProcesses top() {
        try {
            return new ContainerProcesses(ProcessTable.TITLES, ProcessTable.host().rows(processIds("top")));
        } catch (IOException e) {
            throw new ContainerException(name(), image(), "top", e);
        }
    }

    /**
     * {@code docker top CONTAINER PS_ARGS}: the host's {@code ps} run with {@code psArgs} (for
     * example {@code aux} or {@code -o pid,comm}), its rows kept for the container's processes.
     *
     * @throws IllegalStateException when it is not running
     * @throws IllegalArgumentException when ps refuses the arguments or prints no PID column
     */
    public ContainerProcesses top(String psArgs) {
        if (psArgs == null || psArgs.isBlank()) {
            return top();
        }
        try {
            ProcessTable.Table t = ProcessTable.ps(psArgs, processIds("top"));
            return new ContainerProcesses(t.titles(), t.rows());
        } catch (IOException e) {
            throw new ContainerException(name(), image(), "top " + psArgs, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerException(name(), image(), "top " + psArgs, e);
        }
    }

    /**
     * {@code docker diff}: the paths the container added, changed or deleted in its root since it
     * was created (its overlay upper, or its copied root compared with the image), in path order,
     * running or not. A directory is listed as changed when an entry was added to or deleted from
     * it, as Docker lists it. The mount points and {@code /etc} files Berth makes itself (of
     * {@code /dev}, {@code /proc}, {@code /sys}, {@code /etc/hosts}...) are left out, as dockerd
     * leaves out its init layer; empty when the container changed nothing.
     */
    public List<FileChange> changes() {
        try {
            // Without the mount points and /etc files Berth made, which dockerd's init layer hides.
            return InitLayerPaths.hide(dir.hasCopiedRoot()
                    ? RootChanges.ofCopy(berth.host().syscalls(), dir.copiedRoot(), config.root().lowers())
                    : RootChanges.ofUpper(berth.host().syscalls(), dir.upper(), config.root().lowers()));
        } catch (IOException | RuntimeException e) {
            throw new ContainerException(name(), image(), "list changes", e);
        }
    }

    /** The host pids of its processes: its cgroup's, or without one its main process's. */
    private java.util.Set<Long> processIds(String step) {
        ContainerState s = state();
        if (!s.running()) {
            throw new IllegalStateException("container " + name() + " is not running");
        }
        // Without the stage-1 init(s), as dockerd lists only the container's processes.
        return StageOneProcesses.without(
                cgroup(s).map(Cgroup::pids).filter(p -> !p.isEmpty()).orElse(java.util.Set.of((long) s.pid())));
    }

    /** After a signal: a paused container is thawed so that its processes take it, as Docker does. */
    private void thawIfPaused() {
        cgroup().filter(Cgroup::isFrozen).ifPresent(Cgroup::thaw);
    }

    @Override
    public boolean isRunning() {
        return state().running();
    }

    /**
     * Memory, CPU time and tasks from the container's cgroup; empty once it has exited. The tasks
     * leave out Berth's stage-1 init(s), as dockerd counts only the container's processes.
     */
    public Optional<ContainerStats> stats() {
        return cgroupStats().map(st -> st.withoutTasks(cgroup().map(cg -> StageOneProcesses.count(cg.pids())).orElse(0)));
    }

    private Optional<ContainerStats> cgroupStats() {
        if (reattached) {
            // Another JVM made its cgroup, perhaps under its own: found from the main process.
            return isRunning() ? cgroup().map(Cgroup::stats).map(ContainerStats::of) : Optional.empty();
        }
        ContainerRun.Run r = run();
        return r == null ? Optional.empty() : r.process().stats().map(ContainerStats::of);
    }

    /**
     * The master of the current run's terminal, when the builder asked for
     * {@link ContainerBuilder#terminal(boolean) terminal(true)}: a pty of the container's own
     * devpts, made inside it. Read what the command shows, write keys, resize; reads end (-1)
     * when the run ends. The caller closes it; a restart makes a new one.
     *
     * @throws IllegalStateException when the container has no terminal this JVM holds
     */
    public dev.berth.namespaces.PseudoTerminal terminal() {
        ContainerRun.Run r = run();
        dev.berth.namespaces.PseudoTerminal t = r == null ? null : r.process().terminal();
        if (t == null) {
            throw new IllegalStateException("container " + name() + " has no terminal held by this JVM:"
                    + " start it with terminal(true)");
        }
        return t;
    }

    /** The main process's stdin, when the builder asked for {@code stdin(true)}. */
    public OutputStream stdin() {
        if (!config.io().stdin()) {
            throw new IllegalStateException("container " + name() + " was started without stdin(true)");
        }
        return ranRun("it has no stdin yet").process().stdin();
    }

    /** Runs {@code command} as the container's user, in its working directory, with its environment. */
    @Override
    public ExecResult exec(String... command) {
        return exec(ExecOptions.command(command));
    }

    /** Runs a command as {@code docker exec} does, with the options' overrides. */
    public ExecResult exec(ExecOptions options) {
        return exec(options, null, true, null);
    }

    /** A health probe: {@code command} as the container's user, killed after {@code timeout} (exit code -1). */
    ExecResult probe(List<String> command, Duration timeout) {
        return exec(ExecOptions.command(command.toArray(String[]::new)), null, true, timeout);
    }

    /**
     * {@link #exec(ExecOptions)} with stdout to {@code stdout} as bytes (null: collected as text);
     * {@code report}: the caller's exec, recorded as exec_create, exec_start and exec_die events;
     * {@code timeout}: killed then (null: never).
     */
    private ExecResult exec(ExecOptions options, OutputStream stdout, boolean report, Duration timeout) {
        String step = "exec " + options.command();
        requireRunning(step);
        String execId = newExecId();
        String action = ": " + String.join(" ", options.command());
        if (report) {
            record("exec_create" + action, Map.of("execID", execId));
            record("exec_start" + action, Map.of("execID", execId));
        }
        try {
            ExecResult result = ContainerExec.run(berth.host().launcher(), run().process(), cgroupProcsFiles(), options.command(), ContainerConfigRules.mergeEnv(config.process().env(), options.env()), execUser(options),
                    options.workdir() != null ? options.workdir() : config.process().workdir(), config.process().capabilities(), config.process().ulimits(),
                    new ContainerExec.Streams(options.terminal(), options.stdin(), stdout), timeout);
            if (report) {
                record("exec_die", Map.of("execID", execId, "exitCode", Integer.toString(result.exitCode())));
            }
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerException(name(), image(), step, e);
        } catch (IOException | RuntimeException e) {
            throw e instanceof ContainerException ce ? ce : new ContainerException(name(), image(), step, e);
        }
    }

    /**
     * Starts a command as {@link #exec(ExecOptions)} runs it, and returns while it runs: its
     * output is read as it comes and its exit code is known later, as the Engine API's exec
     * start streams it ({@code docker exec} without {@code -t}, and {@code docker exec -d}).
     *
     * @throws ContainerException naming the step when the container is not running or the launch fails
     */
    public ExecProcess startExec(ExecOptions options) {
        String step = "exec " + options.command();
        requireRunning(step);
        String execId = newExecId();
        String action = ": " + String.join(" ", options.command());
        try {
            ExecProcess p = new ExecProcess(ContainerExec.start(berth.host().launcher(), run().process(), cgroupProcsFiles(), options.command(),
                    ContainerConfigRules.mergeEnv(config.process().env(), options.env()), execUser(options),
                    options.workdir() != null ? options.workdir() : config.process().workdir(), config.process().capabilities(),
                    config.process().ulimits(), new ContainerExec.Streams(options.terminal(), options.stdin())));
            record("exec_create" + action, Map.of("execID", execId));
            record("exec_start" + action, Map.of("execID", execId));
            p.onExit().thenAccept(code -> record("exec_die", Map.of("execID", execId, "exitCode", Integer.toString(code))));
            return p;
        } catch (IOException | RuntimeException e) {
            throw e instanceof ContainerException ce ? ce : new ContainerException(name(), image(), step, e);
        }
    }

    /**
     * Starts a command detached ({@code docker exec -d}): it runs on after this JVM exits, with
     * an empty stdin and its output discarded, as dockerd's detached exec. Returns its exec id
     * (as in its events); {@code berth top} shows the process while it runs.
     *
     * @throws ContainerException naming the step when the container is not running or the launch fails
     */
    public String startDetachedExec(ExecOptions options) {
        String step = "exec " + options.command();
        requireRunning(step);
        if (options.terminal() || options.stdin() != null) {
            throw new ContainerException(name(), image(), step, new IllegalArgumentException(
                    "a detached exec has no terminal and no stdin"));
        }
        String execId = newExecId();
        String action = ": " + String.join(" ", options.command());
        try {
            ContainerExec.startDetached(berth.host().launcher(), run().process(), cgroupProcsFiles(), options.command(),
                    ContainerConfigRules.mergeEnv(config.process().env(), options.env()), execUser(options),
                    options.workdir() != null ? options.workdir() : config.process().workdir(), config.process().capabilities(),
                    config.process().ulimits());
            record("exec_create" + action, Map.of("execID", execId));
            record("exec_start" + action, Map.of("execID", execId));
            return execId;
        } catch (IOException | RuntimeException e) {
            throw e instanceof ContainerException ce ? ce : new ContainerException(name(), image(), step, e);
        }
    }

    /** An exec's id in its events, 64 hex digits as Docker's. */
    private static String newExecId() {
        byte[] idBytes = new byte[32];
        ExecIds.RANDOM.nextBytes(idBytes);
        return java.util.HexFormat.of().formatHex(idBytes);
    }
    private void requireRunning(String step) {
        ContainerState state = state();
        if (!state.running()) {
            throw new ContainerException(name(), image(), step, new IllegalStateException("the container is not running"));
        }
        if (state.paused()) {
            throw new ContainerException(name(), image(), step, new IllegalStateException(
                    "the container is paused: unpause it before exec"));
        }
    }

    /** Whom an exec runs as: the options' user resolved in the container's root, else the container's. */
    private ExecUser execUser(ExecOptions options) throws IOException {
        ContainerConfig.User own = config.process().user();
        return options.user() == null ? new ExecUser(own.uid(), own.gid(), own.groups(), own.home())
                : ContainerConfigRules.user(berth.host().syscalls(), options.user(), rootLayers());
    }

    /**
     * The cgroup.procs files of the container's cgroups, which every exec'd process joins: its
     * main process's, or, for a container another JVM started, those of the group its main
     * process is in (none when it has none, as rootless without delegation).
     */
    private List<Path> cgroupProcsFiles() {
        return reattached ? cgroup().map(Cgroup::procsFiles).orElse(List.of())
                : run().process().cgroupProcsFiles();
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
            ContainerRun.Run r = run();
            ContainerLogWriter writer = r == null ? null : r.log();
            return writer != null ? writer.follow(query) : log().follow(query);
        } catch (IOException e) {
            throw new UncheckedIOException("container " + name() + ": cannot read its log", e);
        }
    }

    /**
     * The stdout and stderr of a detached container started with {@code attach(true)}: every byte
     * it writes, as its helper reads it, whether the log keeps it or not (a full disk). Read both
     * or close them (see {@link AttachedOutput}). Each run has its own: after a restart, the new
     * run's.
     *
     * @throws IllegalStateException if the container was not started attached
     */
    public AttachedOutput attachedOutput() {
        ContainerRun.Run r = run();
        AttachedOutput attached = r == null ? null : r.attached();
        if (attached == null) {
            throw new IllegalStateException("container " + name() + " was not started with attach(true)"
                    + " (a detached container): follow its log instead");
        }
        return attached;
    }

    /**
     * {@code docker attach} ({@code docker start -a}, {@code docker run} without {@code -d}):
     * the output of its run going, or of its next run when it does not run, and its stdin when
     * it has OpenStdin; see {@link ContainerAttach}. Detaching (closing it) leaves it running.
     *
     * @param pastOutput whether the output starts with what it wrote before (the API's {@code logs=1})
     */
    public ContainerAttach attach(boolean pastOutput) {
        record("attach", Map.of());
        return new ContainerAttach(this, runs, pastOutput);
    }

    /**
     * {@code docker resize} / {@code POST /containers/{id}/resize}: sets the window size of the
     * terminal of a running container with {@code tty(true)}; its command gets SIGWINCH.
     *
     * @throws IllegalArgumentException when a size is not 1 to 65535
     * @throws IllegalStateException when it has no terminal or does not run
     */
    public void resizeTerminal(int rows, int columns) {
        if (rows < 1 || rows > 65535 || columns < 1 || columns > 65535) {
            throw new IllegalArgumentException("invalid terminal size " + rows + "x" + columns + ": rows and columns are 1 to 65535");
        }
        if (!tty()) {
            throw new IllegalStateException("container " + name() + " has no terminal (tty)");
        }
        if (!isRunning()) {
            throw new IllegalStateException("container " + name() + " is not running");
        }
        try {
            dev.berth.runtime.ContainerTerminal.resize(berth.host().syscalls(), run().process().pid(),
                    config.process().init(), rows, columns);
        } catch (IOException | RuntimeException e) {
            throw new ContainerException(name(), image(), "resize its terminal", e);
        }
    }

    /** Its log, with the rotated files its options keep. */
    ContainerLog log() {
        return dir.log(config.io().log());
    }

    @Override
    public LogLines followLogLines() throws IOException {
        return ContainerLogLines.follow(log());
    }

    /**
     * For a {@link dev.berth.wait.WaitStrategy}'s failure: its exit code once it has exited,
     * waiting up to 5 s for the exit of one whose output has ended; empty if it runs on.
     */
    @Override
    public OptionalInt exitCode() {
        try {
            return waitFor(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
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
     * Where this JVM reaches {@code containerPort}: 127.0.0.1 (or the one host address it is
     * published on) and the host port when it is published, else the container's bridge address, or 127.0.0.1 in host mode.
     *
     * @throws UnsupportedOperationException with network mode none, or an unpublished port of
     *         slirp4netns, which nothing outside reaches
     */
    @Override
    public InetSocketAddress address(int containerPort) {
        OptionalInt mapped = network.mappedPort(containerPort, Protocol.TCP);
        if (mapped.isPresent()) {
            // a port published on one address is reached there only
            String ip = network.ports().stream().filter(p -> p.containerPort() == containerPort && p.protocol().equals("tcp"))
                    .map(dev.berth.network.NetworkRecord.PortMapping::hostIp).findFirst().orElse("");
            return ip.isEmpty() ? new InetSocketAddress(InetAddress.getLoopbackAddress(), mapped.getAsInt())
                    : new InetSocketAddress(ip, mapped.getAsInt());
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
     * The networks it is on, as {@code docker inspect}'s {@code NetworkSettings.Networks}: the one
     * it started on first, then those it was {@link #connect connected} to. Read from the home's
     * store, so a container another JVM started or connected shows the same.
     */
    public List<NetworkEndpoint> networks() {
        try {
            List<NetworkEndpoint> out = new ArrayList<>();
            for (var r : berth.recordedNetworks().networksOf(id())) {
                r.endpoints().stream().filter(e -> e.containerId().equals(id())).findFirst()
                        .ifPresent(e -> out.add(Berth.endpoint(r, e)));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("container " + name() + ": cannot read its networks", e);
        }
    }

    /**
     * {@code docker network connect [--alias A] NETWORK CONTAINER}: puts the container on another
     * bridge network ({@code network}: its name or id) as its next interface ({@code eth1}, ...),
     * reached there by its name, short id and {@code aliases}. A running container gets the
     * interface at once, one that is not running at its next start. Only a container in network
     * mode bridge can join networks.
     *
     * @throws ContainerException naming the network: no such network, already on it, another mode
     */
    public NetworkEndpoint connect(String network, String... aliases) {
        String step = "connect to network " + network;
        if (this.network.mode() != NetworkMode.BRIDGE) {
            throw new ContainerException(name(), image(), step, new IllegalStateException("network mode "
                    + this.network.mode().name().toLowerCase(java.util.Locale.ROOT) + " cannot join a network"));
        }
        try {
            Namespace netns = isRunning() ? Namespace.of(run().process().pid(), Namespace.Type.NET) : null;
            try {
                var e = berth.networks().connect(network, id(), name(), config.hostname(), List.of(aliases), netns);
                var r = berth.networks().find(network).orElseThrow();
                if (netns != null) { // a stopped container's connect event comes with its next start, as dockerd's
                    berth.networkEvent("connect", Berth.toNetwork(r), id());
                }
                return Berth.endpoint(r, e);
            } finally {
                if (netns != null) {
                    netns.close();
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new ContainerException(name(), image(), step, e);
        }
    }

    /**
     * {@code docker network disconnect NETWORK CONTAINER}: takes the container off {@code network}
     * (its name or id); its interface there goes at once, and its peers no longer resolve it.
     *
     * @throws ContainerException naming the network when it is not on it
     */
    public void disconnect(String network) {
        try {
            var r = berth.networks().find(network);
            berth.networks().disconnect(network, id());
            r.ifPresent(n -> berth.networkEvent("disconnect", Berth.toNetwork(n), id()));
        } catch (IOException | RuntimeException e) {
            throw new ContainerException(name(), image(), "disconnect from network " + network, e);
        }
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
        return Namespace.of(run().process().pid(), Namespace.Type.NET);
    }

    /**
     * Waits for the exit; returns the exit code (128 + N for signal N). A container that is
     * created and not started is waited for until it has been started (here or in another JVM)
     * and has exited.
     */
    public int waitFor() throws InterruptedException {
        return exitWaiter().await(null).orElseThrow();
    }

    /** Waits at most {@code timeout}; the exit code, or empty if it still runs. */
    public OptionalInt waitFor(Duration timeout) throws InterruptedException {
        return exitWaiter().await(Objects.requireNonNull(timeout, "timeout"));
    }

    /**
     * The wait of {@link #waitFor()}: the first run's exit for a container created and not yet
     * started, else until it is not running. Not next-exit for a running one: a command that
     * ends at once (echo) may have exited between the look at its state and the wait's making,
     * and next-exit would then wait for a run that never comes.
     */
    private ContainerWait exitWaiter() {
        return waiter(state().status() == ContainerState.Status.CREATED ? WaitCondition.NEXT_EXIT : WaitCondition.NOT_RUNNING);
    }

    /**
     * {@code docker wait --condition}: waits, at most {@code timeout} (null: without limit), until
     * {@code condition} holds, and returns the exit code of the container's last run (0 when it
     * never ran), or empty on timeout. Sees runs, exits and removals of other JVMs too.
     */
    public OptionalInt waitFor(WaitCondition condition, Duration timeout) throws InterruptedException {
        return waiter(condition).await(timeout);
    }

    /**
     * A wait for {@code condition} that starts now (what {@code next-exit} waits for is fixed
     * here) and is awaited later, as often as needed: {@code POST /containers/{id}/wait}
     * answers its head, then waits in slices.
     */
    public ContainerWait waiter(WaitCondition condition) {
        return new ContainerWait(this, runs, Objects.requireNonNull(condition, "condition"));
    }

    /** {@link #stop(Duration)} with Docker's 10 s grace. */
    public void stop() {
        stop(DEFAULT_STOP_GRACE);
    }

    /** Sends the stop signal (the image's StopSignal, SIGTERM by default), then SIGKILL after {@code grace}. */
    public void stop(Duration grace) {
        stop(grace, config.lifecycle().stopSignal());
    }

    /**
     * {@code docker stop -s SIGNAL}: as {@link #stop(Duration)}, with {@code signal} (a name such as
     * {@code SIGINT} or {@code INT}, or a number) instead of its stop signal.
     *
     * @throws IllegalArgumentException for a signal that is not one
     */
    public void stop(Duration grace, String signal) {
        int stopSignal = StopSignal.number(signal);
        ContainerRun.Run r = run();
        if (r == null || !isRunning()) {
            if (r != null && !restartPolicy().equals(RestartPolicy.NO)) {
                markStopped(); // between runs, its policy waiting to start it again: it must not
            }
            return; // created or exited: nothing to stop, as Docker's 304
        }
        r = run();
        markStopped();
        boolean wasRunning = r.process().signal(stopSignal);
        if (wasRunning) {
            record("kill", Map.of("signal", Integer.toString(stopSignal)));
            thawIfPaused();
        }
        try {
            if (r.process().waitFor(grace).isEmpty()) {
                r.process().kill();
                record("kill", Map.of("signal", "9"));
            }
            r.exited().join();
            if (wasRunning) {
                record("stop", Map.of());
            }
            CompletableFuture<Void> removing = runs.removal();
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
        int number = StopSignal.number(signal);
        ContainerRun.Run r = run();
        if (r == null || !isRunning()) {
            return false;
        }
        if (number == IsolatedProcess.SIGKILL) {
            markStopped();
        }
        boolean sent = run().process().signal(number);
        if (sent) {
            record("kill", Map.of("signal", Integer.toString(number)));
            thawIfPaused();
        }
        return sent;
    }

    /** SIGKILL, and waits for the exit to be recorded. Its restart policy does not start it again. */
    public void kill() {
        if (!isRunning()) {
            return;
        }
        ContainerRun.Run r = run();
        markStopped();
        if (r.process().signal(9)) {
            record("kill", Map.of("signal", "9"));
            thawIfPaused();
        }
        r.exited().join();
    }

    /** Keeps the restart policy, in every JVM, from starting it again after this stop. */
    private void markStopped() {
        try {
            Files.writeString(dir.stoppedMarker(), "");
        } catch (IOException e) {
            throw new ContainerException(name(), image(), "record the stop", e);
        }
    }

    /** Records a container event of this container (see {@link Berth#events(EventQuery)}). */
    void record(String action, Map<String, String> attributes) {
        ContainerEvents.record(berth.events(), config, action, attributes);
    }

    /**
     * {@code docker restart}: stops the main process (as {@link #stop(Duration)}) if it runs, then
     * starts the same command again in the same root, so the files it wrote are still there; the
     * log continues. The new run's stdio is the start's: the caller's terminal, the attach pipes.
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
        runs.restart();
    }

    /**
     * {@code docker rename}: gives it the name {@code newName}, which every JVM on the home then
     * finds it by ({@link Berth#findContainer}); the old name is free at once. Its hostname stays;
     * the peers on its user-defined networks resolve the new name instead of the old from then on,
     * as Docker's embedded DNS does after a rename.
     *
     * @throws IllegalArgumentException when {@code newName} is not a valid name
     * @throws ContainerNameConflictException when another container has it
     */
    public synchronized void rename(String newName) {
        ContainerBuilder.checkName(newName);
        if (removed) {
            throw new IllegalStateException("container " + name() + " has been removed");
        }
        String step = "rename to \"" + newName + "\"";
        try {
            String oldName = name();
            ContainerNames.claim(berth.containersDirectory(), id(), image(), newName, () -> {
                ContainerConfig renamed = dir.readConfig().withName(newName);
                dir.writeConfig(renamed);
                config = renamed;
                runs.renamed(renamed);
            });
            if (!oldName.equals(newName)) {
                berth.networks().renamed(id(), newName); // peers resolve the new name, no longer the old
                record("rename", Map.of("oldName", "/" + oldName));
            }
        } catch (IOException e) {
            throw new ContainerException(name(), image(), step, e);
        }
    }

    /**
     * {@code docker update}: sets the memory, CPU and pids limits that {@code update} gives on the
     * running container's cgroup at once, and records them with its restart policy in its config,
     * which later runs (a restart, a start) and every JVM on the home then use.
     *
     * @throws IllegalStateException when it has been removed, or a restart policy is asked of a
     *     container removed when it exits ({@code --rm}), as Docker refuses it
     * @throws UnsupportedOperationException when limits are asked of a running container that has
     *     no cgroup (rootless without a delegated cgroup)
     * @throws ContainerException when the kernel refuses a limit (nothing is recorded then)
     */
    public synchronized void update(ResourceUpdate update) {
        if (removed) {
            throw new IllegalStateException("container " + name() + " has been removed");
        }
        ContainerConfig c = config;
        if (update.restartPolicy() != null && c.lifecycle().autoRemove() && !update.restartPolicy().equals(RestartPolicy.NO)) {
            throw new IllegalStateException("Restart policy cannot be updated because AutoRemove is enabled for the container");
        }
        try {
            if (update.changesLimits() && isRunning()) {
                dev.berth.namespaces.cgroup.CgroupLimits.Builder limits = dev.berth.namespaces.cgroup.CgroupLimits.builder();
                if (update.memoryBytes() != null) {
                    limits.memoryBytes(update.memoryBytes());
                }
                if (update.cpus() != null) {
                    limits.cpus(update.cpus());
                }
                if (update.pids() != null) {
                    limits.pidsMax(update.pids());
                }
                cgroup().orElseThrow(() -> new UnsupportedOperationException("cannot update container " + name()
                        + ": it has no cgroup to limit (rootless without a delegated cgroup)")).update(limits.build());
            }
            ContainerConfig.Limits old = c.linux().resources();
            ContainerConfig.Limits now = new ContainerConfig.Limits(
                    update.memoryBytes() != null ? update.memoryBytes() : old.memoryBytes(),
                    update.cpus() != null ? update.cpus() : old.cpus(), update.pids() != null ? update.pids() : old.pids());
            ContainerConfig.Lifecycle lifecycle = update.restartPolicy() == null ? c.lifecycle()
                    : new ContainerConfig.Lifecycle(c.lifecycle().stopSignal(), c.lifecycle().autoRemove(), update.restartPolicy());
            ContainerConfig updated = new ContainerConfig(c.id(), c.name(), c.created(), c.image(), c.process(), c.root(), c.mounts(),
                    c.hostname(), new ContainerConfig.Linux(now, c.linux().devices()), c.io(), lifecycle, c.annotations());
            dir.writeConfig(updated);
            config = updated;
            runs.renamed(updated);
        } catch (IOException | dev.berth.namespaces.cgroup.CgroupException e) {
            throw new ContainerException(name(), image(), "update", e);
        }
        record("update", Map.of());
    }

    /** Catches up with a rename another JVM made (the index calls it when it finds the container). */
    void refreshName(String recordedName) {
        ContainerConfig c = config;
        if (!c.name().equals(recordedName)) {
            config = c.withName(recordedName);
            runs.renamed(config);
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
        return commit(CommitOptions.create().reference(reference));
    }

    /**
     * {@code docker commit} with options: as {@link #commit(String)}, with the options' tag (or
     * none), author and comment, their config fields merged over the container's and their
     * {@code --change} instructions applied last.
     *
     * @throws ContainerException naming the container, with an {@link IllegalArgumentException}
     *     cause for a change that is not a valid instruction
     */
    public Image commit(CommitOptions options) {
        String reference = options.reference().orElse(null);
        String step = "commit" + (reference == null ? "" : " " + reference);
        try {
            ImageDetails image = berth.store().inspect(config.image().digest());
            List<Path> lowers = config.root().lowers();
            var runtime = dev.berth.build.CommitChanges.apply(
                    options.mergeInto(CommittedConfig.of(config, image.config().value().config())), options.changes());
            Digest digest = ImageCommit.commit(berth.host(), berth.store(), image, dir.hasCopiedRoot()
                    ? ImageCommit.Changes.ofCopy(lowers, dir.copiedRoot()) : ImageCommit.Changes.ofUpper(dir.upper(), lowers),
                    reference,
                    "berth commit " + name() + " (" + String.join(" ", config.process().argv()) + ")",
                    options.comment().orElse(null),
                    options.author().orElse("berth"), runtime);
            Image committed = berth.image(digest.toString());
            record("commit", Map.of("comment", options.comment().orElse(""), "imageID", committed.id(),
                    "imageRef", reference == null ? "" : reference));
            return committed;
        } catch (IOException | RuntimeException e) {
            throw new ContainerException(name(), image(), step, e);
        }
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

    /**
     * What {@code containerPath} is, a symlink at its end not followed, as {@code docker cp}
     * asks before copying; empty when nothing is there. Resolved inside the container's root, as
     * the copies are, in a running container or one that has exited.
     */
    public Optional<PathStat> statPath(String containerPath) {
        List<Optional<PathStat>> found = new ArrayList<>(1);
        inRoot("stat " + containerPath, copy -> found.add(copy.stat(containerPath)));
        return found.get(0);
    }

    /** Runs {@code action} on the container's files, whichever way they are reached. */
    private void inRoot(String step, ContainerRootAccess.Action action) {
        try {
            ContainerRootAccess.copy(new ContainerRootAccess.Target() {
                @Override
                public boolean isRunning() {
                    return Container.this.isRunning();
                }

                @Override
                public boolean isRemoved() {
                    return Container.this.isRemoved();
                }

                @Override
                public int pid() {
                    return run().process().pid();
                }

                @Override
                public ExecResult execAsRoot(List<String> command, InputStream stdin, OutputStream stdout) {
                    ExecOptions tar = ExecOptions.command(command.toArray(String[]::new)).user("0");
                    return exec(stdin == null ? tar : tar.stdin(stdin), stdout, false, null); // the engine's own: no events
                }
            }, berth.host(), this, dir, config.root().lowers(), action);
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
        restarts.cancel();
        HealthMonitor monitor = healthMonitor;
        if (monitor != null) {
            monitor.stop();
        }
        ContainerRun.Run r = run();
        if (r != null) {
            r.exited().join();
            r.process().close();
        }
        try {
            if (reattached) {
                // The JVM that made its cgroup is gone or will not see it exit.
                berth.host().cgroups().removeLeftovers(ContainerLaunch.processName(config));
                removeGroupFoundFromProcess();
            }
            network.close();
            berth.layers().release(topLayer, layerHolder(id()));
            // Under the lock a policy restart takes, so that none relaunches into a directory being deleted.
            // Moved out of the store at once; its tree is deleted in the background (RemovedContainers).
            if (java.nio.file.Files.isDirectory(dir.root())) {
                dir.locked(() -> {
                    berth.removedContainers().remove(dir);
                    return null;
                });
            }
        } catch (Exception e) {
            throw new ContainerException(name(), image(), "remove " + dir, e);
        }
        removed = true;
        berth.removed(this);
        record("destroy", Map.of());
        runs.removed();
    }

    /** Best effort: the group, now empty, where another JVM placed it; busy or gone, it is left. */
    private void removeGroupFoundFromProcess() {
        Cgroup found = foundFromProcess;
        if (found != null) {
            try {
                found.close();
            } catch (RuntimeException busy) {
                // a process the kernel still counts; the group stays, as a crashed JVM's would
            }
        }
    }

    /** Whether {@link #remove()} has run (callers hold this container's lock). */
    synchronized boolean isRemoved() {
        return removed;
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
        return "container " + name() + " (" + image() + ", " + state().status().name().toLowerCase(java.util.Locale.ROOT) + ")";
    }

    /** Exec ids, as Docker's: 64 hex digits, named in the exec events. Made at the first exec: seeding costs a listing's start. */
    private static final class ExecIds {
        static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
    }
}
