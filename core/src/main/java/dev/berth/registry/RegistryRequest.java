package dev.berth.registry;

import java.net.URI;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One request to a registry's API: method, URI, headers, a body made afresh per attempt (of
 * {@code bodySize} bytes, which lengthens the time allowed), the token scopes it needs and what
 * it is for.
 */
record RegistryRequest(String method, URI uri, Map<String, String> headers, Supplier<BodyPublisher> body, long bodySize,
        Set<String> scopes, RequestContext context, boolean idempotent) {

    static RegistryRequest get(URI uri, Set<String> scopes, RequestContext context) {
        return new RegistryRequest("GET", uri, Map.of(), BodyPublishers::noBody, 0, scopes, context, true);
    }

    static RegistryRequest head(URI uri, Set<String> scopes, RequestContext context) {
        return new RegistryRequest("HEAD", uri, Map.of(), BodyPublishers::noBody, 0, scopes, context, true);
    }

    static RegistryRequest of(String method, URI uri, Supplier<BodyPublisher> body, long bodySize, Set<String> scopes,
            RequestContext context) {
        return new RegistryRequest(method, uri, Map.of(), body, bodySize, scopes, context, false);
    }

    /** The same request with one more header. */
    RegistryRequest withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new RegistryRequest(method, uri, Map.copyOf(more), body, bodySize, scopes, context, idempotent);
    }

    /** The same request, marked safe to repeat, so it is retried on failure. */
    RegistryRequest retriable() {
        return new RegistryRequest(method, uri, headers, body, bodySize, scopes, context, true);
    }

    /** Redirects are followed for reads only; writes are not replayed elsewhere. */
    boolean followsRedirects() {
        return method.equals("GET") || method.equals("HEAD");
    }
}
