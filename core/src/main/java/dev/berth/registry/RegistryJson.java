package dev.berth.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;

/** The one Jackson mapper of this package, and parsing that reports bad JSON as a registry failure. */
final class RegistryJson {
    static final ObjectMapper MAPPER = dev.berth.json.Json.mapper();

    private RegistryJson() {
    }

    /** Parses a JSON document the registry sent for {@code context}, or fails naming what was malformed. */
    static JsonNode parse(byte[] body, RequestContext context, String what) throws RegistryException {
        Optional<JsonNode> node = tryParse(body);
        if (node.isEmpty() || !node.get().isObject()) {
            throw context.failure(0, "malformed JSON in the " + what + " (" + body.length + " bytes)");
        }
        return node.get();
    }

    /** The parsed document, or empty when the bytes are not JSON. */
    static Optional<JsonNode> tryParse(byte[] body) {
        if (body == null || body.length == 0) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(MAPPER.readTree(body));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
