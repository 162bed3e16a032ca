package dev.berth.image;

import java.io.IOException;

/**
 * Content whose bytes do not hash to the digest it was announced with (a corrupted download, a
 * tampered archive, a truncated stream). Names the expected digest, what was computed, and the source.
 */
public final class DigestMismatchException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Digest expected;
    private final transient Digest actual;

    public DigestMismatchException(Digest expected, Digest actual, long size, String source) {
        super("content of " + source + " does not match its digest " + expected + ": got " + actual
                + " over " + size + " bytes");
        this.expected = expected;
        this.actual = actual;
    }

    /** The digest the content was announced with. */
    public Digest expected() {
        return expected;
    }

    /** The digest of the bytes actually received. */
    public Digest actual() {
        return actual;
    }
}
