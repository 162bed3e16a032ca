package dev.berth;

import java.nio.file.Files;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One wait on a container for a {@link WaitCondition}. A run of this JVM is waited for on its
 * exit future; what another JVM does (a start, a restart, a removal) shows in the container's
 * directory, which is looked at again every {@link #POLL}.
 */
final class ContainerWait {
    private static final long POLL = 200;

    private final Container container;
    private final ContainerRun runs;

    ContainerWait(Container container, ContainerRun runs) {
        this.container = container;
        this.runs = runs;
    }

    /** The wait of {@link Container#waitFor()}: a run going or to come, unless it has exited. */
    OptionalInt awaitExit(Duration timeout) throws InterruptedException {
        long deadline = deadline(timeout);
        ContainerState s = container.state();
        if (s.status() == ContainerState.Status.EXITED) {
            return OptionalInt.of(s.exitCode());
        }
        return await(WaitCondition.NEXT_EXIT, deadline);
    }

    OptionalInt await(WaitCondition condition, Duration timeout) throws InterruptedException {
        return await(condition, deadline(timeout));
    }

    private OptionalInt await(WaitCondition condition, long deadline) throws InterruptedException {
        switch (condition) {
            case NOT_RUNNING -> {
                for (;;) {
                    ContainerState s = container.state();
                    if (!s.running()) {
                        return OptionalInt.of(s.exitCode());
                    }
                    if (!awaitExitOf(runs.current(), deadline)) {
                        return OptionalInt.empty();
                    }
                }
            }
            case NEXT_EXIT -> {
                ContainerState s = container.state();
                ContainerRun.Run run = runs.current();
                if (!s.running()) {
                    ContainerRun.Run last = run;
                    // Until a new run is launched, here or (seen in state.json) in another JVM.
                    while ((run = runs.current()) == last || run == null) {
                        if (container.isRemoved() || !Files.isDirectory(container.dir().root())) {
                            return OptionalInt.of(lastExitCode());
                        }
                        if (remaining(deadline) <= 0) {
                            return OptionalInt.empty();
                        }
                        runs.awaitLaunch(Math.min(POLL, remaining(deadline)));
                        container.state();
                    }
                }
                if (!awaitExitOf(run, deadline)) {
                    return OptionalInt.empty();
                }
                return OptionalInt.of(exitCodeOf(run));
            }
            default -> {
                while (!container.isRemoved() && Files.isDirectory(container.dir().root())) {
                    if (remaining(deadline) <= 0) {
                        return OptionalInt.empty();
                    }
                    runs.awaitLaunch(Math.min(POLL, remaining(deadline)));
                    container.state();
                }
                return OptionalInt.of(lastExitCode());
            }
        }
    }

    /** Waits for {@code run}'s exit, at most until {@code deadline}, and up to {@link #POLL} for another JVM's. */
    private boolean awaitExitOf(ContainerRun.Run run, long deadline) throws InterruptedException {
        for (;;) {
            long left = remaining(deadline);
            if (left <= 0) {
                return run.exited().isDone();
            }
            try {
                run.exited().get(Math.min(left, 1000), TimeUnit.MILLISECONDS);
                return true;
            } catch (TimeoutException e) {
                // look again: the deadline, or nothing
            } catch (ExecutionException e) {
                throw new IllegalStateException("container " + container.name() + ": recording its exit failed", e.getCause());
            }
        }
    }

    private int exitCodeOf(ContainerRun.Run run) {
        ContainerState s = run.exited().getNow(null);
        return s == null ? 0 : s.exitCode();
    }

    /** The exit code of the last run this handle knows, 0 when it never ran. */
    private int lastExitCode() {
        ContainerRun.Run run = runs.current();
        return run == null ? 0 : exitCodeOf(run);
    }

    private static long deadline(Duration timeout) {
        return timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
    }

    private static long remaining(long deadline) {
        return deadline == Long.MAX_VALUE ? Long.MAX_VALUE : TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    }
}
