package dev.berth.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuthChallengeTest {
    @Test
    void bearerChallengeKeepsCommasAndSpacesInsideQuotedScope() {
        List<AuthChallenge> all = AuthChallenge.parseAll(List.of(
                "Bearer realm=\"https://auth.example/token\",service=\"registry.example\","
                        + "scope=\"repository:app:pull,push repository:base:pull\",error=\"insufficient_scope\""));
        assertEquals(1, all.size());
        BearerChallenge b = BearerChallenge.from(all).orElseThrow();
        assertEquals(URI.create("https://auth.example/token"), b.realm());
        assertEquals("registry.example", b.service());
        assertEquals(List.of("repository:app:pull,push", "repository:base:pull"), b.scopes());
        assertTrue(b.insufficientScope());
    }

    @Test
    void severalChallengesInOneHeaderAreSeparated() {
        List<AuthChallenge> all = AuthChallenge.parseAll(List.of("Basic realm=\"a, b\", Bearer realm=\"https://t/x\",service=s"));
        assertEquals(2, all.size());
        assertEquals("basic", all.get(0).scheme());
        assertEquals("a, b", all.get(0).param("realm"));
        assertEquals("bearer", all.get(1).scheme());
        assertEquals("s", all.get(1).param("service"));
    }

    @Test
    void escapedQuotesAreUnescapedAndNamesAreCaseInsensitive() {
        AuthChallenge c = AuthChallenge.parseAll(List.of("BASIC Realm=\"say \\\"hi\\\"\"")).get(0);
        assertEquals("basic", c.scheme());
        assertEquals("say \"hi\"", c.param("realm"));
    }

    @Test
    void challengesFromSeveralHeadersAreAllKept() {
        List<AuthChallenge> all = AuthChallenge.parseAll(List.of("Negotiate", "Basic realm=x"));
        assertEquals(List.of("negotiate", "basic"), all.stream().map(AuthChallenge::scheme).toList());
    }

    @Test
    void token68AndUnterminatedQuotesDoNotBreakParsing() {
        List<AuthChallenge> all = AuthChallenge.parseAll(List.of("Negotiate YWJj==, Basic realm=\"open"));
        assertEquals(List.of("negotiate", "basic"), all.stream().map(AuthChallenge::scheme).toList());
        assertEquals("open", all.get(1).param("realm"));
    }

    @Test
    void bearerWithoutHttpRealmIsIgnored() {
        assertTrue(BearerChallenge.from(AuthChallenge.parseAll(List.of("Bearer realm=\"file:///etc/passwd\""))).isEmpty());
        assertTrue(BearerChallenge.from(AuthChallenge.parseAll(List.of("Bearer service=x"))).isEmpty());
    }

    @Test
    void scopesForTheSameResourceAreMergedInStableOrder() {
        assertEquals(List.of("registry:catalog:*", "repository:a:pull,push", "repository:b:pull"),
                List.copyOf(AccessScope.merge(List.of("repository:b:pull", "repository:a:push", "registry:catalog:*", "repository:a:pull"))));
    }
}
