package dev.berth.image.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A JSON object being read, with its JSON path for error messages. Types are checked the way the
 * image-spec JSON schemas check them: a string field holding a number, or an integer given as a string,
 * is an error, not a coercion. An absent field reads as null; an explicit null only where the schema
 * allows it.
 */
final class JsonObject {
    /** A broken rule, with the JSON path of the offending value. */
    static final class Violation extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Violation(String path, String problem) {
            super(path + ": " + problem);
        }
    }

    private final ObjectNode node;
    private final String path;

    JsonObject(ObjectNode node, String path) {
        this.node = node;
        this.path = path;
    }

    ObjectNode node() {
        return node;
    }

    Violation violation(String field, String problem) {
        return new Violation(path + "." + field, problem);
    }

    boolean has(String field) {
        return node.has(field);
    }

    private JsonNode value(String field, boolean required, boolean nullable) {
        JsonNode value = node.get(field);
        if (value == null) {
            if (required) {
                throw violation(field, "required field is missing");
            }
            return null;
        }
        if (value.isNull()) {
            if (!nullable || required) {
                throw violation(field, "must not be null");
            }
            return null;
        }
        return value;
    }

    String string(String field) {
        return asString(field, value(field, false, false));
    }

    String requiredString(String field) {
        return asString(field, value(field, true, false));
    }

    private String asString(String field, JsonNode value) {
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw violation(field, "must be a string, not " + describe(value));
        }
        return value.textValue();
    }

    /** A string that must have the {@code type/subtype} shape of RFC 6838 (defs-descriptor.json's mediaType). */
    String mediaType(String field, boolean required) {
        String value = required ? requiredString(field) : string(field);
        if (value != null && !MediaType.isWellFormed(value)) {
            throw violation(field, "\"" + value + "\" is not a media type (type/subtype, RFC 6838)");
        }
        return value;
    }

    Long integer(String field) {
        return asInteger(field, value(field, false, false));
    }

    long requiredInteger(String field) {
        return asInteger(field, value(field, true, false));
    }

    private Long asInteger(String field, JsonNode value) {
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw violation(field, "must be an integer, not " + describe(value));
        }
        return value.longValue();
    }

    Boolean bool(String field) {
        JsonNode value = value(field, false, false);
        if (value == null) {
            return null;
        }
        if (!value.isBoolean()) {
            throw violation(field, "must be a boolean, not " + describe(value));
        }
        return value.booleanValue();
    }

    /** An array of strings, or null when absent (or null, if {@code nullable}). */
    List<String> strings(String field, boolean nullable) {
        JsonNode value = value(field, false, nullable);
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            throw violation(field, "must be an array of strings, not " + describe(value));
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (!item.isTextual()) {
                throw violation(field + "[" + i + "]", "must be a string, not " + describe(item));
            }
            out.add(item.textValue());
        }
        return Collections.unmodifiableList(out);
    }

    /** An object of string values, sorted by key, or null when absent. */
    Map<String, String> stringMap(String field, boolean nullable) {
        JsonNode value = value(field, false, nullable);
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            throw violation(field, "must be an object of strings, not " + describe(value));
        }
        Map<String, String> out = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw violation(field + "." + e.getKey(), "must be a string, not " + describe(e.getValue()));
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
        return Collections.unmodifiableMap(out);
    }

    /** The keys of an object whose values are objects (a Go {@code map[string]struct{}}), or null. */
    Set<String> keySet(String field, boolean nullable) {
        JsonNode value = value(field, false, nullable);
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            throw violation(field, "must be an object whose values are objects, not " + describe(value));
        }
        Set<String> out = new LinkedHashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isObject()) {
                throw violation(field + "." + e.getKey(), "must be an object, not " + describe(e.getValue()));
            }
            out.add(e.getKey());
        }
        return Collections.unmodifiableSet(out);
    }

    JsonObject object(String field) {
        return asObject(field, value(field, false, true));
    }

    JsonObject requiredObject(String field) {
        return asObject(field, value(field, true, false));
    }

    private JsonObject asObject(String field, JsonNode value) {
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            throw violation(field, "must be an object, not " + describe(value));
        }
        return new JsonObject((ObjectNode) value, path + "." + field);
    }

    /** An array of objects, or null when absent and not required. */
    List<JsonObject> objects(String field, boolean required) {
        JsonNode value = value(field, required, false);
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            throw violation(field, "must be an array, not " + describe(value));
        }
        List<JsonObject> out = new ArrayList<>();
        ArrayNode array = (ArrayNode) value;
        for (int i = 0; i < array.size(); i++) {
            JsonNode item = array.get(i);
            if (!item.isObject()) {
                throw violation(field + "[" + i + "]", "must be an object, not " + describe(item));
            }
            out.add(new JsonObject((ObjectNode) item, path + "." + field + "[" + i + "]"));
        }
        return out;
    }

    private static String describe(JsonNode value) {
        String type = value.getNodeType().name().toLowerCase();
        return value.isContainerNode() ? "an " + type : type + " " + value;
    }
}
