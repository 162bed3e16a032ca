package dev.berth.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One entry of a registry error body {@code {"errors":[{"code","message","detail"}]}}, as in the
 * distribution spec's <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#error-codes">Error Codes</a>.
 * {@code detail} is kept as JSON text (it may be any JSON value), empty when absent.
 */
public record RegistryError(String code, String message, String detail) {
    /**
     * The errors in a response body; empty when the body is not such a document (HTML from a
     * proxy, an empty HEAD response, bad JSON).
     */
    public static List<RegistryError> parseAll(byte[] body) {
        JsonNode errors = RegistryJson.tryParse(body).map(n -> n.path("errors")).orElse(null);
        List<RegistryError> found = new ArrayList<>();
        if (errors == null || !errors.isArray()) {
            return found;
        }
        for (JsonNode e : errors) {
            JsonNode detail = e.path("detail");
            found.add(new RegistryError(e.path("code").asText(""), e.path("message").asText(""),
                    detail.isMissingNode() || detail.isNull() ? "" : detail.isTextual() ? detail.asText() : detail.toString()));
        }
        return found;
    }

    @Override
    public String toString() {
        return message.isEmpty() ? code : code + ": " + message;
    }
}
