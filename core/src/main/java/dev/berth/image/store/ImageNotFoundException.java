package dev.berth.image.store;

import java.io.IOException;

/** A reference, digest or image ID that names no image in the store. The message names the input. */
public final class ImageNotFoundException extends IOException {
    private static final long serialVersionUID = 1L;

    public ImageNotFoundException(String message) {
        super(message);
    }
}
