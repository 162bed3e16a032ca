package dev.berth.image.oci;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/** Reading and writing image documents with {@link dev.berth.json.Json}'s mapper; errors name the document. */
final class Json {

    private Json() {
    }

    static ObjectNode newObject() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** Parses {@code bytes} as one JSON object; the error names {@code document} and where the JSON broke. */
    static JsonObject read(byte[] bytes, String document) throws ImageFormatException {
        JsonNode node;
        try {
            node = dev.berth.json.JsonTrees.read(bytes); // no mapper to build for a read (#17)
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new ImageFormatException(document + " is not valid JSON" + where + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ImageFormatException(document + " could not be read as JSON: " + e.getMessage(), e);
        }
        if (node == null || node.isMissingNode()) {
            throw new ImageFormatException(document + " is empty, not a JSON object");
        }
        if (!node.isObject()) {
            throw new ImageFormatException(document + " is a JSON " + node.getNodeType().name().toLowerCase() + ", not an object");
        }
        return new JsonObject((ObjectNode) node, "$");
    }

    /** Compact JSON, as the mapper writes it (without building one, #18); the same tree always gives the same bytes. */
    static byte[] write(JsonNode node) {
        try {
            return dev.berth.json.JsonTreeWriter.write(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
    }

    /** Runs {@code reader} over {@code bytes}, turning rule violations into errors that name {@code document}. */
    static <T> T parse(byte[] bytes, String document, JsonReadFunction<T> reader) throws ImageFormatException {
        JsonObject root = read(bytes, document);
        try {
            return reader.read(root);
        } catch (JsonObject.Violation v) {
            throw new ImageFormatException(document + ": " + v.getMessage());
        }
    }

    /** Reads a value from a JSON object, throwing {@link JsonObject.Violation} on a broken rule. */
    @FunctionalInterface
    interface JsonReadFunction<T> {
        T read(JsonObject object);
    }
}
