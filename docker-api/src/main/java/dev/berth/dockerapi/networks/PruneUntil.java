package dev.berth.dockerapi.networks;

import dev.berth.dockerapi.http.ApiException;
import dev.berth.dockerapi.http.Filters;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.Predicate;

/**
 * The {@code until} filter of the prune endpoints: a Unix time, an RFC 3339 time, or a duration
 * before now such as {@code 24h} or {@code 10m}; what was created before it may go.
 */
final class PruneUntil {
    private PruneUntil() {
    }

    static Predicate<Instant> of(Filters f) {
        if (!f.has("until")) {
            return t -> true;
        }
        Instant cutoff = parse(f.values("until").get(f.values("until").size() - 1));
        return t -> t.isBefore(cutoff);
    }

    static Instant parse(String v) {
        try {
            if (v.matches("\\d+(\\.\\d+)?")) {
                return Instant.ofEpochMilli((long) (Double.parseDouble(v) * 1000));
            }
            if (v.matches("\\d+(\\.\\d+)?[smh]")) {
                double n = Double.parseDouble(v.substring(0, v.length() - 1));
                long unit = switch (v.charAt(v.length() - 1)) {
                    case 's' -> 1_000L;
                    case 'm' -> 60_000L;
                    default -> 3_600_000L;
                };
                return Instant.now().minus(Duration.ofMillis((long) (n * unit)));
            }
            return Instant.parse(v);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw ApiException.badRequest("invalid filter 'until=" + v + "': a time or a duration such as 24h");
        }
    }
}
