package dev.berth.cli.format;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON as a template sees it, as Go's {@code encoding/json} decodes into {@code interface{}}:
 * objects as maps (keys in document order), arrays as lists, integers as longs, other numbers
 * as doubles, and {@code null}.
 */
public final class JsonValues {
    private JsonValues() {
    }

    /** An object as a map. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(JsonNode n) {
        if (!n.isObject()) {
            throw new IllegalArgumentException("not a JSON object: " + n);
        }
        return (Map<String, Object>) of(n);
    }

    public static Object of(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        if (n.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            n.fields().forEachRemaining(e -> m.put(e.getKey(), of(e.getValue())));
            return m;
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>();
            n.forEach(x -> l.add(of(x)));
            return l;
        }
        if (n.isIntegralNumber()) {
            return n.canConvertToLong() ? (Object) n.asLong() : n.bigIntegerValue();
        }
        if (n.isNumber()) {
            return n.asDouble();
        }
        if (n.isBoolean()) {
            return n.asBoolean();
        }
        return n.asText();
    }
}
