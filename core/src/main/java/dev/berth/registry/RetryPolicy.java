package dev.berth.registry;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how long to retry: on 5xx (except 501 and 505), 408, 429 and dropped or refused
 * connections, with exponential backoff and jitter, at most {@code maxAttempts} tries within
 * {@code maxElapsed}. A {@code Retry-After} in seconds is honoured up to {@code maxBackoff}. The
 * distribution spec leaves retries to clients; {@code 429 TOOMANYREQUESTS} is in its
 * <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#error-codes">Error Codes</a>.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxElapsed) {
    /** Checks the bounds. */
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0 || maxElapsed.isNegative()) {
            throw new IllegalArgumentException("backoffs must satisfy 0 <= initial <= max, and maxElapsed >= 0");
        }
    }

    /** Five attempts, 250 ms doubling up to 8 s, within two minutes. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(5, Duration.ofMillis(250), Duration.ofSeconds(8), Duration.ofMinutes(2));
    }

    /** One attempt, no retries. */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }

    /** True for statuses worth another try. */
    public static boolean retryable(int status) {
        return status == 408 || status == 429 || status >= 500 && status != 501 && status != 505;
    }

    /** The pause after failed attempt number {@code attempt} (1-based), between half and all of the doubled backoff. */
    Duration backoff(int attempt) {
        long base = initialBackoff.toMillis() << Math.min(attempt - 1, 20);
        long capped = Math.min(base, maxBackoff.toMillis());
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }

    /** The pause before retrying {@code response}: its {@code Retry-After} in seconds if given, else {@link #backoff}. */
    Duration backoff(int attempt, HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").filter(v -> v.matches("\\d{1,6}"))
                .map(v -> Duration.ofSeconds(Long.parseLong(v)))
                .map(d -> d.compareTo(maxBackoff) > 0 ? maxBackoff : d)
                .orElseGet(() -> backoff(attempt));
    }
}
