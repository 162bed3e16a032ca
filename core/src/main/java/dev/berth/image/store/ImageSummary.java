package dev.berth.image.store;

import dev.berth.image.Digest;
import dev.berth.image.ImageReference;
import dev.berth.image.oci.Descriptor;
import java.time.Instant;
import java.util.Optional;

/**
 * One image in the store's listing: an entry of index.json.
 *
 * @param name the tag ({@code org.opencontainers.image.ref.name}) as written, or null when untagged
 * @param descriptor the manifest or index the entry points at
 * @param configDigest the image ID (the config's digest), or null for an index
 * @param size bytes of the manifest, config and layers present in the store
 * @param created the config's creation time, or null
 */
public record ImageSummary(String name, Descriptor descriptor, Digest configDigest, long size, Instant created) {

    /** The tag parsed as a reference, if it is one. */
    public Optional<ImageReference> reference() {
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ImageReference.parse(name));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
