package dev.berth;

import dev.berth.namespaces.host.StartupTrace;
import dev.berth.namespaces.launch.LaunchException;
import dev.berth.namespaces.host.Host;
import dev.berth.namespaces.process.ExitStatus;
import dev.berth.namespaces.process.IsolatedProcess;
import dev.berth.namespaces.process.ProcessIdentity;
import dev.berth.events.EventLog;
import dev.berth.network.Attachment;
import dev.berth.log.AttachedOutput;
import dev.berth.runtime.ContainerConfig;
import dev.berth.runtime.ContainerDirectory;
import dev.berth.runtime.ContainerLaunch;
import dev.berth.runtime.ContainerLogWriter;
import dev.berth.runtime.ContainerOwner;
import dev.berth.runtime.RecordedState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * The runs of a container's main process: the one launch that start and restart share, and what
 * follows each run's exit (the log drained and closed, the exit in state.json, {@code --rm}'s
 * removal). A restart launches as the start did: on a terminal again (a new one: each run has its own devpts), with the attach
 * pipes, logged with the same options.
 */
final class ContainerRun {
    /** How long an exit waits for the output still in the pipes (a daemon may hold them open). */
    private static final Duration LOG_DRAIN_TIMEOUT = Duration.ofSeconds(5);

    /**
     * What the caller gave the start for the main process's stdio, which every run gets.
     *
     * @param terminal whether each run gets a new pty of the container's devpts, whose master
     *        the run's process hands to this JVM
     * @param attach whether a detached container's helper also forwards its output to this JVM
     */
    record Io(boolean terminal, boolean attach) {
        /** A container another JVM started: this one holds neither. */
        static final Io NONE = new Io(false, false);
    }

    /** One run of the main process: restart replaces it, keeping the directory, root and log. */
    record Run(IsolatedProcess process, Instant startedAt, CompletableFuture<ContainerState> exited,
            ContainerLogWriter log, AttachedOutput attached) {
    }

    private final Host host;
    /** Replaced by a rename. */
    private volatile ContainerConfig config;
    private final ContainerDirectory dir;
    private final Attachment network;
    private final Io io;
    private final EventLog events;
    /** Removes the container, for {@code --rm}. */
    private final Runnable remove;
    private volatile Run current;
    /** For {@code --rm}: the removal that follows the exit (null otherwise). */
    private volatile CompletableFuture<Void> removal;
    /** Orders state.json writes: the running state of a run must not overwrite its recorded exit. */
    private final Object stateWrites = new Object();
    private boolean exitWritten; // guarded by stateWrites
    /** Notified at each launch, for those waiting for the next run ({@code docker wait --condition next-exit}). */
    private final Object runs = new Object();
    private volatile int restartCount;
    private volatile Consumer<Run> exitListener;
    private volatile Consumer<Run> launchListener;
    /** Records the network and volume events of a run: true before its start event, false after its death. */
    private volatile Consumer<Boolean> attachmentEvents = starting -> { };

    ContainerRun(Host host, EventLog events, ContainerConfig config, ContainerDirectory dir, Attachment network, Io io,
            Runnable remove) {
        this.host = host;
        this.events = events;
        this.config = config;
        this.dir = dir;
        this.network = network;
        this.io = io;
        this.remove = remove;
    }

    /** The current run (null before the first launch). */
    Run current() {
        return current;
    }

    /** The removal that follows the exit of a {@code --rm} container, or null. */
    CompletableFuture<Void> removal() {
        return removal;
    }

    /** How many times the restart policy has started it again since its last start. */
    int restartCount() {
        return restartCount;
    }

    /** Called after each launch of this JVM's, start, restart or restart policy's (the health check's hook). */
    void onLaunch(Consumer<Run> listener) {
        this.launchListener = listener;
    }

    /**
     * Called with true just before each start event this JVM records and with false just after
     * each death it records: dockerd's {@code network connect} and {@code volume mount} at a
     * start, {@code network disconnect} and {@code volume unmount} when the run ends.
     */
    void onAttachmentEvents(Consumer<Boolean> recorder) {
        this.attachmentEvents = recorder;
    }

    /** Called once each run's exit is recorded (the restart policy's hook). */
    void onExit(Consumer<Run> listener) {
        this.exitListener = listener;
    }

