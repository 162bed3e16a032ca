package dev.berth.registry;

import java.util.List;

/** Who a request is for and what it does; turns failures into {@link RegistryException}s that say so. */
record RequestContext(String registry, String repository, String operation) {
    static final String DIGEST_INVALID = "DIGEST_INVALID";

    /** {@code "127.0.0.1:5000/app: pull manifest latest"}. */
    String describe() {
        return registry + (repository.isEmpty() ? "" : "/" + repository) + ": " + operation;
    }

    RegistryException failure(int status, String detail) {
        return new RegistryException(this, status, List.of(), detail, null);
    }

    RegistryException failure(String detail, Throwable cause) {
        return new RegistryException(this, 0, List.of(), detail, cause);
    }

    /** Content and digest disagree; {@code detail} names the digests. */
    RegistryException digestMismatch(String detail) {
        return new RegistryException(this, 0, List.of(new RegistryError(DIGEST_INVALID, "content does not match its digest", "")),
                detail, null);
    }

    /** A failure for an HTTP error response: its error codes, the status and a hint (may be empty). */
    RegistryException httpFailure(int status, byte[] body, String hint) {
        List<RegistryError> errors = RegistryError.parseAll(body);
        StringBuilder detail = new StringBuilder();
        if (errors.isEmpty()) {
            detail.append("HTTP ").append(status);
        } else {
            detail.append(String.join("; ", errors.stream().map(RegistryError::toString).toList()))
                    .append(" (HTTP ").append(status).append(')');
        }
        if (!hint.isEmpty()) {
            detail.append("; ").append(hint);
        }
        return new RegistryException(this, status, errors, detail.toString(), null);
    }
}
