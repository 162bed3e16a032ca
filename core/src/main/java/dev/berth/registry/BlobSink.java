package dev.berth.registry;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where a downloaded blob goes. Bytes arrive in order through {@link #write}; only after every
 * byte has arrived and the whole matches the blob's digest is {@link #commit} called. On any
 * failure — a digest mismatch, a dropped connection past the retries, a registry error —
 * {@link #discard} is called instead, and nothing must be treated as complete. So a sink writes
 * to a temporary place and publishes in {@code commit}; {@link FileBlobSink} does that with a
 * temp file and an atomic rename. This is the client side of the distribution spec's
 * <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-blobs">Pulling blobs</a>,
 * which asks clients to verify digests.
 */
public interface BlobSink {
    /** The next bytes of the blob. */
    void write(byte[] bytes, int offset, int length) throws IOException;

    /**
     * Forgets everything written so far: the server answered a resumed download from byte 0
     * instead of the requested range, and the bytes will come again.
     */
    void restart() throws IOException;

    /** The blob is complete and verified: publish it. */
    void commit() throws IOException;

    /** The download failed: throw away what was written. Must not throw. */
    void discard();

    /** A sink that writes beside {@code target} and renames into place on commit. */
    static FileBlobSink toFile(Path target) {
        return new FileBlobSink(target);
    }

    /** A sink that keeps the blob in memory, for small blobs such as image configs. */
    static MemoryBlobSink inMemory() {
        return new MemoryBlobSink();
    }
}
