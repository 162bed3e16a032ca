package dev.berth.dockerapi.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** One request, as a {@link Handler} sees it. Its body is streamed, never held whole. */
public final class ApiRequest {
    private final String method;
    private final String path;
    private final ApiVersion version;
    private final Map<String, String> params;
    private final Map<String, List<String>> query;
    private final io.netty.handler.codec.http.HttpHeaders headers;
    private final InputStream body;
    private final Connection connection;
    private Filters filters;

    /** What a handler may ask of the connection a request came on. */
    interface Connection {
        boolean isOpen();

        void onClose(Runnable action);
    }

    ApiRequest(String method, String path, ApiVersion version, Map<String, String> params,
            Map<String, List<String>> query, io.netty.handler.codec.http.HttpHeaders headers, InputStream body,
            Connection connection) {
        this.method = method;
        this.path = path;
        this.version = version;
        this.params = params;
        this.query = query;
        this.headers = headers;
        this.body = body;
        this.connection = connection;
    }

    public String method() {
        return method;
    }

    /** The path without its {@code /vX.Y} prefix. */
    public String path() {
        return path;
    }

    /** The version the path named, or {@link ApiVersion#MAX} when it named none. */
    public ApiVersion apiVersion() {
        return version;
    }

    /** The value of {@code {name}} in the route's template. */
    public String param(String name) {
        String v = params.get(name);
        if (v == null) {
            throw new IllegalArgumentException("route has no {" + name + "}");
        }
        return v;
    }

    /** The last value of a query parameter. */
    public Optional<String> query(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(v.size() - 1));
    }

    /** Every value of a query parameter given more than once ({@code names=a&names=b}). */
    public List<String> queryAll(String name) {
        return query.getOrDefault(name, List.of());
    }

    /** A boolean parameter: {@code 1}/{@code true}/{@code 0}/{@code false}, or present but empty as true. */
    public boolean queryFlag(String name, boolean dflt) {
        Optional<String> v = query(name);
        if (v.isEmpty()) {
            return dflt;
        }
        return switch (v.get().toLowerCase(Locale.ROOT)) {
            case "", "1", "true", "yes" -> true;
            case "0", "false", "no" -> false;
            default -> throw ApiException.badRequest("invalid value for " + name + ": \"" + v.get() + "\" is not a boolean");
        };
    }

    public int queryInt(String name, int dflt) {
        Optional<String> v = query(name);
        if (v.isEmpty() || v.get().isEmpty()) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.get());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid value for " + name + ": \"" + v.get() + "\" is not an integer");
        }
    }

    /** The {@code filters} parameter. */
    public Filters filters() {
        if (filters == null) {
            filters = Filters.parse(query("filters").orElse(null));
        }
        return filters;
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    /** Whether the client asked to take the connection over ({@code Upgrade: tcp}). */
    public boolean wantsUpgrade() {
        String upgrade = headers.get("Upgrade");
        String conn = headers.get("Connection");
        return upgrade != null && conn != null && conn.toLowerCase(Locale.ROOT).contains("upgrade");
    }

    /** The body as it arrives; empty for a request without one. */
    public InputStream body() {
        return body;
    }

    /** The body read as JSON into {@code type}; null when the body is empty. */
    public <T> T json(Class<T> type) {
        try {
            byte[] bytes = body.readAllBytes();
            if (bytes.length == 0 || new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
                return null;
            }
            return JsonCodec.MAPPER.readValue(bytes, type);
        } catch (IOException e) {
            throw ApiException.badRequest("invalid JSON body: " + e.getMessage());
        }
    }

    /** False once the client has closed the connection. */
    public boolean clientConnected() {
        return connection.isOpen();
    }

    /** Runs {@code action} when the client closes the connection (at once if it has). */
    public void onClientClose(Runnable action) {
        connection.onClose(action);
    }
}
