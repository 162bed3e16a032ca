package dev.berth.registry;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the credentials for a registry host (as written in references: {@code docker.io},
 * {@code ghcr.io}, {@code 127.0.0.1:5000}). Asked only when a registry challenges, per the
 * distribution spec's <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#authentication">Authentication</a>
 * note. Implementations: {@link DockerConfigCredentials}, and the ones here for credentials from code.
 */
@FunctionalInterface
public interface CredentialSource {
    /** The credentials for {@code registryHost}, or empty for anonymous access. */
    Optional<Credentials> credentialsFor(String registryHost) throws IOException;

    /** Anonymous access everywhere. */
    static CredentialSource none() {
        return host -> Optional.empty();
    }

    /** The same credentials for every registry. */
    static CredentialSource of(Credentials credentials) {
        return host -> Optional.of(credentials);
    }

    /** Credentials per registry host; others are anonymous. */
    static CredentialSource of(Map<String, Credentials> byHost) {
        Map<String, Credentials> copy = Map.copyOf(byHost);
        return host -> Optional.ofNullable(copy.get(host));
    }

    /** This source, and {@code next} where this one has nothing. */
    default CredentialSource orElse(CredentialSource next) {
        return host -> {
            Optional<Credentials> found = credentialsFor(host);
            return found.isPresent() ? found : next.credentialsFor(host);
        };
    }
}
