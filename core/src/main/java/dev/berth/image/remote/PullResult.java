package dev.berth.image.remote;

import dev.berth.image.Digest;
import dev.berth.image.ImageReference;
import dev.berth.image.oci.Descriptor;
import dev.berth.image.oci.Document;
import dev.berth.image.oci.ImageConfig;
import dev.berth.overlayfs.store.ChainId;
import java.util.List;

/**
 * A pulled image, now in the image and layer stores. See the distribution spec's
 * <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pull">Pull</a>.
 *
 * @param reference what was pulled
 * @param target what the reference points at in the store: the index when the registry served one, else the manifest
 * @param manifest the image manifest for the platform
 * @param config the image config; its digest is the image ID
 * @param topLayer the chain id of the unpacked layers, for a container's root file system; null for an image without layers
 * @param downloaded the blobs fetched by this pull (config and layers the store lacked), in image order
 * @param unpackedWhileDownloading how many layers were unpacked from their download stream rather
 *     than from the stored blob afterwards
 */
public record PullResult(ImageReference reference, Descriptor target, Descriptor manifest, Document<ImageConfig> config,
        ChainId topLayer, List<Digest> downloaded, int unpackedWhileDownloading) {
    public PullResult {
        downloaded = List.copyOf(downloaded);
    }
}
