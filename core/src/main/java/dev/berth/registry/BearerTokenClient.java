package dev.berth.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Fetches bearer tokens from a token server (the challenge's realm): {@code GET} with Basic
 * credentials or anonymously, per <a href="https://distribution.github.io/distribution/spec/auth/token/#requesting-a-token">Requesting a Token</a>,
 * or, with an identity token, {@code POST} of the OAuth2 refresh-token grant, per
 * <a href="https://distribution.github.io/distribution/spec/auth/oauth/#refresh-token-format">OAuth2 Token Authentication</a>.
 */
final class BearerTokenClient {
    private static final String CLIENT_ID = "berth";
    private static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(60);

    private final RetryingSender sender;
    private final Duration requestTimeout;

    BearerTokenClient(RetryingSender sender, Duration requestTimeout) {
        this.sender = sender;
        this.requestTimeout = requestTimeout;
    }

    /** A token and how long it lives. */
    record Token(String value, Duration lifetime) {
        @Override
        public String toString() {
            return "Token[hidden, lifetime=" + lifetime + "]";
        }
    }

    Token fetch(BearerChallenge challenge, Set<String> scopes, Optional<Credentials> credentials, RequestContext context) throws IOException {
        RequestContext auth = new RequestContext(context.registry(), context.repository(),
                "get a token from " + Redacted.uri(challenge.realm()) + " for " + context.operation());
        boolean refreshGrant = credentials.map(Credentials::hasIdentityToken).orElse(false);
        HttpResponse<InputStream> response = sender.send(
                () -> refreshGrant ? refreshGrantRequest(challenge, scopes, credentials.get()) : getRequest(challenge, scopes, credentials),
                true, auth);
        int status = response.statusCode();
        byte[] body = RegistryTransport.readSmall(response);
        if (status == 401 || status == 403) {
            String who = credentials.map(c -> "the credentials of " + c.describe()).orElse("anonymous access");
            throw auth.httpFailure(status, body, "the token server rejected " + who);
        }
        if (status != 200) {
            throw auth.httpFailure(status, body, "");
        }
        JsonNode json = RegistryJson.parse(body, auth, "token response");
        String token = json.path("token").asText("");
        if (token.isEmpty()) {
            token = json.path("access_token").asText("");
        }
        if (token.isEmpty()) {
            throw auth.failure(status, "the token response has neither 'token' nor 'access_token'");
        }
        long seconds = json.path("expires_in").asLong(0);
        return new Token(token, seconds > 0 ? Duration.ofSeconds(seconds) : DEFAULT_LIFETIME);
    }

    private HttpRequest getRequest(BearerChallenge challenge, Set<String> scopes, Optional<Credentials> credentials) {
        StringJoiner query = new StringJoiner("&");
        if (!challenge.service().isEmpty()) {
            query.add("service=" + encode(challenge.service()));
        }
        scopes.forEach(s -> query.add("scope=" + encode(s)));
        URI realm = challenge.realm();
        String separator = realm.getRawQuery() == null ? "?" : "&";
        URI uri = URI.create(realm + (query.length() == 0 ? "" : separator + query));
        HttpRequest.Builder b = base(uri).GET();
        credentials.filter(c -> !c.username().isEmpty() || !c.password().isEmpty())
                .ifPresent(c -> b.header("Authorization", c.basicAuthorization()));
        return b.build();
    }

    private HttpRequest refreshGrantRequest(BearerChallenge challenge, Set<String> scopes, Credentials credentials) {
        String form = "grant_type=refresh_token&refresh_token=" + encode(credentials.identityToken())
                + "&service=" + encode(challenge.service()) + "&client_id=" + CLIENT_ID
                + (scopes.isEmpty() ? "" : "&scope=" + encode(String.join(" ", scopes)));
        return base(challenge.realm()).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
    }

    private HttpRequest.Builder base(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(requestTimeout).header("Accept", "application/json");
        if ("http".equalsIgnoreCase(uri.getScheme())) {
            b.version(HttpClient.Version.HTTP_1_1);
        }
        return b;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
