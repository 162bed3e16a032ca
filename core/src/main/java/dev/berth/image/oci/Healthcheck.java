package dev.berth.image.oci;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;

/**
 * Docker's {@code Healthcheck} in an image config's {@code config} (not part of the OCI spec, which
 * tolerates it as an unknown field). Durations are nanoseconds in JSON.
 *
 * @param test e.g. {@code ["CMD-SHELL", "curl -f http://localhost/"]}, or {@code ["NONE"]}
 * @param interval optional
 * @param timeout optional
 * @param startPeriod optional
 * @param startInterval optional
 * @param retries optional
 */
public record Healthcheck(List<String> test, Duration interval, Duration timeout, Duration startPeriod,
        Duration startInterval, Integer retries) {

    public Healthcheck {
        test = test == null ? null : List.copyOf(test);
    }

    static Healthcheck read(JsonObject json) {
        Long retries = json.integer("Retries");
        return new Healthcheck(json.strings("Test", true), nanos(json, "Interval"), nanos(json, "Timeout"),
                nanos(json, "StartPeriod"), nanos(json, "StartInterval"), retries == null ? null : retries.intValue());
    }

    private static Duration nanos(JsonObject json, String field) {
        Long value = json.integer(field);
        return value == null ? null : Duration.ofNanos(value);
    }

    ObjectNode toJson() {
        return JsonOutput.object().putStrings("Test", test).put("Interval", toNanos(interval))
                .put("Timeout", toNanos(timeout)).put("StartPeriod", toNanos(startPeriod))
                .put("StartInterval", toNanos(startInterval)).put("Retries", retries == null ? null : retries.longValue())
                .node();
    }

    private static Long toNanos(Duration d) {
        return d == null ? null : d.toNanos();
    }
}
