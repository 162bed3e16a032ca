package dev.berth.image.store;

import dev.berth.image.ImageReference;
import dev.berth.image.oci.Descriptor;
import dev.berth.image.oci.Document;
import dev.berth.image.oci.ImageConfig;
import dev.berth.image.oci.ImageIndex;
import dev.berth.image.oci.ImageManifest;
import java.util.List;
import java.util.Optional;

/**
 * What {@link ImageStore#inspect} finds for one image: the manifest for the platform asked for (reached
 * through an index if the name points at one) and its config, each with its exact bytes and digest.
 *
 * @param resolved the descriptor the name or digest resolved to (an index or a manifest)
 * @param index the index, when {@code resolved} is one
 * @param manifest the image manifest
 * @param config the image config; its digest is the image ID
 * @param tags every tag in the store that points at {@code resolved}
 * @param registryTags those of {@code tags} that a pull or push set (see {@link Descriptor#FROM_REGISTRY})
 */
public record ImageDetails(Descriptor resolved, Optional<Document<ImageIndex>> index, Document<ImageManifest> manifest,
        Document<ImageConfig> config, List<ImageReference> tags, List<ImageReference> registryTags) {
    public ImageDetails {
        tags = List.copyOf(tags);
        registryTags = registryTags == null ? List.of() : List.copyOf(registryTags);
    }

    /** With no tag from a registry. */
    public ImageDetails(Descriptor resolved, Optional<Document<ImageIndex>> index, Document<ImageManifest> manifest,
            Document<ImageConfig> config, List<ImageReference> tags) {
        this(resolved, index, manifest, config, tags, List.of());
    }
}
