package dev.berth.registry;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A {@code Bearer} challenge as registries send it:
 * {@code Bearer realm="https://auth.example/token",service="registry.example",scope="repository:app:pull,push"}.
 * The realm is the token server; the scope lists what the request needs, several scopes
 * separated by spaces. See <a href="https://distribution.github.io/distribution/spec/auth/token/#how-to-authenticate">How to authenticate</a>
 * and <a href="https://distribution.github.io/distribution/spec/auth/scope/">Token Scope</a>.
 */
public record BearerChallenge(URI realm, String service, List<String> scopes, String error) {
    /** Copies the scope list. */
    public BearerChallenge {
        scopes = List.copyOf(scopes);
    }

    /** The Bearer challenge among {@code challenges}, if there is one with a usable realm. */
    public static Optional<BearerChallenge> from(List<AuthChallenge> challenges) {
        for (AuthChallenge c : challenges) {
            if (!c.scheme().equals("bearer") || c.param("realm").isEmpty()) {
                continue;
            }
            URI realm;
            try {
                realm = URI.create(c.param("realm"));
            } catch (IllegalArgumentException e) {
                continue;
            }
            String scheme = String.valueOf(realm.getScheme()).toLowerCase(java.util.Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http") || realm.getHost() == null) {
                continue;
            }
            List<String> scopes = Arrays.stream(c.param("scope").split(" ")).filter(x -> !x.isEmpty()).toList();
            return Optional.of(new BearerChallenge(realm, c.param("service"), scopes, c.param("error")));
        }
        return Optional.empty();
    }

    /** True when the registry said the token lacked a scope (rather than being invalid). */
    public boolean insufficientScope() {
        return "insufficient_scope".equals(error);
    }
}
