package dev.berth.registry;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides the {@code Authorization} header of each request to one registry. Starts anonymous;
 * a 401 teaches it the registry's scheme (Basic or Bearer), after which credentials or tokens
 * are sent up front. Bearer tokens come from the challenge's realm and are cached per scope set.
 * See the distribution spec's <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#authentication">Authentication</a>
 * and <a href="https://distribution.github.io/distribution/spec/auth/token/">Token Authentication</a>. Thread-safe.
 */
final class RegistryAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryAuthenticator.class);

    private final RegistryEndpoint endpoint;
    private final CredentialSource source;
    private final TokenCache tokens;
    private final BearerTokenClient tokenClient;

    private volatile boolean basic;
    private volatile BearerChallenge bearer;
    private Optional<Credentials> credentials;

    RegistryAuthenticator(RegistryEndpoint endpoint, CredentialSource source, TokenCache tokens, BearerTokenClient tokenClient) {
        this.endpoint = endpoint;
        this.source = source;
        this.tokens = tokens;
        this.tokenClient = tokenClient;
    }

    /** The header for a request needing {@code scopes}: empty until a challenge was seen. May fetch a token. */
    Optional<String> authorization(RequestContext context, Set<String> scopes) throws IOException {
        BearerChallenge challenge = bearer;
        if (challenge != null) {
            Optional<Credentials> creds = credentials();
            if (creds.isPresent() && creds.get().hasRegistryToken()) {
                return Optional.of("Bearer " + creds.get().registryToken());
            }
            Set<String> merged = AccessScope.merge(scopes);
            Optional<String> cached = tokens.get(challenge.realm(), challenge.service(), merged);
            return Optional.of("Bearer " + (cached.isPresent() ? cached.get() : fetchToken(challenge, merged, creds, context)));
        }
        if (basic) {
            return credentials().filter(c -> !c.username().isEmpty()).map(Credentials::basicAuthorization);
        }
        return Optional.empty();
    }

    /** Fetches one token at a time, so concurrent downloads needing the same scopes share one fetch. */
    private synchronized String fetchToken(BearerChallenge challenge, Set<String> scopes, Optional<Credentials> creds,
            RequestContext context) throws IOException {
        Optional<String> cached = tokens.get(challenge.realm(), challenge.service(), scopes);
        if (cached.isPresent()) {
            return cached.get();
        }
        checkRealmTransport(challenge, creds, context);
        BearerTokenClient.Token token = tokenClient.fetch(challenge, scopes, creds, context);
        tokens.put(challenge.realm(), challenge.service(), scopes, token.value(), token.lifetime());
        return token.value();
    }

    /**
     * Learns from a 401's challenges. Returns the scopes to retry with, or empty when another
     * try cannot help (no credentials for Basic, the same credentials already refused).
     */
    Optional<Set<String>> challenged(RequestContext context, List<String> wwwAuthenticate, Set<String> scopes,
            Optional<String> sent) throws IOException {
        List<AuthChallenge> challenges = AuthChallenge.parseAll(wwwAuthenticate);
        Optional<BearerChallenge> b = BearerChallenge.from(challenges);
        if (b.isPresent()) {
            BearerChallenge challenge = b.get();
            Set<String> wanted = new HashSet<>(scopes);
            wanted.addAll(challenge.scopes());
            Set<String> merged = AccessScope.merge(wanted);
            if (sent.isPresent() && sent.get().startsWith("Bearer ")) {
                // The registry refused a token it should have accepted: it expired early or was revoked.
                tokens.invalidate(challenge.realm(), challenge.service(), merged);
                LOG.debug("{}: token refused ({}), fetching a new one", context.describe(), challenge.error());
            }
            bearer = challenge;
            return Optional.of(merged);
        }
        if (challenges.stream().anyMatch(c -> c.scheme().equals("basic"))) {
            basic = true;
            boolean usable = credentials().filter(c -> !c.username().isEmpty()).isPresent();
            return usable && sent.isEmpty() ? Optional.of(scopes) : Optional.empty();
        }
        return Optional.empty();
    }

    /** Why a request ended in 401, for the exception message; never contains a secret. */
    String rejectionHint(Optional<String> sent, List<String> wwwAuthenticate) {
        Optional<Credentials> creds;
        try {
            creds = credentials();
        } catch (IOException e) {
            return "credentials for " + endpoint.host() + " could not be read: " + e.getMessage();
        }
        if (creds.isEmpty()) {
            return "no credentials are configured for " + endpoint.host();
        }
        if (sent.isEmpty()) {
            return "the registry asked for an authentication scheme this client does not support";
        }
        if (sent.get().startsWith("Basic ")) {
            return "the registry rejected the credentials of " + creds.get().describe();
        }
        Optional<BearerChallenge> challenge = BearerChallenge.from(AuthChallenge.parseAll(wwwAuthenticate));
        if (challenge.isPresent() && challenge.get().insufficientScope()) {
            return "the token issued to " + creds.get().describe() + " does not grant " + String.join(" ", challenge.get().scopes());
        }
        return "the registry refused the token issued to " + creds.get().describe();
    }

    private void checkRealmTransport(BearerChallenge challenge, Optional<Credentials> creds, RequestContext context) throws RegistryException {
        boolean plain = "http".equalsIgnoreCase(challenge.realm().getScheme());
        if (plain && creds.isPresent() && !endpoint.plainHttp() && !RegistryEndpoint.isLoopback(challenge.realm().getAuthority())) {
            throw context.failure(0, "refusing to send credentials over plain HTTP to the token server "
                    + Redacted.uri(challenge.realm()) + "; mark the registry insecure to allow it");
        }
    }

    private synchronized Optional<Credentials> credentials() throws IOException {
        if (credentials == null) {
            credentials = source.credentialsFor(endpoint.host());
        }
        return credentials;
    }
}
