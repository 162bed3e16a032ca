package dev.berth.dockerapi.images;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.RegistryAuth;
import dev.berth.dockerapi.http.ApiException;
import dev.berth.dockerapi.http.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The {@code X-Registry-Auth} header: base64url JSON {@code {username, password, serveraddress}}
 * or {@code {identitytoken}}; absent, empty or {@code {}} means anonymous
 * (<a href="https://docs.docker.com/reference/api/engine/#authentication">Authentication</a>).
 */
final class RegistryAuthHeader {
    private RegistryAuthHeader() {
    }

    static RegistryAuth parse(Optional<String> header) {
        String value = header.map(String::strip).orElse("");
        if (value.isEmpty()) {
            return RegistryAuth.none();
        }
        byte[] json;
        try {
            // Clients send base64url; some send the standard alphabet, with or without padding.
            json = Base64.getUrlDecoder().decode(value.replace('+', '-').replace('/', '_'));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("X-Registry-Auth is not base64: " + e.getMessage());
        }
        try {
            JsonNode node = JsonCodec.MAPPER.readTree(new String(json, StandardCharsets.UTF_8));
            if (node == null || !node.isObject()) {
                return RegistryAuth.none();
            }
            return new RegistryAuth(text(node, "username"), text(node, "password"), text(node, "identitytoken"));
        } catch (java.io.IOException e) {
            throw ApiException.badRequest("X-Registry-Auth is not JSON: " + e.getMessage());
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }
}
