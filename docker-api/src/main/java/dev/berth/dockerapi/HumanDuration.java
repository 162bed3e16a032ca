package dev.berth.dockerapi;

import java.time.Duration;
import java.time.Instant;

/**
 * A duration in words as the docker CLI and dockerd's {@code Status} write it (Go's
 * {@code units.HumanDuration}): "Less than a second", "3 seconds", "About a minute", "2 hours".
 * Public for the {@code berth} CLI, which writes ages as the docker CLI does.
 */
public final class HumanDuration {
    private HumanDuration() {
    }

    public static String of(Instant from, Instant to) {
        if (from == null) {
            return "Less than a second";
        }
        return of(Duration.between(from, to));
    }

    public static String of(Duration d) {
        long seconds = d.getSeconds();
        if (seconds < 1) {
            return "Less than a second";
        } else if (seconds == 1) {
            return "1 second";
        } else if (seconds < 60) {
            return seconds + " seconds";
        }
        long minutes = d.toMinutes();
        if (minutes == 1) {
            return "About a minute";
        } else if (minutes < 60) {
            return minutes + " minutes";
        }
        long hours = Math.round(d.toMinutes() / 60.0);
        if (hours == 1) {
            return "About an hour";
        } else if (hours < 48) {
            return hours + " hours";
        } else if (hours < 24 * 7 * 2) {
            return hours / 24 + " days";
        } else if (hours < 24 * 30 * 2) {
            return hours / 24 / 7 + " weeks";
        } else if (hours < 24 * 365 * 2) {
            return hours / 24 / 30 + " months";
        }
        return hours / 24 / 365 + " years";
    }
}
