package dev.berth;

import java.time.Instant;
import java.util.List;

/**
 * A container's health as its checks found it, Docker's {@code State.Health}
 * (<a href="https://docs.docker.com/reference/api/engine/version/v1.45/#tag/Container/operation/ContainerInspect">Health</a>):
 * the status, how many probes in a row have failed, and the last five probes. Kept in the
 * container's directory, so every JVM on the home reads the same.
 *
 * @param status starting, healthy or unhealthy
 * @param failingStreak consecutive failed probes (those in the start period do not count)
 * @param log the last five probes, oldest first
 */
public record Health(Status status, int failingStreak, List<Probe> log) {
    /** How many probes are kept, as Docker keeps them. */
    public static final int LOG_SIZE = 5;

    public Health {
        log = List.copyOf(log);
    }

    /** Docker's health statuses. */
    public enum Status {
        STARTING, HEALTHY, UNHEALTHY;

        /** The API's word: starting, healthy, unhealthy. */
        public String apiName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One probe.
     *
     * @param start when it began
     * @param end when it ended
     * @param exitCode the command's exit code; -1 when it could not run or exceeded the timeout
     * @param output its stdout and stderr, at most 4096 bytes
     */
    public record Probe(Instant start, Instant end, int exitCode, String output) {
    }
}
