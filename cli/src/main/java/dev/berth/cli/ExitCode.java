package dev.berth.cli;

/**
 * Ends a command with {@code code} and no message, when the message has been printed already
 * or the code is the container's (Docker's
 * <a href="https://docs.docker.com/engine/containers/run/#exit-status">exit status</a>).
 */
final class ExitCode extends RuntimeException {
    private final int code;

    ExitCode(int code) {
        super(null, null, false, false);
        this.code = code;
    }

    int code() {
        return code;
    }
}
