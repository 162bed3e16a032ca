package dev.berth.wait;

import java.time.Duration;

/** A point in monotonic time a wait must not pass. */
final class Deadline {
    private final long nanos;

    private Deadline(long nanos) {
        this.nanos = nanos;
    }

    static Deadline after(Duration timeout) {
        return new Deadline(System.nanoTime() + timeout.toNanos());
    }

    /** What is left, never negative. */
    Duration remaining() {
        return Duration.ofNanos(Math.max(0, nanos - System.nanoTime()));
    }

    boolean expired() {
        return nanos - System.nanoTime() <= 0;
    }
}
