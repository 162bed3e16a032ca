package dev.berth.wait;

import java.time.Duration;
import java.util.Objects;

/**
 * The timeout and the failure reporting that every wait strategy shares. The default timeout is
 * Testcontainers' 60 seconds.
 *
 * @param <S> the strategy's own type, returned by the fluent setters
 */
public abstract class AbstractWaitStrategy<S extends AbstractWaitStrategy<S>> implements WaitStrategy {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    /** How many of the container's last log lines a failure quotes. */
    static final int QUOTED_LOG_LINES = 20;

    private Duration timeout = DEFAULT_TIMEOUT;

    /** How long to wait before failing. */
    public S withStartupTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("startup timeout " + timeout + " must be positive");
        }
        this.timeout = timeout;
        return self();
    }

    public Duration startupTimeout() {
        return timeout;
    }

    @SuppressWarnings("unchecked")
    protected final S self() {
        return (S) this;
    }

    /** What the strategy waits for, for messages, e.g. {@code "a listening port 8080"}. */
    protected abstract String awaited();

    /**
     * Why a wait ended on a container that stopped: {@code the container exited with code N},
     * or {@code the container stopped} where the code is not known.
     */
    protected static String stopped(WaitTarget target) {
        java.util.OptionalInt code = target.exitCode();
        return code.isPresent() ? "the container exited with code " + code.getAsInt() : "the container stopped";
    }

    /**
     * The exception for a wait that failed because {@code why}, quoting the container's log (of
     * a container that stopped, read after its exit, so that its last lines are in it).
     */
    protected ContainerNotReadyException failure(WaitTarget target, String why, Throwable lastProblem) {
        StringBuilder m = new StringBuilder("container ").append(target.name()).append(" is not ready: waited for ")
                .append(awaited()).append(", ").append(why);
        if (lastProblem != null && lastProblem.getMessage() != null) {
            m.append(" (last attempt: ").append(lastProblem.getMessage()).append(')');
        }
        String log;
        try {
            log = target.lastLogLines(QUOTED_LOG_LINES);
        } catch (RuntimeException e) {
            log = "(cannot read the log: " + e.getMessage() + ")";
        }
        m.append("\nlast ").append(QUOTED_LOG_LINES).append(" log lines:\n").append(log.isEmpty() ? "(none)" : log);
        return new ContainerNotReadyException(m.toString(), lastProblem);
    }
}
