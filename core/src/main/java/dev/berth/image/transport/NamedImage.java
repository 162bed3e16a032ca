package dev.berth.image.transport;

import dev.berth.image.ImageReference;
import dev.berth.image.oci.Descriptor;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A top-level image of a transport: a manifest or an index, and the names it goes by there.
 *
 * @param top the manifest or index, without annotations
 * @param names what the transport calls it, in its own form: canonical references for the store and the
 *     registry, {@code RepoTags} for docker-archive, the {@code org.opencontainers.image.ref.name}
 *     annotations of an OCI layout (which may be bare tags such as {@code latest}); empty for an
 *     untagged image
 */
public record NamedImage(Descriptor top, List<String> names) {
    public NamedImage {
        Objects.requireNonNull(top, "top");
        names = List.copyOf(names);
    }

    /** The names that are image references ({@code name:tag}, {@code host/name}), not bare tags such as {@code latest}. */
    public List<ImageReference> references() {
        return names.stream().flatMap(n -> reference(n).stream()).toList();
    }

    /** {@code name} as an image reference, when it is one rather than a bare OCI ref.name. */
    public static Optional<ImageReference> reference(String name) {
        if (!name.contains("/") && !name.contains(":")) {
            return Optional.empty();
        }
        try {
            return Optional.of(ImageReference.parse(name));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Checks that a copy to {@code destination}, whose reference names one image ({@code named}), carries
     * just one.
     */
    public static void requireOne(List<NamedImage> images, boolean named, ImageDestination destination)
            throws IOException {
        if (named && images.size() != 1) {
            throw new IOException(destination.describe() + " names one image, but " + images.size() + " are being copied");
        }
    }

    /** The same names for another top (when a copy keeps one platform of an index). */
    NamedImage withTop(Descriptor other) {
        return new NamedImage(other, names);
    }
}
