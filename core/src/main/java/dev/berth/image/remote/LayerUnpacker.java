package dev.berth.image.remote;

import dev.berth.image.Digest;
import dev.berth.image.oci.Descriptor;
import dev.berth.image.store.ImageStore;
import dev.berth.overlayfs.store.ChainId;
import dev.berth.overlayfs.store.LayerStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies an image's layers, bottom first, from the image store into the layer store, each checked
 * against its diffID and keyed by its chain id
 * (<a href="https://github.com/opencontainers/image-spec/blob/main/config.md#layer-chainid">image-spec config.md</a>).
 * Every layer gets a reference by the holder (the manifest digest); after a failure,
 * {@link #releaseAdded} drops the references this unpacker added, and no others.
 */
final class LayerUnpacker {
    private final ImageStore images;
    private final LayerStore layers;
    private final String holder;
    private final List<ChainId> added = new ArrayList<>();

    LayerUnpacker(ImageStore images, LayerStore layers, String holder) {
        this.images = images;
        this.layers = layers;
        this.holder = holder;
    }

    /** Unpacks {@code blobs} (waiting for each to arrive) onto one another; returns the top chain id, null for none. */
    ChainId unpack(List<Descriptor> blobs, List<Digest> diffIds, BlobDownloads downloads) throws IOException {
        ChainId parent = null;
        for (int i = 0; i < blobs.size(); i++) {
            Descriptor blob = blobs.get(i);
            downloads.await(blob.digest());
            ChainId id = ChainId.of(parent, diffIds.get(i).toString());
            int before = layers.get(id).isPresent() ? layers.references(id) : 0;
            try (InputStream in = images.openBlob(blob.digest())) {
                layers.put(parent, diffIds.get(i).toString(), blob.mediaType(), in, holder);
            } catch (IOException e) {
                throw new IOException("layer " + (i + 1) + " of " + blobs.size() + " (" + blob.digest() + ", diffID "
                        + diffIds.get(i) + ") does not unpack: " + e.getMessage(), e);
            }
            // Compared by count: a reference this holder already had (an earlier pull) is not ours to drop.
            if (layers.references(id) > before) {
                added.add(id);
            }
            parent = id;
        }
        return parent;
    }

    /** Drops the references added so far; problems doing so are attached to {@code failure}. */
    void releaseAdded(Throwable failure) {
        for (ChainId id : added) {
            try {
                layers.release(id, holder);
            } catch (IOException | RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
        added.clear();
    }
}
