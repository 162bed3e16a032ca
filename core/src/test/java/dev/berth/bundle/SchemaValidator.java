package dev.berth.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A JSON Schema (draft 4) validator for the keywords the runtime-spec schema uses: {@code $ref}
 * across its files, type, properties, required, items, enum, pattern, patternProperties,
 * additionalProperties, minimum, maximum, minItems, allOf, anyOf, oneOf. A schema using any other
 * validation keyword is refused, so that nothing is silently left unchecked. No validator library
 * is among the project's dependencies; this is small enough to read.
 */
final class SchemaValidator {
    private static final Set<String> ANNOTATIONS = Set.of("$schema", "id", "description", "title", "definitions", "default");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String resourceDir;
    private final Map<String, JsonNode> files = new HashMap<>();

    /** Schema files are classpath resources below {@code resourceDir}. */
    SchemaValidator(String resourceDir) {
        this.resourceDir = resourceDir;
    }

    /** The violations of {@code doc} against the schema file {@code file}, each with its JSON path; empty if valid. */
    List<String> validate(JsonNode doc, String file) {
        List<String> errors = new ArrayList<>();
        check(doc, file(file), file, "$", errors);
        return errors;
    }

    private JsonNode file(String name) {
        return files.computeIfAbsent(name, n -> {
            try (InputStream in = SchemaValidator.class.getResourceAsStream(resourceDir + "/" + n)) {
                if (in == null) {
                    throw new IllegalStateException("schema file " + resourceDir + "/" + n + " not found");
                }
                return JSON.readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private void check(JsonNode doc, JsonNode schema, String file, String at, List<String> errors) {
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            int hash = ref.indexOf('#');
            String target = hash == 0 ? file : ref.substring(0, hash < 0 ? ref.length() : hash);
            JsonNode resolved = file(target).at(hash < 0 ? "" : ref.substring(hash + 1));
            if (resolved.isMissingNode()) {
                throw new IllegalStateException("unresolved $ref " + ref + " in " + file);
            }
            check(doc, resolved, target, at, errors);
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            keyword(e.getKey(), e.getValue(), doc, schema, file, at, errors);
        }
    }

    private void keyword(String key, JsonNode value, JsonNode doc, JsonNode schema, String file, String at,
            List<String> errors) {
        switch (key) {
            case "type" -> {
                boolean ok = false;
                for (JsonNode t : value.isArray() ? value : List.of(value)) {
                    ok |= isType(doc, t.asText());
                }
                if (!ok) {
                    errors.add(at + ": expected " + value + ", got " + doc.getNodeType());
                }
            }
            case "properties" -> {
                if (doc.isObject()) {
                    value.fields().forEachRemaining(p -> {
                        if (doc.has(p.getKey())) {
                            check(doc.get(p.getKey()), p.getValue(), file, at + "." + p.getKey(), errors);
                        }
                    });
                }
            }
            case "patternProperties" -> {
                if (doc.isObject()) {
                    objectMembers(doc, schema, file, at, errors);
                }
            }
            case "additionalProperties" -> {
                if (doc.isObject() && !schema.has("patternProperties")) { // else done with patternProperties
                    objectMembers(doc, schema, file, at, errors);
                }
            }
            case "required" -> {
                if (doc.isObject()) {
                    value.forEach(r -> {
                        if (!doc.has(r.asText())) {
                            errors.add(at + ": missing required " + r.asText());
                        }
                    });
                }
            }
            case "items" -> {
                if (doc.isArray()) {
                    for (int i = 0; i < doc.size(); i++) {
                        check(doc.get(i), value, file, at + "[" + i + "]", errors);
                    }
                }
            }
            case "minItems" -> {
                if (doc.isArray() && doc.size() < value.asInt()) {
                    errors.add(at + ": fewer than " + value + " items");
                }
            }
            case "enum" -> {
                boolean found = false;
                for (JsonNode v : value) {
                    found |= v.equals(doc);
                }
                if (!found) {
                    errors.add(at + ": " + doc + " is not one of " + value);
                }
            }
            case "pattern" -> {
                if (doc.isTextual() && !Pattern.compile(value.asText()).matcher(doc.asText()).find()) {
                    errors.add(at + ": " + doc + " does not match " + value.asText());
                }
            }
            case "minimum" -> {
                if (doc.isNumber() && doc.decimalValue().compareTo(value.decimalValue()) < 0) {
                    errors.add(at + ": " + doc + " is below " + value);
                }
            }
            case "maximum" -> {
                if (doc.isNumber() && doc.decimalValue().compareTo(value.decimalValue()) > 0) {
                    errors.add(at + ": " + doc + " is above " + value);
                }
            }
            case "allOf" -> value.forEach(s -> check(doc, s, file, at, errors));
            case "anyOf", "oneOf" -> {
                int passing = 0;
                for (JsonNode s : value) {
                    List<String> sub = new ArrayList<>();
                    check(doc, s, file, at, sub);
                    passing += sub.isEmpty() ? 1 : 0;
                }
                if (passing == 0 || key.equals("oneOf") && passing > 1) {
                    errors.add(at + ": " + passing + " of the " + key + " schemas hold");
                }
            }
            default -> {
                if (!ANNOTATIONS.contains(key)) {
                    throw new IllegalStateException("schema keyword '" + key + "' (in " + file + ") is not supported");
                }
            }
        }
    }

    /** patternProperties and additionalProperties together: a member matching no property and no pattern is additional. */
    private void objectMembers(JsonNode doc, JsonNode schema, String file, String at, List<String> errors) {
        Set<String> named = new HashSet<>();
        schema.path("properties").fieldNames().forEachRemaining(named::add);
        doc.fields().forEachRemaining(m -> {
            boolean matched = named.contains(m.getKey());
            for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("patternProperties").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> p = it.next();
                if (Pattern.compile(p.getKey()).matcher(m.getKey()).find()) {
                    matched = true;
                    check(m.getValue(), p.getValue(), file, at + "." + m.getKey(), errors);
                }
            }
            JsonNode additional = schema.get("additionalProperties");
            if (!matched && additional != null) {
                if (additional.isBoolean() && !additional.asBoolean()) {
                    errors.add(at + ": property " + m.getKey() + " is not allowed");
                } else if (additional.isObject()) {
                    check(m.getValue(), additional, file, at + "." + m.getKey(), errors);
                }
            }
        });
    }

    private static boolean isType(JsonNode doc, String type) {
        return switch (type) {
            case "object" -> doc.isObject();
            case "array" -> doc.isArray();
            case "string" -> doc.isTextual();
            case "boolean" -> doc.isBoolean();
            case "null" -> doc.isNull();
            case "number" -> doc.isNumber();
            case "integer" -> doc.isIntegralNumber()
                    || doc.isNumber() && doc.decimalValue().stripTrailingZeros().scale() <= 0;
            default -> throw new IllegalStateException("unknown type " + type);
        };
    }
}
