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
 * Also {@code X-Registry-Config} of {@code POST /build}: base64url JSON of such objects by
 * registry ({@code https://index.docker.io/v1/}, {@code localhost:5000}).
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

    /**
     * {@code X-Registry-Config}: the credentials by registry host as {@link
     * dev.berth.image.ImageReference#registry()} names it (scheme and path dropped, Docker Hub's
     * {@code index.docker.io} as {@code docker.io}); empty when absent.
     */
    static java.util.Map<String, RegistryAuth> parseConfig(Optional<String> header) {
        String value = header.map(String::strip).orElse("");
        java.util.Map<String, RegistryAuth> out = new java.util.LinkedHashMap<>();
        if (value.isEmpty()) {
            return out;
        }
        JsonNode node;
        try {
            byte[] json = Base64.getUrlDecoder().decode(value.replace('+', '-').replace('/', '_'));
            node = JsonCodec.MAPPER.readTree(new String(json, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw ApiException.badRequest("X-Registry-Config is not base64 JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            return out;
        }
        node.fields().forEachRemaining(e -> {
            JsonNode a = e.getValue();
            if (a != null && a.isObject()) {
                out.put(registryHost(e.getKey()), new RegistryAuth(text(a, "username"), text(a, "password"),
                        text(a, "identitytoken")));
            }
        });
        return out;
    }

    /** {@code https://index.docker.io/v1/} as {@code docker.io}, {@code http://localhost:5000} as {@code localhost:5000}. */
    static String registryHost(String key) {
        String host = key.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "");
        int slash = host.indexOf('/');
        host = slash < 0 ? host : host.substring(0, slash);
        return host.equals("index.docker.io") || host.equals("registry-1.docker.io") ? "docker.io" : host;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }
}
