package dev.berth.cli;

import dev.berth.cli.format.GoUnits;
import java.time.Duration;
import java.time.Instant;

/**
 * Sizes and durations as Docker prints them: decimal units ({@code 1.2MB}, go-units'
 * HumanSize) and rounded ages ({@code 5 seconds}, {@code About a minute}, go-units' HumanDuration),
 * as {@link GoUnits} writes them for the formatted listings.
 */
final class Human {
    private Human() {
    }

    static String size(long bytes) {
        return GoUnits.size(bytes);
    }

    static String duration(Duration d) {
        return GoUnits.duration(d);
    }

    static String ago(Instant t) {
        return GoUnits.ago(t, Instant.now());
    }
}
