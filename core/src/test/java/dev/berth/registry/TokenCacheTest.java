package dev.berth.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenCacheTest {
    private static final URI REALM = URI.create("https://auth.example/token");

    @Test
    void tokenIsReusedForTheSameScopesInAnyOrderUntilShortlyBeforeExpiry() {
        MutableClock clock = new MutableClock();
        TokenCache cache = new TokenCache(clock);
        cache.put(REALM, "svc", Set.of("repository:a:pull", "repository:b:pull"), "t1", Duration.ofSeconds(300));
        assertEquals(Optional.of("t1"), cache.get(REALM, "svc", Set.of("repository:b:pull", "repository:a:pull")));
        clock.advance(Duration.ofSeconds(289));
        assertEquals(Optional.of("t1"), cache.get(REALM, "svc", Set.of("repository:a:pull", "repository:b:pull")));
        clock.advance(Duration.ofSeconds(2));
        assertTrue(cache.get(REALM, "svc", Set.of("repository:a:pull", "repository:b:pull")).isEmpty());
    }

    @Test
    void otherScopesServicesAndRealmsDoNotShareTokens() {
        TokenCache cache = new TokenCache(new MutableClock());
        cache.put(REALM, "svc", Set.of("repository:a:pull"), "t1", Duration.ofSeconds(300));
        assertTrue(cache.get(REALM, "svc", Set.of("repository:a:pull,push")).isEmpty());
        assertTrue(cache.get(REALM, "other", Set.of("repository:a:pull")).isEmpty());
        assertTrue(cache.get(URI.create("https://elsewhere/token"), "svc", Set.of("repository:a:pull")).isEmpty());
    }

    @Test
    void invalidatedTokenIsGone() {
        TokenCache cache = new TokenCache(new MutableClock());
        cache.put(REALM, "svc", Set.of("repository:a:pull"), "t1", Duration.ofSeconds(300));
        cache.invalidate(REALM, "svc", Set.of("repository:a:pull"));
        assertTrue(cache.get(REALM, "svc", Set.of("repository:a:pull")).isEmpty());
    }

    @Test
    void shortLivedTokenIsKeptForHalfItsLife() {
        MutableClock clock = new MutableClock();
        TokenCache cache = new TokenCache(clock);
        cache.put(REALM, "svc", Set.of(), "t1", Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(4));
        assertEquals(Optional.of("t1"), cache.get(REALM, "svc", Set.of()));
        clock.advance(Duration.ofSeconds(1));
        assertTrue(cache.get(REALM, "svc", Set.of()).isEmpty());
    }
}
