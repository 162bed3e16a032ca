package dev.berth.image.store;

import dev.berth.image.Digest;
import java.nio.file.NoSuchFileException;

/** A blob the store does not have. The message names the digest and who needed it. */
public final class BlobNotFoundException extends NoSuchFileException {
    private static final long serialVersionUID = 1L;

    private final transient Digest digest;

    public BlobNotFoundException(Digest digest, String message) {
        super(message);
        this.digest = digest;
    }

    /** The missing blob. */
    public Digest digest() {
        return digest;
    }
}
