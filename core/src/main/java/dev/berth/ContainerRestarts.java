package dev.berth;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * Applies a container's {@link RestartPolicy} in this JVM: when a run exits and the policy
 * asks for another, starts it after Docker's backoff, on a thread of its own (a launch blocks).
 * Nothing happens once the container is removed or its {@link Berth} closed.
 */
final class ContainerRestarts {
    /** Launches block for milliseconds; daemon threads, so that a pending restart never holds the JVM. */
    private static final ExecutorService LAUNCHER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "berth-restart-policy");
        t.setDaemon(true);
        return t;
    });

    private final Container container;
    private final ContainerRun runs;
    /** The last wait before a restart, null before the first. */
    private Duration delay;
    /** Whether a restart is waiting out its backoff. */
    private volatile boolean pending;
    /** Set by a removal: no restart is scheduled or launched after it. */
    private boolean cancelled;

    ContainerRestarts(Container container, ContainerRun runs) {
        this.container = container;
        this.runs = runs;
        runs.onExit(this::exited);
    }

    private synchronized void exited(ContainerRun.Run run) {
        RestartPolicy policy = container.restartPolicy();
        ContainerState s = run.exited().getNow(null);
        if (s == null || cancelled || policy.equals(RestartPolicy.NO) || container.isRemoved() || !container.berth().isOpen()) {
            return;
        }
        boolean stopped = Files.exists(container.dir().stoppedMarker());
        if (!policy.restartsAfter(s.exitCode(), runs.restartCount(), stopped)) {
            return;
        }
        Instant finished = s.finished().orElseGet(Instant::now);
        delay = RestartPolicy.nextDelay(delay, Duration.between(s.started().orElse(finished), finished));
        pending = true;
        CompletableFuture.runAsync(() -> restart(run), CompletableFuture.delayedExecutor(delay.toMillis(),
                TimeUnit.MILLISECONDS, LAUNCHER));
    }

    /** Whether a restart by the policy is waiting out its backoff in this JVM (Docker's State.Restarting). */
    boolean pending() {
        return pending;
    }

    /** Called before a removal deletes the container's directory: a pending restart is dropped. */
    synchronized void cancel() {
        cancelled = true;
    }

    private synchronized boolean cancelled() {
        return cancelled;
    }

    private void restart(ContainerRun.Run ended) {
        try {
            if (!cancelled() && !container.isRemoved() && container.berth().isOpen()) {
                runs.restartByPolicy(ended);
            }
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(Container.class).warn("container {}: its restart policy {} could not start it again",
                    container.name(), container.restartPolicy(), e);
        } finally {
            pending = false;
        }
    }
}
