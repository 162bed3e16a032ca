package dev.berth.image.archive;

import dev.berth.image.Digest;
import dev.berth.image.ImageReference;
import dev.berth.image.oci.Descriptor;
import dev.berth.image.oci.MediaType;
import dev.berth.image.store.ImageStore;
import dev.berth.image.transport.NamedImage;
import java.io.IOException;
import java.util.ArrayList;
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

    static List<LoadedImage> of(ImageStore store, List<NamedImage> copied) throws IOException {
        List<LoadedImage> loaded = new ArrayList<>();
        for (NamedImage image : copied) {
            Digest id = MediaType.isManifest(image.top().mediaType())
                    ? store.readManifest(image.top().digest()).value().config().digest() : null;
            loaded.add(new LoadedImage(image.top(), id, image.references()));
        }
        return loaded;
    }
}
