package dev.berth.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a JSON file into a tree as {@code Json.mapper().readTree} does (the same nodes, the same
 * strictness: a duplicate key or trailing data is an error, see {@link Json}), with Jackson's
 * streaming parser alone. Building the {@link Json} mapper loads some 700 classes, about 60 ms of
 * a {@code berth ps} (#17); the state files a listing reads need none of its data binding.
 */
public final class JsonTrees {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonTrees() {
    }

    /**
     * The tree of {@code file}: a {@link MissingNode} when it is empty, as the mapper gives.
     *
     * @throws java.nio.file.NoSuchFileException when it is not there
     * @throws IOException when it is not one JSON value
     */
    public static JsonNode read(Path file) throws IOException {
        return read(Files.readAllBytes(file));
    }

    /** The tree of {@code bytes}, as {@code Json.mapper().readTree(bytes)} gives it. */
    public static JsonNode read(byte[] bytes) throws IOException {
        try (JsonParser p = FACTORY.createParser(bytes)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return MissingNode.getInstance();
            }
            JsonNode root = value(p, t);
            JsonToken trailing = p.nextToken();
            if (trailing != null) {
                // The mapper's words (FAIL_ON_TRAILING_TOKENS).
                throw new JsonParseException(p, "Trailing token (of type " + trailing + ") found after value (bound as"
                        + " `com.fasterxml.jackson.databind.JsonNode`): not allowed as per"
                        + " `DeserializationFeature.FAIL_ON_TRAILING_TOKENS`");
            }
            return root;
        }
    }

    private static JsonNode value(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT: {
                ObjectNode o = NODES.objectNode();
                for (JsonToken k = p.nextToken(); k == JsonToken.FIELD_NAME; k = p.nextToken()) {
                    String name = p.currentName();
                    o.set(name, value(p, p.nextToken()));
                }
                return o;
            }
            case START_ARRAY: {
                ArrayNode a = NODES.arrayNode();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    a.add(value(p, e));
                }
                return a;
            }
            case VALUE_STRING:
                return NODES.textNode(p.getText());
            case VALUE_NUMBER_INT:
                switch (p.getNumberType()) {
                    case INT:
                        return NODES.numberNode(p.getIntValue());
                    case LONG:
                        return NODES.numberNode(p.getLongValue());
                    default:
                        return NODES.numberNode(p.getBigIntegerValue());
                }
            case VALUE_NUMBER_FLOAT:
                return NODES.numberNode(p.getDoubleValue());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                throw new JsonParseException(p, "Unexpected token " + t);
        }
    }
}
