package dev.berth.namespaces.linux;

/**
 * How a child ended, as waitid(2) reports it: {@code exited} with a status, or killed by a
 * signal.
 */
public record WaitStatus(boolean exited, int value) {
    /** The exit code if it exited, else 128 + the signal, as shells report it. */
    public int shellCode() {
        return exited ? value : 128 + value;
    }
}
