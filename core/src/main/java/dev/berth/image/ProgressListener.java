package dev.berth.image;

/**
 * Hears how a transfer advances: bytes per blob and in total. Called from download threads,
 * possibly concurrently, so implementations must be thread-safe and quick. Blob transfers are
 * those of the distribution spec's
 * <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-blobs">Pulling blobs</a>.
 */
@FunctionalInterface
public interface ProgressListener {
    /** Ignores everything. */
    ProgressListener NONE = progress -> { };

    /** Called after each chunk of bytes, and once more when a blob is complete and verified. */
    void onProgress(TransferProgress progress);
}
