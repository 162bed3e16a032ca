package dev.berth.image.remote;

import dev.berth.image.Digest;
import dev.berth.image.store.ImageStore;
import dev.berth.registry.BlobSink;
import dev.berth.registry.FileBlobSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Streams a downloaded blob into the image store's staging directory. Once the registry client has
 * verified its digest, a blob that is not a layer is fsynced and moved into {@code blobs/} at once
 * (the puller reads the config from there); a layer blob stays verified in staging, not yet
 * synced, and the puller moves it into {@code blobs/} after one sync for the whole pull
 * ({@link BlobDownloads#publish}). Unverified bytes never reach {@code blobs/}, as the
 * distribution spec's
 * <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-blobs">Pulling blobs</a>
 * asks. The caller holds a store lease, so garbage collection leaves the staged file alone.
 */
final class StoreBlobSink implements BlobSink {
    private final ImageStore store;
    private final Digest digest;
    private final FileBlobSink staged;
    private final Consumer<Path> onVerified;
    private final boolean layer;
    private ChunkPipe tee;

    /**
     * A sink that also passes every byte to {@code tee} (a layer unpacked as it downloads), or not when null.
     * {@code onVerified} gets the verified file still in staging, for the caller to publish, when the blob is
     * a layer ({@code tee} not null); else null, once the blob is in the store.
     */
    StoreBlobSink(ImageStore store, Digest digest, ChunkPipe tee, Consumer<Path> onVerified) {
        this.store = store;
        this.digest = digest;
        Path path = store.newStagingPath("pull-" + digest.encoded().substring(0, 12));
        this.layer = tee != null;
        this.staged = layer ? FileBlobSink.syncedByCaller(path) : BlobSink.toFile(path);
        this.tee = tee;
        this.onVerified = onVerified;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        staged.write(bytes, offset, length);
        if (tee != null) {
            tee.write(bytes, offset, length);
        }
    }

    @Override
    public void restart() throws IOException {
        staged.restart();
        dropTee(); // the unpacker has read bytes that now come again: it gives up, the layer is unpacked later
    }

    @Override
    public void commit() throws IOException {
        staged.commit(); // renamed to staged.target(), still in staging; fsynced unless a layer
        if (!layer) {
            store.adoptVerifiedBlob(staged.target(), digest);
            onVerified.accept(null);
            return;
        }
        if (tee != null) {
            tee.close();
        }
        onVerified.accept(staged.target());
    }

    private void dropTee() {
        if (tee != null) {
            tee.abandon();
            tee = null;
        }
    }

    @Override
    public void discard() {
        dropTee();
        staged.discard();
        try {
            Files.deleteIfExists(staged.target());
        } catch (IOException e) {
            // Best effort: gc() clears staging leftovers.
        }
    }
}
