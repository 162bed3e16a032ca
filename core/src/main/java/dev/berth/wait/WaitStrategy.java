package dev.berth.wait;

/**
 * Decides when a started container is ready for use, as Testcontainers' wait strategies do
 * (<a href="https://java.testcontainers.org/features/startup_and_waits/">startup and waits</a>).
 * {@link Wait} makes the usual ones.
 */
public interface WaitStrategy {
    /**
     * Returns once {@code target} is ready.
     *
     * @throws ContainerNotReadyException if it is not ready within the strategy's timeout, or it
     *     stopped first; the message gives the exit code of a container that exited and
     *     quotes its last log lines
     */
    void waitUntilReady(WaitTarget target);
}
