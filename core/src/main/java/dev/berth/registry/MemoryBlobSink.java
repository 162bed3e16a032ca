package dev.berth.registry;

import java.io.ByteArrayOutputStream;

/**
 * A {@link BlobSink} that collects the blob in memory; {@link #bytes()} is available after commit
 * only. For small blobs of the distribution spec's
 * <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-blobs">Pulling blobs</a>,
 * such as image configs.
 */
public final class MemoryBlobSink implements BlobSink {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private byte[] committed;

    MemoryBlobSink() {
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        buffer.write(bytes, offset, length);
    }

    @Override
    public synchronized void restart() {
        buffer.reset();
    }

    @Override
    public synchronized void commit() {
        committed = buffer.toByteArray();
    }

    @Override
    public synchronized void discard() {
        buffer.reset();
        committed = null;
    }

    /** True once a verified blob was committed. */
    public synchronized boolean isCommitted() {
        return committed != null;
    }

    /**
     * The verified blob.
     *
     * @throws IllegalStateException before a commit
     */
    public synchronized byte[] bytes() {
        if (committed == null) {
            throw new IllegalStateException("the blob was not committed (not downloaded, or it failed verification)");
        }
        return committed.clone();
    }
}
