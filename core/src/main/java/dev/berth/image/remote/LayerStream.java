package dev.berth.image.remote;

import dev.berth.image.Digest;
import dev.berth.overlayfs.store.LayerStore;
import dev.berth.overlayfs.store.StagedLayer;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Unpacks a layer while it downloads: the download's bytes are teed into a {@link ChunkPipe},
 * and a thread of its own stages them in the layer store as they come, so the last layer is not
 * unpacked only after its last byte. The layer store checks the diffID, which the verified config
 * lists, so staging before the blob's digest is known is safe; {@link LayerStore#commit} follows
 * in chain order. Any failure here (a restarted download, a bad stream) only means the layer is
 * unpacked from the stored blob afterwards, which then reports the real error.
 */
final class LayerStream {
    private final ChunkPipe pipe = new ChunkPipe();
    private final CompletableFuture<StagedLayer> staged = new CompletableFuture<>();
    private final Digest blob;

    private LayerStream(Digest blob) {
        this.blob = blob;
    }

    /**
     * Starts the unpacking thread; it waits for {@code diffId} (known once the config is in) and
     * gives up at once when {@code wanted} says the layer store needs no copy.
     */
    static LayerStream start(Digest blob, String mediaType, CompletableFuture<String> diffId, LayerStore layers) {
        LayerStream s = new LayerStream(blob);
        Thread t = new Thread(() -> s.run(mediaType, diffId, layers), "berth-unpack " + blob.encoded().substring(0, 12));
        t.setDaemon(true);
        t.start();
        return s;
    }

    private void run(String mediaType, CompletableFuture<String> diffId, LayerStore layers) {
        try {
            String id = diffId.get();
            if (id == null) {
                throw new IOException("not needed: the layer store has it");
            }
            staged.complete(layers.stage(id, mediaType, pipe.input()));
        } catch (Throwable e) {
            pipe.abandon();
            staged.completeExceptionally(e);
        }
    }

    /** Where the download writes a copy of each chunk. */
    ChunkPipe pipe() {
        return pipe;
    }

    /** The staged layer, or empty if streaming failed (the caller unpacks from the stored blob). */
    Optional<StagedLayer> result() throws IOException {
        try {
            return Optional.of(staged.get(10, TimeUnit.MINUTES));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while unpacking layer " + blob);
        } catch (ExecutionException | TimeoutException e) {
            return Optional.empty();
        }
    }

    /** Stops streaming and removes a staged copy that was not committed. */
    void discard() {
        pipe.abandon();
        staged.thenAccept(l -> {
            try {
                l.close();
            } catch (IOException ignored) {
                // the layer store sweeps staging leftovers whose owner is gone
            }
        });
    }
}
