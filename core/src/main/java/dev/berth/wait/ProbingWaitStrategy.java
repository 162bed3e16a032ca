package dev.berth.wait;

import java.time.Duration;

/**
 * A wait strategy that probes the container again and again: while a probe fails, it checks
 * that the container still runs and that time is left, then probes again after a short pause,
 * as Testcontainers' port, HTTP and command strategies do. Each attempt may take at least a
 * second even when less time is left, so that the last failure says what was wrong rather
 * than that the attempt ran out of time; a wait can thus end up to a second after its timeout.
 *
 * @param <S> the strategy's own type, returned by the fluent setters
 */
public abstract class ProbingWaitStrategy<S extends ProbingWaitStrategy<S>> extends AbstractWaitStrategy<S> {
    private static final long PAUSE_MILLIS = 100;
    private static final Duration MIN_ATTEMPT = Duration.ofSeconds(1);

    /**
     * One attempt: returns normally when the target is ready, throws when it is not yet, with a
     * message that says why. {@code budget} bounds how long the attempt may block.
     */
    protected abstract void probe(WaitTarget target, Duration budget) throws Exception;

    @Override
    public void waitUntilReady(WaitTarget target) {
        Deadline deadline = Deadline.after(startupTimeout());
        while (true) {
            Exception notYet;
            try {
                Duration left = deadline.remaining();
                probe(target, left.compareTo(MIN_ATTEMPT) < 0 ? MIN_ATTEMPT : left);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure(target, "interrupted", e);
            } catch (Exception e) {
                notYet = e;
            }
            if (!target.isRunning()) {
                throw failure(target, stopped(target), notYet);
            }
            if (deadline.expired()) {
                throw failure(target, "timed out after " + startupTimeout(), notYet);
            }
            try {
                Thread.sleep(Math.min(PAUSE_MILLIS, Math.max(1, deadline.remaining().toMillis())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure(target, "interrupted", e);
            }
        }
    }
}