    /** After a rename. */
    void renamed(ContainerConfig renamed) {
        this.config = renamed;
    }

    /** After the removal: wakes those waiting for it. */
    void removed() {
        synchronized (runs) {
            runs.notifyAll();
        }
    }

    /** Records a container that is created and not started, for every JVM to see. */
    void created() throws IOException {
        dir.writeState(ContainerState.created(), null, 0);
    }

    /** The first run, its output to {@code log} (null when detached: the helper writes the log). */
    void start(ContainerLogWriter log) {
        launch(log, false, false);
    }

    /**
     * {@code docker start}: launches the first run of a created container, or a new run of an
     * exited one (the log continues), unless a run is going, in this JVM or another; false then.
     * Taken under the container's lock, so that two JVMs starting it at once start it once.
     */
    boolean startIfNotRunning() {
        return locked("start", () -> {
            refresh();
            Run r = current;
            if (r != null && !r.exited().isDone()) {
                return false;
            }
            Files.deleteIfExists(dir.stoppedMarker()); // a start re-arms the restart policy
            restartCount = 0;
            // docker start of an exited container records "start" only, as dockerd does
            relaunch(r == null ? "start" : "restart", false);
            return true;
        });
    }

    /**
     * After the last run has exited: the same command again in the same root; the log
     * continues. Failures name the restart.
     */
    void restart() {
        locked("restart", () -> {
            Files.deleteIfExists(dir.stoppedMarker());
            relaunch("restart", true);
            return null;
        });
    }

    /**
     * The restart policy's restart of the run that ended, unless another JVM has started a newer
     * run meanwhile or a user stopped it; counted in RestartCount.
     */
    boolean restartByPolicy(Run ended) {
        return locked("restart (restart policy)", () -> {
            refresh();
            if (current != ended || Files.exists(dir.stoppedMarker()) || !Files.isDirectory(dir.root())) {
                return false;
            }
            restartCount++;
            relaunch("restart", true);
            return true;
        });
    }

    /**
     * Launches the next run: a new log writer (unless detached), the last run's exit file gone;
     * records a "restart" event after the "start" when {@code restartEvent}.
     */
    private void relaunch(String step, boolean restartEvent) throws IOException {
        Run last = current;
        if (last != null) {
            last.process().close();
            removeLeftoverCgroup();
        }
        ContainerLogWriter log = null;
        try {
            log = config.io().detached() ? null : dir.log(config.io().log()).openWriter("container " + config.name());
            Files.deleteIfExists(dir.exitFile()); // the last run's; the new run writes its own
            launch(log, last != null, restartEvent);
        } catch (IOException | RuntimeException e) {
            closeQuietly(log, e);
            throw e instanceof ContainerException ce ? ce : new ContainerException(config.name(), config.image().reference(), step, e);
        }
    }

    /** A step that may throw anything. */
    private interface Locked<T> {
        T run() throws Exception;
    }

    private <T> T locked(String step, Locked<T> body) {
        try {
            return dir.locked(body::run);
        } catch (ContainerException e) {
            throw e;
        } catch (Exception e) {
            throw new ContainerException(config.name(), config.image().reference(), step, e);
        }
    }

    /**
     * Catches up with another JVM: when this handle has no run going and state.json records a
     * newer one (another JVM started or restarted the container), takes that run over.
     */
    private void refresh() {
        Run r = current;
        if (r != null && !r.exited().isDone()) {
            return;
        }
        try {
            Optional<RecordedState> recorded = dir.readState();
            if (recorded.isEmpty() || recorded.get().state().status() != ContainerState.Status.RUNNING
                    || recorded.get().process().isEmpty()) {
                return;
            }
            Instant started = recorded.get().state().startedAt();
            if (r == null || (started != null && started.isAfter(r.startedAt()))) {
                restartCount = recorded.get().restartCount();
                network.refresh(); // that run's host ports
                reattach(recorded.get());
            }
        } catch (IOException | RuntimeException e) {
            // being removed, or a state.json half-gone: keep what this handle knows
        }
    }

