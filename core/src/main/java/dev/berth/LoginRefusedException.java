package dev.berth;

import java.io.IOException;

/**
 * A registry refused the credentials {@link Berth#login} checked; nothing was stored. The message
 * is {@code docker login}'s: {@code login attempt to URL failed with status: 401 Unauthorized}
 * (<a href="https://docs.docker.com/reference/cli/docker/login/">docker login</a>).
 */
public final class LoginRefusedException extends IOException {
    private static final long serialVersionUID = 1L;

    LoginRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
