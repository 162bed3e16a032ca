package dev.berth.dockerapi.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Docker's {@code filters} query parameter: a JSON map of name to values, in either of the
 * two forms clients send, {@code {"label":["a=b"]}} or the older {@code {"label":{"a=b":true}}}.
 *
 * @see <a href="https://docs.docker.com/reference/api/engine/version/v1.52/#tag/Container/operation/ContainerList">filters</a>
 */
public final class Filters {
    private static final Filters NONE = new Filters(Map.of());

    private final Map<String, List<String>> values;

    private Filters(Map<String, List<String>> values) {
        this.values = values;
    }

    public static Filters none() {
        return NONE;
    }

    /** Filters given as name to values, as the CLI's {@code --filter name=value} flags collect them. */
    public static Filters of(Map<String, List<String>> values) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return new Filters(Map.copyOf(copy));
    }

    /** Parses the parameter's value; a malformed one is a 400 that quotes it. */
    public static Filters parse(String json) {
        if (json == null || json.isBlank()) {
            return NONE;
        }
        JsonNode root;
        try {
            root = JsonCodec.MAPPER.readTree(json);
        } catch (Exception e) {
            throw ApiException.badRequest("invalid filter '" + json + "': " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw ApiException.badRequest("invalid filter '" + json + "': not a JSON object");
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            List<String> list = new ArrayList<>();
            JsonNode v = e.getValue();
            if (v.isArray()) {
                v.forEach(x -> list.add(x.asText()));
            } else if (v.isObject()) {
                v.fields().forEachRemaining(x -> {
                    if (x.getValue().asBoolean(true)) {
                        list.add(x.getKey());
                    }
                });
            } else if (v.isValueNode()) {
                list.add(v.asText());
            } else {
                throw ApiException.badRequest("invalid filter '" + json + "': " + e.getKey() + " is neither a list nor a map");
            }
            out.put(e.getKey(), List.copyOf(list));
        }
        return new Filters(Map.copyOf(out));
    }

    public Set<String> names() {
        return values.keySet();
    }

    public boolean has(String name) {
        return values.containsKey(name) && !values.get(name).isEmpty();
    }

    public List<String> values(String name) {
        return values.getOrDefault(name, List.of());
    }

    /**
     * A boolean filter such as {@code dangling}: empty when absent, a 400 when not a boolean.
     */
    public java.util.Optional<Boolean> bool(String name) {
        List<String> v = values(name);
        if (v.isEmpty()) {
            return java.util.Optional.empty();
        }
        String s = v.get(v.size() - 1).toLowerCase(java.util.Locale.ROOT);
        return switch (s) {
            case "true", "1" -> java.util.Optional.of(true);
            case "false", "0" -> java.util.Optional.of(false);
            default -> throw ApiException.badRequest("invalid filter '" + name + "=" + s + "': not a boolean");
        };
    }

    /**
     * Whether {@code value} passes the filter {@code name} as dockerd's {@code id} and {@code name}
     * filters of networks and volumes: no values, or one that is a regular expression found in
     * it (a value that is no valid expression, found as text).
     */
    public boolean matchesPattern(String name, String value) {
        List<String> patterns = values(name);
        for (String p : patterns) {
            try {
                if (java.util.regex.Pattern.compile(p).matcher(value).find()) {
                    return true;
                }
            } catch (java.util.regex.PatternSyntaxException e) {
                if (value.contains(p)) {
                    return true;
                }
            }
        }
        return patterns.isEmpty();
    }

    /**
     * Whether {@code labels} pass the {@code label} filters (each {@code key} or {@code key=value}
     * must be there) and the {@code label!} ones (none may be there), as dockerd's prune and list.
     */
    public boolean matchesLabels(Map<String, String> labels) {
        for (String want : values("label")) {
            if (!hasLabel(labels, want)) {
                return false;
            }
        }
        for (String unwanted : values("label!")) {
            if (hasLabel(labels, unwanted)) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasLabel(Map<String, String> labels, String spec) {
        int eq = spec.indexOf('=');
        if (eq < 0) {
            return labels.containsKey(spec);
        }
        return spec.substring(eq + 1).equals(labels.get(spec.substring(0, eq)));
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
