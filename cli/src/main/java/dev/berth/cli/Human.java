package dev.berth.cli;

import java.time.Duration;
import java.time.Instant;

/**
 * Sizes and durations as Docker prints them: decimal units ({@code 1.2MB}, go-units'
 * HumanSize) and rounded ages ({@code 5 seconds}, {@code About a minute}, go-units' HumanDuration).
 */
final class Human {
    private Human() {
    }

    static String size(long bytes) {
        String[] units = {"B", "kB", "MB", "GB", "TB"};
        double v = bytes;
        int u = 0;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return (u == 0 ? Long.toString(bytes) : String.format("%.3g", v).replaceAll("\\.?0+$", "")) + units[u];
    }

    static String duration(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 1) {
            return "Less than a second";
        } else if (s == 1) {
            return "1 second";
        } else if (s < 60) {
            return s + " seconds";
        } else if (s < 120) {
            return "About a minute";
        } else if (s < 3600) {
            return s / 60 + " minutes";
        } else if (s < 7200) {
            return "About an hour";
        } else if (s < 48 * 3600) {
            return s / 3600 + " hours";
        }
        return s / 86400 + " days";
    }

    static String ago(Instant t) {
        return duration(Duration.between(t, Instant.now())) + " ago";
    }
}