    /**
     * The empty cgroup of the last run, when the JVM that launched it has gone: only that JVM
     * removes it when the run ends, and the new run's group has the same name.
     */
    private void removeLeftoverCgroup() {
        try {
            host.cgroups().removeLeftovers(ContainerLaunch.processName(config));
        } catch (RuntimeException noCgroups) {
            // rootless without cgroups, or none left: the launch says what is wrong, if anything
        }
    }

    /** The one launch of the main process, for the start and for each restart. */
    private void launch(ContainerLogWriter log, boolean restart, boolean restartEvent) {
        IsolatedProcess process;
        try {
            dir.recordOwner(ContainerOwner.current()); // the JVM whose run it is now
            dev.berth.namespaces.launch.Launcher launcher = host.launcher();
            StartupTrace.mark("launch: owner recorded, launcher ready");
            process = launcher.launch(
                    ContainerLaunch.mainProcess(config, dir, log, network::configure, io.terminal(), io.attach()));
            StartupTrace.mark("launch: launched");
            network.launched();
        } catch (IOException e) {
            throw new ContainerException(config.name(), config.image().reference(), "record the owner", e);
        } catch (LaunchException e) {
            throw ContainerException.launchFailed(config.name(), config.image().reference(), restart ? "restart: " : "", e);
        } catch (RuntimeException e) {
            throw e instanceof ContainerException ce ? ce
                    : new ContainerException(config.name(), config.image().reference(), restart ? "restart" : "launch", e);
        }
        attach(process, log, io.attach() ? new AttachedOutput(process.stdout(), process.stderr()) : null);
        attachmentEvents.accept(true);
        ContainerEvents.record(events, config, "start", java.util.Map.of());
        Consumer<Run> listener = launchListener;
        if (listener != null) {
            listener.accept(current);
        }
        if (restartEvent) {
            ContainerEvents.record(events, config, "restart", java.util.Map.of());
        }
    }

    /** Takes over the run another JVM started, as its state.json and exit file describe it. */
    void reattach(RecordedState recorded) {
        ContainerState last = recorded.state();
        restartCount = recorded.restartCount();
        if (last.status() == ContainerState.Status.CREATED) {
            return; // nothing runs yet: a start, here or in another JVM, launches it
        }
        // Without identities (it had exited) the handle is exited at once.
        ProcessIdentity none = new ProcessIdentity(last.pid(), -1);
        IsolatedProcess process = IsolatedProcess.reattach(host.syscalls(), ContainerLaunch.processName(config),
                recorded.process().orElse(none), recorded.helper().orElse(none), recorded.namespaces(),
                this::recordedExit, host.watcher());
        Instant startedAt = last.startedAt();
        CompletableFuture<ContainerState> exited;
        if (!last.running()) {
            exited = CompletableFuture.completedFuture(last);
        } else {
            // Its owner may have died before it exited: the helper's exit file says how it ended.
            // Once written, the run has ended, whether or not the watcher has seen the helper go.
            ExitStatus written = recordedExit();
            exited = written != null ? CompletableFuture.completedFuture(recordExit(process, written, null, startedAt))
                    : process.onExit().thenApply(status -> recordExit(process, status, null, startedAt));
        }
        current = new Run(process, startedAt, exited, null, null);
        launched(current);
    }

    /**
     * For a run another JVM launched, which has no handle on its cgroup: a SIGKILL (or Berth's
     * init reporting one, 137) that its memory cgroup counted as an OOM kill is one.
     */
    private ExitStatus withOomKill(ExitStatus status) {
        boolean byKill = status.signal() == 9 || status.exited() && status.exitCode() == 128 + 9;
        if (status.oomKilled() || !byKill) {
            return status;
        }
        try {
            return dev.berth.runtime.CgroupOomKills.count(dir.readCgroups()) > 0
                    ? new ExitStatus(status.exitCode(), status.signal(), true) : status;
        } catch (IOException | RuntimeException e) {
            return status;
        }
    }

