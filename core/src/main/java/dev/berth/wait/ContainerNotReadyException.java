package dev.berth.wait;

/**
 * A container did not become ready: it timed out or stopped while a {@link WaitStrategy}
 * waited. The message says what was awaited and why it failed (the exit code of a container
 * that exited), and quotes the container's last log lines.
 */
public final class ContainerNotReadyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ContainerNotReadyException(String message, Throwable cause) {
        super(message, cause);
    }
}
