package dev.berth.image;

/**
 * A registry's answer to a request that failed, as a pull or push reports it among its causes:
 * the HTTP status and the first error of its body, with the codes of the distribution spec's
 * <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#error-codes">Error Codes</a>
 * ({@code MANIFEST_UNKNOWN}, {@code NAME_UNKNOWN}, {@code UNAUTHORIZED}, {@code DENIED}). Lets a
 * caller tell an image that exists nowhere from one it may not read, as {@code docker pull} does.
 */
public interface RegistryRefusal {
    /** The HTTP status, or 0 when the failure was not an HTTP status (no connection, say). */
    int statusCode();

    /** The first error code of the body, or the empty string. */
    String code();

    /** The first error's message, or the empty string. */
    String errorMessage();
}
