package dev.berth.image.transport;

/** A transport reference ({@code docker://…}, {@code oci-archive:…}) that cannot be read; names the input and why. */
public final class InvalidTransportReferenceException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String input;

    public InvalidTransportReferenceException(String input, String problem) {
        super("invalid image location \"" + input + "\": " + problem);
        this.input = input;
    }

    /** The text that could not be read. */
    public String input() {
        return input;
    }
}
