package dev.berth.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends registry requests with authentication, retries and redirects. On a 401 it learns the
 * challenge and tries once more with fresh authorization. Redirects (blob storage) are followed
 * by hand, for GET and HEAD only, and {@code Authorization} is sent only to the registry's own
 * origin. See the distribution spec's
 * <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-blobs">Pulling blobs</a>
 * on redirects.
 */
final class RegistryTransport {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryTransport.class);
    private static final int MAX_REDIRECTS = 5;
    private static final String USER_AGENT = "berth/0.1 (+https://berth.dev)";
    /** Error bodies and small JSON documents are read up to this size. */
    static final int SMALL_BODY_LIMIT = 1 << 20;
    /** Uploads get the request timeout plus the time to send their body at this slow rate, in bytes per second. */
    private static final long SLOWEST_UPLOAD_RATE = 256 * 1024;

    private final RegistryEndpoint endpoint;
    private final RegistryPaths paths;
    private final RetryingSender sender;
    private final RegistryAuthenticator authenticator;
    private final Duration requestTimeout;

    RegistryTransport(RegistryEndpoint endpoint, RetryingSender sender, RegistryAuthenticator authenticator, Duration requestTimeout) {
        this.endpoint = endpoint;
        this.paths = new RegistryPaths(endpoint);
        this.sender = sender;
        this.authenticator = authenticator;
        this.requestTimeout = requestTimeout;
    }

    RegistryEndpoint endpoint() {
        return endpoint;
    }

    RegistryPaths paths() {
        return paths;
    }

    RetryPolicy retryPolicy() {
        return sender.policy();
    }

    /** Sends {@code request}; the caller closes the body. Throws on a 401 that authentication could not answer. */
    HttpResponse<InputStream> send(RegistryRequest request) throws IOException {
        Set<String> scopes = request.scopes();
        Optional<String> authorization = authenticator.authorization(request.context(), scopes);
        for (int round = 1;; round++) {
            HttpResponse<InputStream> response = sendFollowingRedirects(request, authorization);
            if (response.statusCode() != 401) {
                return response;
            }
            byte[] body = readSmall(response);
            Optional<Set<String>> retryScopes = round == 1
                    ? authenticator.challenged(request.context(), response.headers().allValues("WWW-Authenticate"), scopes, authorization)
                    : Optional.empty();
            if (retryScopes.isEmpty()) {
                throw request.context().httpFailure(401, body,
                        authenticator.rejectionHint(authorization, response.headers().allValues("WWW-Authenticate")));
            }
            scopes = retryScopes.get();
            authorization = authenticator.authorization(request.context(), scopes);
        }
    }

    /** Sends and checks the status is one of {@code expected}, else throws with the registry's error body. */
    HttpResponse<InputStream> expect(RegistryRequest request, int... expected) throws IOException {
        HttpResponse<InputStream> response = send(request);
        for (int status : expected) {
            if (response.statusCode() == status) {
                return response;
            }
        }
        throw request.context().httpFailure(response.statusCode(), readSmall(response), "");
    }

    private HttpResponse<InputStream> sendFollowingRedirects(RegistryRequest request, Optional<String> authorization) throws IOException {
        URI target = request.uri();
        boolean sendAuthorization = true;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            URI uri = target;
            Optional<String> auth = sendAuthorization ? authorization : Optional.empty();
            HttpResponse<InputStream> response = sender.send(() -> build(request, uri, auth), request.idempotent(), request.context());
            Optional<String> location = response.headers().firstValue("Location");
            if (!isRedirect(response.statusCode()) || !request.followsRedirects() || location.isEmpty()) {
                return response;
            }
            response.body().close();
            target = uri.resolve(location.get());
            // Credentials for the registry must not leak to blob storage on another host.
            sendAuthorization = sendAuthorization && endpoint.sameOrigin(target);
            LOG.debug("{}: redirected to {}", request.context().describe(), Redacted.uri(target));
        }
        throw request.context().failure(0, "more than " + MAX_REDIRECTS + " redirects");
    }

    private HttpRequest build(RegistryRequest request, URI uri, Optional<String> authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).method(request.method(), request.body().get())
                .timeout(requestTimeout.plusSeconds(request.bodySize() / SLOWEST_UPLOAD_RATE))
                .header("User-Agent", USER_AGENT);
        if ("http".equalsIgnoreCase(uri.getScheme())) {
            b.version(HttpClient.Version.HTTP_1_1);
        }
        request.headers().forEach(b::header);
        authorization.ifPresent(a -> b.header("Authorization", a));
        return b.build();
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /** The body up to {@link #SMALL_BODY_LIMIT} bytes; closes the stream. */
    static byte[] readSmall(HttpResponse<InputStream> response) throws IOException {
        try (InputStream in = response.body()) {
            return in.readNBytes(SMALL_BODY_LIMIT);
        }
    }

    /** The body, failing if it exceeds {@code limit} bytes; closes the stream. */
    static byte[] readAtMost(HttpResponse<InputStream> response, int limit, RequestContext context) throws IOException {
        try (InputStream in = response.body()) {
            byte[] bytes = in.readNBytes(limit + 1);
            if (bytes.length > limit) {
                throw context.failure(response.statusCode(), "response larger than " + limit + " bytes");
            }
            return bytes;
        }
    }
}
