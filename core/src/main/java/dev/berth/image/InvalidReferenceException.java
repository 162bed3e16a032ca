package dev.berth.image;

/**
 * A string that is not an image reference as
 * <a href="https://github.com/distribution/reference/blob/main/reference.go">distribution/reference</a>
 * defines it. The message names the input and carries distribution's error text, e.g.
 * {@code "Foo:tag": invalid reference format: repository name must be lowercase}.
 */
public final class InvalidReferenceException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** distribution/reference's (and go-digest's) error categories. */
    public enum Reason {
        /** {@code ErrReferenceInvalidFormat}. */
        INVALID_FORMAT("invalid reference format"),
        /** {@code ErrNameContainsUppercase}. */
        NAME_CONTAINS_UPPERCASE("invalid reference format: repository name must be lowercase"),
        /** {@code ErrNameEmpty}. */
        NAME_EMPTY("repository name must have at least one component"),
        /** {@code ErrNameTooLong}. */
        NAME_TOO_LONG("repository name must not be more than 255 characters"),
        /** A 64-hex string given where a name was expected ({@code ParseNormalizedNamed}). */
        NAME_IS_IDENTIFIER("invalid repository name, cannot specify 64-byte hexadecimal strings"),
        /** A reference without a name where one is required (a bare digest). */
        NAME_MISSING("reference has no name"),
        /** {@code ErrTagInvalidFormat}. */
        TAG_INVALID_FORMAT("invalid tag format"),
        /** go-digest's {@code ErrDigestInvalidFormat} (which also covers a wrong length). */
        DIGEST_INVALID_FORMAT("invalid checksum digest format"),
        /** go-digest's {@code ErrDigestUnsupported}. */
        DIGEST_UNSUPPORTED("unsupported digest algorithm");

        private final String text;

        Reason(String text) {
            this.text = text;
        }

        /** distribution's message for this category. */
        public String text() {
            return text;
        }
    }

    private final String input;
    private final Reason reason;

    public InvalidReferenceException(String input, Reason reason) {
        this(input, reason, null);
    }

    public InvalidReferenceException(String input, Reason reason, String detail) {
        super("\"" + input + "\": " + reason.text() + (detail == null ? "" : " (" + detail + ")"));
        this.input = input;
        this.reason = reason;
    }

    /** The string that failed to parse. */
    public String input() {
        return input;
    }

    /** What is wrong with it. */
    public Reason reason() {
        return reason;
    }
}
