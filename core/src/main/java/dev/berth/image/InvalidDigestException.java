package dev.berth.image;

/**
 * A string that is not a digest as
 * <a href="https://github.com/opencontainers/image-spec/blob/main/descriptor.md#digests">descriptor.md</a>
 * defines it. The message names the input and what is wrong.
 */
public final class InvalidDigestException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String input;

    public InvalidDigestException(String input, String problem) {
        super("invalid digest \"" + input + "\": " + problem);
        this.input = input;
    }

    /** The string that failed to parse. */
    public String input() {
        return input;
    }
}
