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
        return size(bytes, 3);
    }

    /** With {@code digits} significant digits: go-units' HumanSizeWithPrecision ({@code system df} shows 4). */
    static String size(long bytes, int digits) {
        return scaled(bytes, 1000, digits, "B", "kB", "MB", "GB", "TB");
    }

    /** go-units' BytesSize: binary units, four significant digits ({@code 23.54GiB}, as {@code info}'s Total Memory). */
    static String binarySize(long bytes) {
        return scaled(bytes, 1024, 4, "B", "KiB", "MiB", "GiB", "TiB");
    }

    private static String scaled(long bytes, int base, int digits, String... units) {
        double v = bytes;
        int u = 0;
        while (v >= base && u < units.length - 1) {
            v /= base;
            u++;
        }
        // %g keeps trailing zeros where Go's drops them: 1.50 -> 1.5, 100 stays 100
        return (u == 0 ? Long.toString(bytes) : String.format(java.util.Locale.ROOT, "%." + digits + "g", v).replaceAll("(\\.[0-9]*?)0+$", "$1")
                .replaceAll("\\.$", "")) + units[u];
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
