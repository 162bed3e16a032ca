package dev.berth.image.remote;

import dev.berth.image.ImageReference;
import java.io.IOException;

/**
 * A pull or push that failed, naming the image and the registry; the cause says which manifest or blob
 * and why (a registry error, a digest mismatch, a layer that does not unpack). Operations of the
 * <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md">OCI distribution spec</a>.
 */
public final class ImageTransferException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient ImageReference reference;
    private final String registry;

    ImageTransferException(String verb, ImageReference reference, String registry, IOException cause) {
        super("cannot " + verb + " " + reference + " (registry " + registry + "): " + cause.getMessage(), cause);
        this.reference = reference;
        this.registry = registry;
    }

    /** The image being pulled, or pushed to. */
    public ImageReference reference() {
        return reference;
    }

    /** The registry's API host, e.g. {@code registry-1.docker.io} or {@code 127.0.0.1:5000}. */
    public String registry() {
        return registry;
    }
}
