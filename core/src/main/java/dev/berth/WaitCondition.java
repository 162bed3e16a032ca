package dev.berth;

/**
 * What {@link Container#waitFor(WaitCondition, java.time.Duration)} waits for: Docker's
 * {@code docker wait --condition} / {@code POST /containers/{id}/wait?condition=}
 * (<a href="https://docs.docker.com/reference/api/engine/version/v1.45/#tag/Container/operation/ContainerWait">ContainerWait</a>).
 */
public enum WaitCondition {
    /** Until it is not running: at once for a created or exited container (the default). */
    NOT_RUNNING,
    /** Until the next exit: of the current run, or, when it does not run, of the next run started. */
    NEXT_EXIT,
    /** Until it has been removed ({@code docker run --rm} waits so); the exit code is its last run's. */
    REMOVED;

    /** The API's form: {@code not-running}, {@code next-exit}, {@code removed}; empty or null is the default. */
    public static WaitCondition parse(String text) {
        if (text == null || text.isEmpty()) {
            return NOT_RUNNING;
        }
        for (WaitCondition c : values()) {
            if (c.apiName().equals(text)) {
                return c;
            }
        }
        throw new IllegalArgumentException("invalid condition: \"" + text + "\": it is one of not-running, next-exit, removed");
    }

    /** The API's name of this condition. */
    public String apiName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
