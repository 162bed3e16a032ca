package dev.berth.image.oci;

import java.io.IOException;

/**
 * A document (manifest, index, config, archive metadata) that is not valid JSON or breaks a rule of
 * the image-spec. The message names the document and the problem, with its JSON path where there is one.
 */
public final class ImageFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public ImageFormatException(String message) {
        super(message);
    }

    public ImageFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
