package dev.berth.image.remote;

import dev.berth.image.Digest;
import dev.berth.image.oci.Descriptor;
import dev.berth.overlayfs.store.ChainId;
import dev.berth.overlayfs.store.LayerStore;
import dev.berth.overlayfs.store.StagedLayer;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Applies an image's layers, bottom first, from their downloads into the layer store, each checked
 * against its diffID and keyed by its chain id
 * (<a href="https://github.com/opencontainers/image-spec/blob/main/config.md#layer-chainid">image-spec config.md</a>).
 * Every layer gets a reference by the holder (the manifest digest); after a failure,
 * {@link #releaseAdded} drops the references this unpacker added, and no others.
 */
final class LayerUnpacker {
    private final LayerStore layers;
    private final String holder;
    private final List<ChainId> added = new ArrayList<>();
    private int streamed;

    LayerUnpacker(LayerStore layers, String holder) {
        this.layers = layers;
        this.holder = holder;
    }

    /**
     * Unpacks {@code blobs} (waiting for each to arrive) onto one another; returns the top chain id,
     * null for none. Layers staged while they downloaded are committed together with one sync.
     */
    ChainId unpack(List<Descriptor> blobs, List<Digest> diffIds, BlobDownloads downloads, LayerStreams streams)
            throws IOException {
        Batch batch = new Batch(null);
        for (int i = 0; i < blobs.size(); i++) {
            Descriptor blob = blobs.get(i);
            downloads.await(blob.digest());
            ChainId id = ChainId.of(batch.top(), diffIds.get(i).toString());
            try {
                Optional<StagedLayer> staged = layers.get(id).isPresent() ? Optional.empty() : streams.take(blob.digest());
                if (staged.isPresent() && batch.top() != null && staged.get().dependsOnLowers()) {
                    // Staged without the layers below it, but it names paths it did not make:
                    // applied again onto them (below), as containerd applies onto the parent.
                    staged.get().close();
                    staged = Optional.empty();
                }
                if (staged.isPresent()) {
                    batch.add(id, staged.get()); // unpacked while it downloaded; committed below
                    continue;
                }
                batch = batch.commit();
                int before = layers.get(id).isPresent() ? layers.references(id) : 0;
                try (InputStream in = downloads.open(blob.digest())) {
                    layers.put(batch.top(), diffIds.get(i).toString(), blob.mediaType(), in, holder);
                }
                noteAdded(id, before);
                batch = new Batch(id);
            } catch (IOException e) {
                batch.discard();
                throw new IOException("layer " + (i + 1) + " of " + blobs.size() + " (" + blob.digest() + ", diffID "
                        + diffIds.get(i) + ") does not unpack: " + e.getMessage(), e);
            }
        }
        return batch.commit().top();
    }

    /** How many layers came from their download stream. */
    int streamed() {
        return streamed;
    }

    /** Compared by count: a reference this holder already had (an earlier pull) is not ours to drop. */
    private void noteAdded(ChainId id, int before) throws IOException {
        if (layers.references(id) > before) {
            added.add(id);
        }
    }

    /** Staged layers waiting to be committed on top of {@code base}, the chain committed so far. */
    private final class Batch {
        private final ChainId base;
        private final List<ChainId> ids = new ArrayList<>();
        private final List<StagedLayer> staged = new ArrayList<>();

        Batch(ChainId base) {
            this.base = base;
        }

        ChainId top() {
            return ids.isEmpty() ? base : ids.get(ids.size() - 1);
        }

        void add(ChainId id, StagedLayer layer) {
            ids.add(id);
            staged.add(layer);
        }

        /** Commits what is staged; returns an empty batch on top of it. */
        Batch commit() throws IOException {
            if (!staged.isEmpty()) {
                layers.commitAll(base, staged, holder);
                streamed += staged.size();
                for (ChainId id : ids) {
                    noteAdded(id, 0); // staged only when the store lacked the layer
                }
            }
            return new Batch(top());
        }

        void discard() {
            for (StagedLayer l : staged) {
                try {
                    l.close();
                } catch (IOException ignored) {
                    // the layer store sweeps staging leftovers whose owner is gone
                }
            }
        }
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
