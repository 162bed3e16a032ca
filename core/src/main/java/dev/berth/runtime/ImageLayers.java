package dev.berth.runtime;

import dev.berth.image.Digest;
import dev.berth.image.oci.Descriptor;
import dev.berth.image.store.ImageDetails;
import dev.berth.image.store.ImageStore;
import dev.berth.image.store.Lease;
import dev.berth.overlayfs.store.ChainId;
import dev.berth.overlayfs.store.LayerStore;
import dev.berth.overlayfs.store.StoredLayer;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Unpacks an image's layers from the image store's blobs into the layer store, bottom to top,
 * each under the chain id its diffIDs give
 * (<a href="https://github.com/opencontainers/image-spec/blob/main/config.md#layer-chainid">image-spec
 * config.md</a>). Layers already unpacked are reused. Each layer is referenced by the image's
 * manifest digest, so layer garbage collection keeps them while the image is stored; a puller
 * calls this after it has stored the blobs.
 */
public final class ImageLayers {
    private ImageLayers() {
    }

    /** The image's layer directories, highest first, unpacking those the layer store lacks. */
    public static List<StoredLayer> unpack(ImageStore images, LayerStore layers, ImageDetails image) throws IOException {
        List<Descriptor> blobs = image.manifest().value().layers();
        List<Digest> diffIds = image.config().value().rootfs().diffIds();
        if (blobs.size() != diffIds.size()) {
            throw new IOException("image " + image.manifest().digest() + " has " + blobs.size()
                    + " layers but its config lists " + diffIds.size() + " diffIDs");
        }
        if (blobs.isEmpty()) {
            throw new IOException("image " + image.manifest().digest() + " has no layers to make a root from");
        }
        String holder = "image " + image.manifest().digest();
        ChainId chain = null;
        // The lease keeps image garbage collection from removing a blob while it is applied.
        try (Lease lease = images.lease()) {
            for (int i = 0; i < blobs.size(); i++) {
                String diffId = diffIds.get(i).toString();
                ChainId next = ChainId.of(chain, diffId);
                // put returns a layer the store has at once (without reading the blob) and references it.
                try (InputStream blob = images.openBlob(blobs.get(i).digest())) {
                    layers.put(chain, diffId, blobs.get(i).mediaType(), blob, holder);
                }
                chain = next;
            }
        }
        return layers.stack(chain);
    }

    /** The chain id of the image's top layer (what a container references). */
    public static ChainId topChain(ImageDetails image) {
        return ChainId.of(image.config().value().rootfs().diffIds().stream().map(Digest::toString).toList());
    }
}
