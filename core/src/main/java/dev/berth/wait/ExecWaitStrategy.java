package dev.berth.wait;

import dev.berth.ExecResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits until a command run in the container exits with 0, as Testcontainers'
 * {@code Wait.forSuccessfulCommand} does. Each run is bounded by the time left: a run that
 * hangs past it fails the wait, and is left to finish on its own daemon thread.
 */
public final class ExecWaitStrategy extends ProbingWaitStrategy<ExecWaitStrategy> {
    private final List<String> command;

    ExecWaitStrategy(List<String> command) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("the command to wait for is empty");
        }
        this.command = List.copyOf(command);
    }

    @Override
    protected String awaited() {
        return "command " + command + " to succeed";
    }

    @Override
    protected void probe(WaitTarget target, Duration budget) throws Exception {
        CompletableFuture<ExecResult> run = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                run.complete(target.exec(command.toArray(String[]::new)));
            } catch (Throwable e) {
                run.completeExceptionally(e);
            }
        }, "berth-wait-exec-" + target.name());
        t.setDaemon(true);
        t.start();
        ExecResult r;
        try {
            r = run.get(Math.max(1, budget.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new TimeoutException("the command did not finish in " + budget);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        if (!r.succeeded()) {
            throw new IllegalStateException("exit code " + r.exitCode() + (r.stderr().isBlank() ? "" : ", stderr: " + r.stderr().strip()));
        }
    }
}
