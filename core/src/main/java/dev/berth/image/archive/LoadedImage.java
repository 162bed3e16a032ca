package dev.berth.image.archive;

import dev.berth.image.Digest;
import dev.berth.image.ImageReference;
import dev.berth.image.oci.Descriptor;
import java.util.List;

/**
 * An image an archive import put into the store.
 *
 * @param manifest the stored manifest (or index)
 * @param imageId the config digest, or null for an index
 * @param tags the tags it was given; empty when the archive named none (the image is then kept untagged)
 */
public record LoadedImage(Descriptor manifest, Digest imageId, List<ImageReference> tags) {
    public LoadedImage {
        tags = List.copyOf(tags);
    }
}
