package dev.berth.registry;

import java.io.IOException;
import java.util.List;

/**
 * A registry operation failed. Names the registry, the repository, the operation and, when the
 * registry sent an error body, its codes (for example {@code MANIFEST_UNKNOWN}, {@code UNAUTHORIZED});
 * see the distribution spec's <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#error-codes">Error Codes</a>.
 * Messages never contain credentials or tokens.
 */
public class RegistryException extends IOException implements dev.berth.image.RegistryRefusal {
    private static final long serialVersionUID = 1L;

    private final String registry;
    private final String repository;
    private final String operation;
    private final int statusCode;
    private final transient List<RegistryError> errors;

    RegistryException(RequestContext context, int statusCode, List<RegistryError> errors, String detail, Throwable cause) {
        super(context.describe() + " failed: " + detail, cause);
        this.registry = context.registry();
        this.repository = context.repository();
        this.operation = context.operation();
        this.statusCode = statusCode;
        this.errors = List.copyOf(errors);
    }

    /** The registry host, with port when one was given. */
    public String registry() {
        return registry;
    }

    /** The repository, empty for registry-wide operations (catalog). */
    public String repository() {
        return repository;
    }

    /** What was being done, for example {@code "pull manifest latest"}. */
    public String operation() {
        return operation;
    }

    /** The HTTP status of the failing response, or 0 when the failure was not an HTTP status. */
    @Override
    public int statusCode() {
        return statusCode;
    }

    /** The errors from the registry's error body, empty when it sent none. */
    public List<RegistryError> errors() {
        return errors == null ? List.of() : errors;
    }

    /** The first error code, or the empty string. */
    @Override
    public String code() {
        return errors().isEmpty() ? "" : errors().get(0).code();
    }

    @Override
    public String errorMessage() {
        return errors().isEmpty() || errors().get(0).message() == null ? "" : errors().get(0).message();
    }
}
