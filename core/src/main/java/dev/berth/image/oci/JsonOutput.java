package dev.berth.image.oci;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/** Builds JSON objects for writing: fields in the order added, absent values left out, maps sorted. */
final class JsonOutput {
    private final ObjectNode node;

    JsonOutput(ObjectNode node) {
        this.node = node;
    }

    static JsonOutput object() {
        return new JsonOutput(Json.newObject());
    }

    ObjectNode node() {
        return node;
    }

    JsonOutput put(String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
        return this;
    }

    JsonOutput put(String field, Long value) {
        if (value != null) {
            node.put(field, value);
        }
        return this;
    }

    JsonOutput put(String field, Boolean value) {
        if (value != null) {
            node.put(field, value);
        }
        return this;
    }

    JsonOutput put(String field, ObjectNode value) {
        if (value != null) {
            node.set(field, value);
        }
        return this;
    }

    JsonOutput putStrings(String field, Collection<String> values) {
        if (values != null) {
            ArrayNode array = node.putArray(field);
            values.forEach(array::add);
        }
        return this;
    }

    JsonOutput putObjects(String field, Collection<ObjectNode> values) {
        if (values != null) {
            ArrayNode array = node.putArray(field);
            values.forEach(array::add);
        }
        return this;
    }

    JsonOutput putMap(String field, Map<String, String> values) {
        if (values != null) {
            ObjectNode map = node.putObject(field);
            new TreeMap<>(values).forEach(map::put);
        }
        return this;
    }

    /** A set written as an object of empty objects, sorted, as Go writes {@code map[string]struct{}}. */
    JsonOutput putKeySet(String field, Collection<String> keys) {
        if (keys != null) {
            ObjectNode map = node.putObject(field);
            keys.stream().sorted().forEach(map::putObject);
        }
        return this;
    }
}
