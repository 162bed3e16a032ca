package dev.berth;

import java.util.Objects;

/**
 * Credentials for one pull or push, as the Engine API's {@code X-Registry-Auth} header carries
 * them (<a href="https://docs.docker.com/reference/api/engine/#authentication">Authentication</a>):
 * a username and password, or an identity token. They are used for that operation only, in
 * place of the {@link Berth.Builder#registryCredentials configured} ones.
 *
 * @param username the user, or empty
 * @param password the password, or empty
 * @param identityToken an OAuth2 refresh token ({@code identitytoken}), or empty
 */
public record RegistryAuth(String username, String password, String identityToken) {
    public RegistryAuth {
        username = Objects.requireNonNullElse(username, "");
        password = Objects.requireNonNullElse(password, "");
        identityToken = Objects.requireNonNullElse(identityToken, "");
    }

    /** A username and password. */
    public static RegistryAuth basic(String username, String password) {
        return new RegistryAuth(username, password, "");
    }

    /** No credentials: the Berth's own (configured or from the docker config), else anonymous. */
    public static RegistryAuth none() {
        return new RegistryAuth("", "", "");
    }

    /** True when nothing is given. */
    public boolean isEmpty() {
        return username.isEmpty() && password.isEmpty() && identityToken.isEmpty();
    }

    @Override
    public String toString() {
        return "RegistryAuth[" + (username.isEmpty() ? "" : "username=" + username + ", ") + "secrets hidden]";
    }
}
