package dev.berth.registry;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens by realm, service and scope set, each until shortly before it expires. Tokens
 * state their lifetime in {@code expires_in} (60 seconds when absent), per
 * <a href="https://distribution.github.io/distribution/spec/auth/token/#token-response-fields">Token Response Fields</a>.
 * Thread-safe.
 */
final class TokenCache {
    /** Renew this long before expiry, so a token does not lapse between check and use. */
    private static final Duration MARGIN = Duration.ofSeconds(10);

    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    TokenCache(Clock clock) {
        this.clock = clock;
    }

    /** A token still valid for the key, or empty. */
    Optional<String> get(URI realm, String service, Set<String> scopes) {
        Entry e = entries.get(key(realm, service, scopes));
        if (e == null || !clock.instant().isBefore(e.renewAt())) {
            return Optional.empty();
        }
        return Optional.of(e.token());
    }

    /** Keeps a token that the server said lives {@code lifetime}. */
    void put(URI realm, String service, Set<String> scopes, String token, Duration lifetime) {
        Duration margin = lifetime.compareTo(MARGIN.multipliedBy(2)) > 0 ? MARGIN : lifetime.dividedBy(2);
        entries.put(key(realm, service, scopes), new Entry(token, clock.instant().plus(lifetime).minus(margin)));
    }

    /** Forgets the token for the key, when the registry rejected it. */
    void invalidate(URI realm, String service, Set<String> scopes) {
        entries.remove(key(realm, service, scopes));
    }

    private static String key(URI realm, String service, Set<String> scopes) {
        return realm + " " + service + " " + String.join(" ", AccessScope.merge(scopes));
    }

    private record Entry(String token, Instant renewAt) {
    }
}
