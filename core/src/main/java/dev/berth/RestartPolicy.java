package dev.berth;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * When a container is started again after its main process exits: Docker's {@code --restart}
 * (<a href="https://docs.docker.com/engine/containers/start-containers-automatically/">restart
 * policies</a>): {@code no}, {@code on-failure[:max-retries]}, {@code always} and
 * {@code unless-stopped}.
 *
 * <p>Berth has no daemon: a policy is applied by the {@link Berth} objects that hold a handle on
 * the container (the one that created it, and any that listed or found it, such as the Docker API
 * server), while they are open. When no JVM holding one runs, an exited container stays exited
 * until one opens and looks at it ({@link Berth#listContainers()}, {@link Berth#findContainer}).
 * Several JVMs watching the same container start it once: the restart is taken under the
 * container's lock. A container stopped with {@link Container#stop()} or {@link Container#kill()}
 * is not restarted, as with {@code docker stop}; starting it again re-arms the policy.
 *
 * <p>Between restarts Berth waits as Docker does: 100 ms, doubled after each restart up to one
 * minute, and back to 100 ms once a run has lasted at least 10 s.
 *
 * @param name one of {@code no}, {@code on-failure}, {@code always}, {@code unless-stopped}
 * @param maximumRetryCount for {@code on-failure}: at most this many restarts (0: no limit)
 */
public record RestartPolicy(String name, int maximumRetryCount) {
    /** Never restarted: the default. */
    public static final RestartPolicy NO = new RestartPolicy("no", 0);
    /** Restarted whatever the exit code. */
    public static final RestartPolicy ALWAYS = new RestartPolicy("always", 0);
    /** As {@link #ALWAYS}; Docker tells them apart only when its daemon starts, which Berth has not. */
    public static final RestartPolicy UNLESS_STOPPED = new RestartPolicy("unless-stopped", 0);

    /** Backoff bounds, as Docker's restart manager. */
    static final Duration FIRST_DELAY = Duration.ofMillis(100);
    static final Duration MAX_DELAY = Duration.ofMinutes(1);
    /** A run that lasted this long resets the backoff. */
    static final Duration RESET_AFTER = Duration.ofSeconds(10);

    public RestartPolicy {
        name = name == null || name.isEmpty() ? "no" : name.toLowerCase(Locale.ROOT);
        if (!(name.equals("no") || name.equals("on-failure") || name.equals("always") || name.equals("unless-stopped"))) {
            throw new IllegalArgumentException("invalid restart policy \"" + name
                    + "\": it is one of no, on-failure[:max-retries], always, unless-stopped");
        }
        if (maximumRetryCount < 0) {
            throw new IllegalArgumentException("invalid restart policy maximum retry count " + maximumRetryCount
                    + ": it cannot be negative");
        }
        if (maximumRetryCount > 0 && !name.equals("on-failure")) {
            throw new IllegalArgumentException("maximum retry count " + maximumRetryCount
                    + " cannot be used with restart policy \"" + name + "\": only with on-failure");
        }
    }

    /** {@code on-failure}, at most {@code maximumRetryCount} restarts (0: no limit). */
    public static RestartPolicy onFailure(int maximumRetryCount) {
        return new RestartPolicy("on-failure", maximumRetryCount);
    }

    /** Parses the {@code --restart} flag's form: {@code no}, {@code on-failure:3}, {@code always}... */
    @JsonCreator
    public static RestartPolicy parse(String text) {
        Objects.requireNonNull(text, "text");
        int colon = text.indexOf(':');
        if (colon < 0) {
            return new RestartPolicy(text, 0);
        }
        String count = text.substring(colon + 1);
        try {
            return new RestartPolicy(text.substring(0, colon), Integer.parseInt(count));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid restart policy \"" + text + "\": \"" + count
                    + "\" is not a number of retries", e);
        }
    }

    /** The {@code --restart} form, which {@link #parse} reads back. */
    @JsonValue
    @Override
    public String toString() {
        return maximumRetryCount > 0 ? name + ":" + maximumRetryCount : name;
    }

    /**
     * Whether a run that ended with {@code exitCode} is followed by another, after
     * {@code restartCount} restarts; never after a stop the user asked for.
     */
    public boolean restartsAfter(int exitCode, int restartCount, boolean stoppedByUser) {
        if (stoppedByUser) {
            return false;
        }
        return switch (name) {
            case "always", "unless-stopped" -> true;
            case "on-failure" -> exitCode != 0 && (maximumRetryCount == 0 || restartCount < maximumRetryCount);
            default -> false;
        };
    }

    /** The wait before a restart, given the previous wait (null for the first) and how long the run lasted. */
    static Duration nextDelay(Duration previous, Duration ranFor) {
        if (previous == null || ranFor.compareTo(RESET_AFTER) >= 0) {
            return FIRST_DELAY;
        }
        Duration doubled = previous.multipliedBy(2);
        return doubled.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : doubled;
    }
}
