package dev.berth.image.remote;

import dev.berth.image.Digest;
import dev.berth.image.oci.Descriptor;
import dev.berth.overlayfs.store.ChainId;
import dev.berth.overlayfs.store.LayerStore;
import dev.berth.overlayfs.store.StagedLayer;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link LayerStream}s of one pull: one per layer blob that is downloaded, started when its
 * download starts; each learns its diffID once the config is in.
 */
final class LayerStreams {
    private final LayerStore layers;
    private final Map<Digest, String> mediaTypes = new ConcurrentHashMap<>();
    private final Map<Digest, CompletableFuture<String>> diffIds = new ConcurrentHashMap<>();
    private final Map<Digest, LayerStream> streams = new ConcurrentHashMap<>();

    LayerStreams(LayerStore layers, List<Descriptor> layerBlobs) {
        this.layers = layers;
        for (Descriptor d : layerBlobs) {
            mediaTypes.putIfAbsent(d.digest(), d.mediaType());
        }
    }

    /** The pipe a download of {@code blob} tees into, or null when it is not a layer. */
    ChunkPipe pipeFor(Digest blob) {
        String mediaType = mediaTypes.get(blob);
        if (mediaType == null) {
            return null;
        }
        return streams.computeIfAbsent(blob, b -> LayerStream.start(b, mediaType, diffId(b), layers)).pipe();
    }

    private CompletableFuture<String> diffId(Digest blob) {
        return diffIds.computeIfAbsent(blob, b -> new CompletableFuture<>());
    }

    /** The config is in: each stream gets its diffID, or is stopped when the store has its layer. */
    void configKnown(List<Descriptor> layerBlobs, List<Digest> ids) {
        ChainId parent = null;
        for (int i = 0; i < layerBlobs.size(); i++) {
            ChainId chain = ChainId.of(parent, ids.get(i).toString());
            boolean have = layers.get(chain).isPresent();
            diffId(layerBlobs.get(i).digest()).complete(have ? null : ids.get(i).toString());
            parent = chain;
        }
    }

    /** The layer staged from {@code blob}'s download, once; empty when there is none to use. */
    Optional<StagedLayer> take(Digest blob) throws IOException {
        LayerStream s = streams.remove(blob);
        return s == null ? Optional.empty() : s.result();
    }

    /** Stops every stream and removes what was staged but not committed. */
    void discardAll() {
        diffIds.values().forEach(f -> f.complete(null));
        streams.values().forEach(LayerStream::discard);
        streams.clear();
    }
}
