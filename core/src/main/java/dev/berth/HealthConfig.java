package dev.berth;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A container's health check, as Docker's {@code HEALTHCHECK} and the Engine API's
 * {@code Config.Healthcheck} give it
 * (<a href="https://docs.docker.com/reference/dockerfile/#healthcheck">HEALTHCHECK</a>,
 * <a href="https://docs.docker.com/reference/api/engine/version/v1.45/#tag/Container/operation/ContainerCreate">HealthConfig</a>):
 * the test ({@code ["CMD", argv...]}, {@code ["CMD-SHELL", command]} or {@code ["NONE"]}), and
 * the timings. A null test, duration or retry count takes the image's, then Docker's default
 * (interval, timeout 30 s; start period 0; start interval 5 s; 3 retries).
 *
 * @param test the test, or null to take the image's
 * @param interval the time between probes after the start period
 * @param timeout how long one probe may run before it counts as failed
 * @param startPeriod the time after a start during which failures do not count
 * @param startInterval the time between probes during the start period
 * @param retries the consecutive failures that make the container unhealthy
 */
public record HealthConfig(List<String> test, Duration interval, Duration timeout, Duration startPeriod,
        Duration startInterval, Integer retries) {
    /** Docker's defaults. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_START_INTERVAL = Duration.ofSeconds(5);
    public static final int DEFAULT_RETRIES = 3;

    public HealthConfig {
        test = test == null ? null : List.copyOf(test);
        if (test != null && !test.isEmpty()) {
            String kind = test.get(0);
            if (!List.of("CMD", "CMD-SHELL", "NONE").contains(kind)) {
                throw new IllegalArgumentException("healthcheck test " + test + ": the first word must be CMD, CMD-SHELL or NONE");
            }
            if (!kind.equals("NONE") && test.size() < 2) {
                throw new IllegalArgumentException("healthcheck test " + test + ": " + kind + " needs a command");
            }
        }
        check("Interval", interval);
        check("Timeout", timeout);
        check("StartPeriod", startPeriod);
        check("StartInterval", startInterval);
        if (retries != null && retries < 0) {
            throw new IllegalArgumentException("Retries in Healthcheck cannot be negative: " + retries);
        }
    }

    /** As Docker: 0 takes the default; otherwise at least 1 ms. */
    private static void check(String name, Duration d) {
        if (d != null && !d.isZero() && (d.isNegative() || d.compareTo(Duration.ofMillis(1)) < 0)) {
            throw new IllegalArgumentException(name + " in Healthcheck cannot be less than 1ms: " + d);
        }
    }

    /** {@code HEALTHCHECK CMD argv...}: runs the command directly. */
    public static HealthConfig cmd(String... argv) {
        List<String> test = new java.util.ArrayList<>(List.of("CMD"));
        test.addAll(List.of(argv));
        return new HealthConfig(test, null, null, null, null, null);
    }

    /** {@code HEALTHCHECK CMD command}: runs {@code /bin/sh -c command}. */
    public static HealthConfig shell(String command) {
        return new HealthConfig(List.of("CMD-SHELL", Objects.requireNonNull(command, "command")), null, null, null, null, null);
    }

    /** {@code HEALTHCHECK NONE}: no check, even if the image has one. */
    public static HealthConfig none() {
        return new HealthConfig(List.of("NONE"), null, null, null, null, null);
    }

    public HealthConfig interval(Duration d) {
        return new HealthConfig(test, d, timeout, startPeriod, startInterval, retries);
    }

    public HealthConfig timeout(Duration d) {
        return new HealthConfig(test, interval, d, startPeriod, startInterval, retries);
    }

    public HealthConfig startPeriod(Duration d) {
        return new HealthConfig(test, interval, timeout, d, startInterval, retries);
    }

    public HealthConfig startInterval(Duration d) {
        return new HealthConfig(test, interval, timeout, startPeriod, d, retries);
    }

    public HealthConfig retries(int n) {
        return new HealthConfig(test, interval, timeout, startPeriod, startInterval, n);
    }

    /** Whether it disables checks ({@code NONE}) or has no test at all. */
    public boolean disabled() {
        return test == null || test.isEmpty() || test.get(0).equals("NONE");
    }

    /** The command a probe runs: the argv of CMD, or {@code /bin/sh -c} with CMD-SHELL's. */
    public List<String> command() {
        if (disabled()) {
            return List.of();
        }
        return test.get(0).equals("CMD-SHELL") ? List.of("/bin/sh", "-c", test.get(1)) : test.subList(1, test.size());
    }

    /**
     * This config with what it leaves unset taken from {@code under} (the image's), as Docker
     * merges a container's health check with its image's.
     */
    public HealthConfig over(HealthConfig under) {
        if (under == null) {
            return this;
        }
        return new HealthConfig(test == null || test.isEmpty() ? under.test : test, orElse(interval, under.interval),
                orElse(timeout, under.timeout), orElse(startPeriod, under.startPeriod), orElse(startInterval, under.startInterval),
                retries == null || retries == 0 ? under.retries : retries);
    }

    private static Duration orElse(Duration d, Duration other) {
        return d == null || d.isZero() ? other : d;
    }

    /** The interval in force (Docker's default for none). */
    public Duration effectiveInterval() {
        return interval == null || interval.isZero() ? DEFAULT_INTERVAL : interval;
    }

    /** The timeout in force. */
    public Duration effectiveTimeout() {
        return timeout == null || timeout.isZero() ? DEFAULT_TIMEOUT : timeout;
    }

    /** The start period in force. */
    public Duration effectiveStartPeriod() {
        return startPeriod == null ? Duration.ZERO : startPeriod;
    }

    /** The start interval in force. */
    public Duration effectiveStartInterval() {
        return startInterval == null || startInterval.isZero() ? DEFAULT_START_INTERVAL : startInterval;
    }

    /** The retries in force. */
    public int effectiveRetries() {
        return retries == null || retries == 0 ? DEFAULT_RETRIES : retries;
    }
}
