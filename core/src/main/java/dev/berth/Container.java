package dev.berth;

import dev.berth.namespaces.cgroup.CgroupStats;
import dev.berth.namespaces.process.ExitStatus;
import dev.berth.namespaces.process.IsolatedProcess;
import dev.berth.overlayfs.store.ChainId;
import dev.berth.runtime.ContainerConfig;
import dev.berth.runtime.ContainerConfigRules;
import dev.berth.runtime.ContainerDirectory;
import dev.berth.runtime.ContainerExec;
import dev.berth.runtime.ContainerLogWriter;
import dev.berth.runtime.ExecUser;
import dev.berth.runtime.LogFollower;
import dev.berth.runtime.LogQuery;
import dev.berth.runtime.LogRecord;
import dev.berth.runtime.StopSignal;
import dev.berth.wait.ContainerLogLines;
import dev.berth.wait.LogLines;
import dev.berth.wait.WaitTarget;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
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
    private final ContainerConfig config;
    private final ContainerDirectory dir;
    private final IsolatedProcess process;
    private final ChainId topLayer;
    private final CompletableFuture<ContainerState> exited;
    private boolean removed;

    Container(Berth berth, ContainerConfig config, ContainerDirectory dir, IsolatedProcess process,
            ContainerLogWriter log, ChainId topLayer) {
        this.berth = berth;
        this.config = config;
        this.dir = dir;
        this.process = process;
        this.topLayer = topLayer;
        log.pump(process.stdout(), LogRecord.Source.STDOUT);
        log.pump(process.stderr(), LogRecord.Source.STDERR);
        writeState(state());
        this.exited = process.onExit().thenApply(status -> recordExit(status, log));
    }

    /** The reference a container holds on its image's top layer. */
    static String layerHolder(String id) {
        return "container " + id;
    }

    private ContainerState recordExit(ExitStatus status, ContainerLogWriter log) {
        ContainerState s = new ContainerState(ContainerState.Status.EXITED, 0, status.shellCode(), status.oomKilled(),
                process.startedAt(), process.finishedAt().orElseGet(java.time.Instant::now));
        try {
            log.close(); // drains the pumps, which reach EOF now that every process has gone
        } catch (IOException e) {
            System.getLogger(Container.class.getName()).log(System.Logger.Level.WARNING,
                    "container " + name() + ": the log lost output", e);
        }
        writeState(s);
        return s;
    }

    private void writeState(ContainerState s) {
        try {
            dir.writeState(s);
        } catch (IOException e) {
            // Only other JVMs read state.json; this one keeps the state in memory.
            System.getLogger(Container.class.getName()).log(System.Logger.Level.WARNING,
                    "container " + name() + ": cannot write " + dir.root().resolve("state.json"), e);
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

    /** The image as it was named. */
    public String image() {
        return config.image();
    }

    /** The image's labels with the builder's over them. */
    public Map<String, String> labels() {
        return config.labels();
    }

    /** The container's directory (config.json, state.json, log.json, upper/). */
    public Path directory() {
        return dir.root();
    }

    /** Running or exited, exit code, OOM kill, times. */
    public ContainerState state() {
        ContainerState done = exited == null ? null : exited.getNow(null);
        return done != null ? done
                : new ContainerState(ContainerState.Status.RUNNING, process.pid(), 0, false, process.startedAt(), null);
    }

    @Override
    public boolean isRunning() {
        return state().running();
    }

    /** Memory, CPU time and tasks from the container's cgroup; empty once it has exited. */
    public Optional<CgroupStats> stats() {
        return process.stats();
    }

    /** The main process's stdin, when the builder asked for {@code stdin(true)}. */
    public OutputStream stdin() {
        if (!config.stdin()) {
            throw new IllegalStateException("container " + name() + " was started without stdin(true)");
        }
        return process.stdin();
    }

    /** Runs {@code command} as the container's user, in its working directory, with its environment. */
    @Override
    public ExecResult exec(String... command) {
        return exec(ExecOptions.command(command));
    }

    /** Runs a command as {@code docker exec} does, with the options' overrides. */
    public ExecResult exec(ExecOptions options) {
        String step = "exec " + options.command();
        if (!isRunning()) {
            throw new ContainerException(name(), image(), step, new IllegalStateException("the container is not running"));
        }
        try {
            ExecUser user = options.user() == null
                    ? new ExecUser(config.uid(), config.gid(), config.groups(), config.home())
                    : ContainerConfigRules.user(options.user(), rootLayers());
            return ContainerExec.run(process, options.command(), ContainerConfigRules.mergeEnv(config.env(), options.env()), user,
                    options.workdir() != null ? options.workdir() : config.workdir());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerException(name(), image(), step, e);
        } catch (IOException | RuntimeException e) {
            throw e instanceof ContainerException ce ? ce : new ContainerException(name(), image(), step, e);
        }
    }

    /** The container's root as layers, highest first: a user added inside counts for exec. */
    private List<Path> rootLayers() {
        List<Path> layers = new ArrayList<>(List.of(dir.upper()));
        config.lowers().forEach(l -> layers.add(Path.of(l)));
        return layers;
    }

    /** All output so far, stdout and stderr interleaved as written. */
    public String logs() {
        return logs(LogQuery.all());
    }

    /** The output {@code query} selects ({@code docker logs --since/--until/--tail}). */
    public String logs(LogQuery query) {
        try {
            return dir.log().read(query).stream().map(LogRecord::text).collect(Collectors.joining());
        } catch (IOException e) {
            throw new UncheckedIOException("container " + name() + ": cannot read its log", e);
        }
    }

    /** {@code docker logs -f}: every record so far, then new ones until the container exits. */
    public LogFollower followLogs() {
        try {
            return dir.log().follow(LogQuery.all());
        } catch (IOException e) {
            throw new UncheckedIOException("container " + name() + ": cannot read its log", e);
        }
    }

    @Override
    public LogLines followLogLines() throws IOException {
        return ContainerLogLines.follow(dir.log());
    }

    @Override
    public String lastLogLines(int n) {
        try {
            return ContainerLogLines.last(dir.log(), n);
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public List<Integer> exposedPorts() {
        return config.exposedPorts();
    }

    /** Not reachable yet: containers run with network mode none until networking comes. */
    @Override
    public InetSocketAddress address(int containerPort) {
        throw new UnsupportedOperationException("container " + name() + " has no network (network mode none):"
                + " port " + containerPort + " cannot be reached from the host; port waits come with networking");
    }

    /** Waits for the exit; returns the exit code (128 + N for signal N). */
    public int waitFor() throws InterruptedException {
        try {
            return exited.get().exitCode();
        } catch (ExecutionException e) {
            throw new IllegalStateException("container " + name() + ": recording its exit failed", e.getCause());
        }
    }

    /** Waits at most {@code timeout}; the exit code, or empty if it still runs. */
    public OptionalInt waitFor(Duration timeout) throws InterruptedException {
        try {
            return OptionalInt.of(exited.get(timeout.toNanos(), TimeUnit.NANOSECONDS).exitCode());
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
        process.signal(StopSignal.number(config.stopSignal()));
        try {
            if (process.waitFor(grace).isEmpty()) {
                process.kill();
            }
            exited.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.kill();
        }
    }

    /** SIGKILL, and waits for the exit to be recorded. */
    public void kill() {
        process.kill();
        exited.join();
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
        exited.join();
        process.close();
        try {
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
        if (!config.detached()) {
            stop();
            remove();
        }
    }

    /** Whether closing leaves it running. */
    boolean detached() {
        return config.detached();
    }

    @Override
    public String toString() {
        return "container " + name() + " (" + image() + ", " + (isRunning() ? "running" : "exited") + ")";
    }
}
