package dev.berth.image.remote;

import dev.berth.image.Digest;
import dev.berth.image.store.ImageStore;
import dev.berth.registry.BlobSink;
import dev.berth.registry.FileBlobSink;
import java.io.IOException;
import java.nio.file.Files;

/**
 * Streams a downloaded blob into the image store's staging directory and, once the registry client has
 * verified its digest, moves it into {@code blobs/} without copying. Unverified bytes never reach
 * {@code blobs/}, as the distribution spec's
 * <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-blobs">Pulling blobs</a>
 * asks. The caller holds a store lease, so garbage collection leaves the staged file alone.
 */
final class StoreBlobSink implements BlobSink {
    private final ImageStore store;
    private final Digest digest;
    private final FileBlobSink staged;
    private final Runnable onCommit;
    private ChunkPipe tee;

    /** A sink that also passes every byte to {@code tee} (a layer unpacked as it downloads), or not when null. */
    StoreBlobSink(ImageStore store, Digest digest, ChunkPipe tee, Runnable onCommit) {
        this.store = store;
        this.digest = digest;
        this.staged = BlobSink.toFile(store.newStagingPath("pull-" + digest.encoded().substring(0, 12)));
        this.tee = tee;
        this.onCommit = onCommit;
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
        dropTee(); // the unpacker has read bytes that now come again: it gives up, the blob is unpacked later
    }

    @Override
    public void commit() throws IOException {
        staged.commit(); // fsynced and renamed to staged.target(), still in staging
        store.adoptVerifiedBlob(staged.target(), digest);
        if (tee != null) {
            tee.close();
        }
        onCommit.run();
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
