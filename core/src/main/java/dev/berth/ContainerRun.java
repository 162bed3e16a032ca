package dev.berth;

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
import dev.berth.runtime.RecordedState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.slf4j.LoggerFactory;

/**
 * The runs of a container's main process: the one launch that start and restart share, and what
 * follows each run's exit (the log drained and closed, the exit in state.json, {@code --rm}'s
 * removal). A restart launches as the start did: on the caller's terminal, with the attach
 * pipes, logged with the same options.
 */
final class ContainerRun {
    /** How long an exit waits for the output still in the pipes (a daemon may hold them open). */
    private static final Duration LOG_DRAIN_TIMEOUT = Duration.ofSeconds(5);

    /**
     * What the caller gave the start for the main process's stdio, which every run gets.
     *
     * @param terminal the slave of a pty the caller holds, or null
     * @param attach whether a detached container's helper also forwards its output to this JVM
     */
    record Io(Path terminal, boolean attach) {
        /** A container another JVM started: this one holds neither. */
        static final Io NONE = new Io(null, false);
    }

    /** One run of the main process: restart replaces it, keeping the directory, root and log. */
    record Run(IsolatedProcess process, Instant startedAt, CompletableFuture<ContainerState> exited,
            ContainerLogWriter log, AttachedOutput attached) {
    }

    private final Host host;
    private final ContainerConfig config;
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

    /** The first run, its output to {@code log} (null when detached: the helper writes the log). */
    void start(ContainerLogWriter log) {
        launch(log, false);
    }

    /**
     * After the last run has exited: the same command again in the same root; the log
     * continues. Failures name the restart.
     */
    void restart() {
        current.process().close();
        ContainerLogWriter log = null;
        try {
            log = config.io().detached() ? null : dir.log(config.io().log()).openWriter("container " + config.name());
            Files.deleteIfExists(dir.exitFile()); // the last run's; the new run writes its own
            launch(log, true);
        } catch (IOException | RuntimeException e) {
            closeQuietly(log, e);
            throw e instanceof ContainerException ce ? ce : new ContainerException(config.name(), config.image().reference(), "restart", e);
        }
    }

    /** The one launch of the main process, for the start and for each restart. */
    private void launch(ContainerLogWriter log, boolean restart) {
        IsolatedProcess process;
        try {
            process = host.launcher().launch(
                    ContainerLaunch.mainProcess(config, dir, log, network::configure, io.terminal(), io.attach()));
            network.launched();
        } catch (LaunchException e) {
            throw ContainerException.launchFailed(config.name(), config.image().reference(), restart ? "restart: " : "", e);
        } catch (RuntimeException e) {
            throw e instanceof ContainerException ce ? ce
                    : new ContainerException(config.name(), config.image().reference(), restart ? "restart" : "launch", e);
        }
        attach(process, log, io.attach() ? new AttachedOutput(process.stdout(), process.stderr()) : null);
        ContainerEvents.record(events, config, "start", java.util.Map.of());
        if (restart) {
            ContainerEvents.record(events, config, "restart", java.util.Map.of());
        }
    }

    /** Takes over the run another JVM started, as its state.json and exit file describe it. */
    void reattach(RecordedState recorded) {
        ContainerState last = recorded.state();
        // Without identities (it had exited) the handle is exited at once.
        ProcessIdentity none = new ProcessIdentity(last.pid(), -1);
        IsolatedProcess process = IsolatedProcess.reattach(host.syscalls(), ContainerLaunch.processName(config),
                recorded.process().orElse(none), recorded.helper().orElse(none), recorded.namespaces(),
                this::recordedExit, host.watcher());
        current = new Run(process, last.startedAt(), last.running()
                // Its owner may have died before it exited: the helper's exit file says how it ended.
                ? process.onExit().thenApply(status -> recordExit(process, status, null))
                : CompletableFuture.completedFuture(last), null, null);
        removeOnExitIfAsked();
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
        // This JVM launched the run, so it reports the death (a JVM that reattached does not).
        exited = exited.thenApply(state -> {
            ContainerEvents.record(events, config, "die", java.util.Map.of("exitCode", Integer.toString(state.exitCode())));
            return state;
        });
        current = new Run(process, process.startedAt(), exited, log, attached);
        removeOnExitIfAsked();
        synchronized (stateWrites) {
            // A quick exit may have been recorded by the watcher thread already.
            if (!exitWritten) {
                writeState(state(), process);
            }
        }
    }

    /** Running or exited, exit code, OOM kill, times. */
    ContainerState state() {
        Run r = current;
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

    private ContainerState recordExit(IsolatedProcess process, ExitStatus status, ContainerLogWriter log) {
        Run r = current;
        ContainerState s = new ContainerState(ContainerState.Status.EXITED, 0, status.shellCode(), status.oomKilled(),
                r == null || r.process() != process ? process.startedAt() : r.startedAt(),
                process.finishedAt().orElseGet(Instant::now));
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
            dir.writeState(s, process);
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