    private Optional<Instant> exitTime() {
        try {
            return dir.readExitTime();
        } catch (IOException e) {
            return Optional.empty();
        }
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
                ? process.onExit().thenApply(status -> recordExit(process, status, null, process.startedAt()))
                // The exit counts once the output before it is in the log, as with docker wait and logs.
                : process.onExit().thenCompose(status -> log.drained(LOG_DRAIN_TIMEOUT)
                        .thenApply(drained -> recordExit(process, status, log, process.startedAt())));
        // This JVM launched the run, so it reports the death (a JVM that reattached does not).
        exited = exited.thenApply(state -> {
            ContainerEvents.record(events, config, "die", java.util.Map.of("exitCode", Integer.toString(state.exitCode())));
            attachmentEvents.accept(false);
            return state;
        });
        current = new Run(process, process.startedAt(), exited, log, attached);
        launched(current);
        synchronized (stateWrites) {
            // A quick exit may have been recorded by the watcher thread already.
            if (!exitWritten) {
                writeState(state(), process);
            }
        }
    }

    /** Tells waiters of the new run, and arranges what follows its exit. */
    private void launched(Run run) {
        removeOnExitIfAsked();
        run.exited().whenComplete((state, failure) -> {
            Consumer<Run> listener = exitListener;
            if (failure == null && listener != null) {
                listener.accept(run);
            }
        });
        synchronized (runs) {
            runs.notifyAll();
        }
    }

    /**
     * Waits at most {@code millis} for a new run to be launched in this JVM (another JVM's is
     * seen by polling {@link #state()}).
     */
    void awaitLaunch(long millis) throws InterruptedException {
        synchronized (runs) {
            runs.wait(millis);
        }
    }

    /** Created, running or exited, exit code, OOM kill, times. */
    ContainerState state() {
        Run r = current;
        if (r == null || r.exited().isDone()) {
            refresh();
            r = current;
        }
        if (r == null) {
            return ContainerState.created();
        }
        ContainerState done = r.exited().getNow(null);
        return done != null ? done
                : new ContainerState(ContainerState.Status.RUNNING, r.process().pid(), 0, false, r.startedAt(), null);
    }

    /**
     * For {@code --rm}: removes the container once its run has exited, off the watcher thread (a
     * removal deletes a directory tree). A removal that fails is logged; the next
     * {@code Berth.open} removes what is left.
     */
    private void removeOnExitIfAsked() {
        if (config.lifecycle().autoRemove()) {
            removal = current.exited().handleAsync((state, failure) -> {
                try {
                    remove.run();
                } catch (RuntimeException e) {
                    LoggerFactory.getLogger(Container.class).warn("container {} (--rm) exited but could not be removed",
                            config.name(), e);
                }
                return null;
            });
        }
    }

    /**
     * Records the end of the run of {@code process}, which started at {@code startedAt} (a
     * reattached handle's own start is when it reattached, not when the run began). It finished
     * when its helper wrote the exit file, not when this JVM noticed, which may be much later.
     */
    private ContainerState recordExit(IsolatedProcess process, ExitStatus status, ContainerLogWriter log, Instant startedAt) {
        status = withOomKill(status);
        Instant finishedAt = exitTime().orElseGet(() -> process.finishedAt().orElseGet(Instant::now));
        if (startedAt != null && finishedAt.isBefore(startedAt)) {
            finishedAt = startedAt; // the launch returned after a very quick exit
        }
        ContainerState s = new ContainerState(ContainerState.Status.EXITED, 0, status.shellCode(), status.oomKilled(),
                startedAt, finishedAt);
        // Before the exit is recorded, so that a start it allows finds the ports free, as after docker stop.
        try {
            network.runExited();
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(Container.class).warn("container {}: its host ports could not be released", config.name(), e);
        }
        if (log != null) {
            try {
                log.close(); // the streams have ended (or did not within the drain timeout)
            } catch (IOException e) {
                if (log.writeFailure().isEmpty()) { // a full disk was named once, when it happened
                    LoggerFactory.getLogger(Container.class).warn("container {}: the log lost output", config.name(), e);
                }
            }
        }
        synchronized (stateWrites) {
            writeState(s, process);
            exitWritten = true;
        }
        return s;
    }

    /** With the process given: a reattached handle may see the exit before {@code current} is set. */
    private void writeState(ContainerState s, IsolatedProcess process) {
        try {
            dir.writeState(s, process, restartCount);
        } catch (IOException e) {
            // Only other JVMs read state.json; this one keeps the state in memory.
            LoggerFactory.getLogger(Container.class).warn("container {}: cannot write {}", config.name(),
                    dir.root().resolve("state.json"), e);
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
}
