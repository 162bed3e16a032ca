package dev.berth.image.oci;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** RFC 3339 date-times, the {@code format: date-time} of the config schema. */
final class Timestamps {
    private Timestamps() {
    }

    static Instant read(JsonObject json, String field) {
        String text = json.string(field);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw json.violation(field, "\"" + text + "\" is not an RFC 3339 date-time");
        }
    }
}
