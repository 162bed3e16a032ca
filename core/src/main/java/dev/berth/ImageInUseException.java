package dev.berth;

/**
 * An image cannot be removed without force: a container uses it, or (by ID) several tags name it.
 * The message is Docker's {@code conflict: unable to ...} one, which the Engine API returns with 409
 * (<a href="https://docs.docker.com/reference/api/engine/version/v1.41/#tag/Image/operation/ImageDelete">ImageDelete</a>).
 */
public final class ImageInUseException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    ImageInUseException(String message) {
        super(message);
    }
}
