package dev.berth;

import java.nio.file.Files;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One wait on a container for a {@link WaitCondition}, made by {@link Container#waiter}: what
 * {@code next-exit} waits for is fixed when it is made (the run going then, else the next one
 * started), and {@link #await} may be called again after a timeout without losing it, so that
 * a server can make the wait, answer that it is waiting, and wait in slices. A run of this JVM
 * is waited for on its exit future; what another JVM does (a start, a restart, a removal) shows
 * in the container's directory, which is looked at again every {@link #POLL} ms.
 */
public final class ContainerWait {
    private static final long POLL = 200;

    private final Container container;
    private final ContainerRun runs;
    private final WaitCondition condition;
    /** For next-exit: the run whose exit counts, once known. */
    private ContainerRun.Run target;
    /** For next-exit of a container that did not run: the run it had then (null if none). */
    private final ContainerRun.Run before;

    ContainerWait(Container container, ContainerRun runs, WaitCondition condition) {
        this.container = container;
        this.runs = runs;
        this.condition = condition;
        ContainerState s = container.state();
        ContainerRun.Run run = runs.current();
        this.target = s.running() ? run : null;
        this.before = run;
    }

    /** The condition waited for. */
    public WaitCondition condition() {
        return condition;
    }

    /**
     * Waits at most {@code timeout} (null: without limit) for the condition; the exit code of
     * the container's last run (0 when it never ran), or empty if it does not hold yet.
     */
    public synchronized OptionalInt await(Duration timeout) throws InterruptedException {
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
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
                // Until a new run is launched, here or (seen in state.json) in another JVM.
                while (target == null) {
                    ContainerRun.Run run = runs.current();
                    if (run != null && run != before) {
                        target = run;
                        break;
                    }
                    if (container.isRemoved() || !Files.isDirectory(container.dir().root())) {
                        return OptionalInt.of(lastExitCode());
                    }
                    if (remaining(deadline) <= 0) {
                        return OptionalInt.empty();
                    }
                    runs.awaitLaunch(Math.min(POLL, remaining(deadline)));
                    container.state();
                }
                if (!awaitExitOf(target, deadline)) {
                    return OptionalInt.empty();
                }
                return OptionalInt.of(exitCodeOf(target));
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

    /** Waits for {@code run}'s exit, at most until {@code deadline}, looking again every second. */
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

    private static int exitCodeOf(ContainerRun.Run run) {
        ContainerState s = run.exited().getNow(null);
        return s == null ? 0 : s.exitCode();
    }

    /** The exit code of the last run this handle knows, 0 when it never ran. */
    private int lastExitCode() {
        ContainerRun.Run run = runs.current();
        return run == null ? 0 : exitCodeOf(run);
    }

    private static long remaining(long deadline) {
        return deadline == Long.MAX_VALUE ? Long.MAX_VALUE : TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    }
}
