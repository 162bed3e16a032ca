package dev.berth.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * What a client presents to a registry or its token server: a username and password, an
 * identity token (an OAuth2 refresh token, Docker's {@code identitytoken}), or a registry token
 * (a bearer token sent to the registry as is, Docker's {@code registrytoken}). See
 * <a href="https://distribution.github.io/distribution/spec/auth/token/">Token Authentication</a>
 * and <a href="https://distribution.github.io/distribution/spec/auth/oauth/">OAuth2 Token Authentication</a>.
 *
 * <p>{@link #toString()} shows the username only: secrets never reach logs or messages.
 */
public record Credentials(String username, String password, String identityToken, String registryToken) {
    /** Normalises absent parts to empty strings. */
    public Credentials {
        username = Objects.requireNonNullElse(username, "");
        password = Objects.requireNonNullElse(password, "");
        identityToken = Objects.requireNonNullElse(identityToken, "");
        registryToken = Objects.requireNonNullElse(registryToken, "");
    }

    /** A username and password (Basic authentication, or the token server's Basic). */
    public static Credentials basic(String username, String password) {
        return new Credentials(username, password, "", "");
    }

    /** An identity token: exchanged for access tokens with the OAuth2 refresh-token grant. */
    public static Credentials identityToken(String username, String token) {
        return new Credentials(username, "", token, "");
    }

    /** A bearer token sent to the registry unchanged. */
    public static Credentials registryToken(String token) {
        return new Credentials("", "", "", token);
    }

    /** True when an identity token is present. */
    public boolean hasIdentityToken() {
        return !identityToken.isEmpty();
    }

    /** True when a registry token is present. */
    public boolean hasRegistryToken() {
        return !registryToken.isEmpty();
    }

    /** The {@code Authorization} value for Basic authentication. */
    String basicAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** How messages name these credentials: the user, never a secret. */
    String describe() {
        return username.isEmpty() ? "a token" : "user '" + username + "'";
    }

    @Override
    public String toString() {
        return "Credentials[" + (username.isEmpty() ? "" : "username=" + username + ", ") + "secrets hidden]";
    }
}
