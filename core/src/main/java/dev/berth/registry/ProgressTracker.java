package dev.berth.registry;

import dev.berth.image.ProgressListener;
import dev.berth.image.TransferProgress;
import java.util.concurrent.atomic.AtomicLong;

/** Keeps the totals of one transfer and reports each change to a {@link ProgressListener}. Thread-safe. */
final class ProgressTracker {
    private final ProgressListener listener;
    private final long totalSize;
    private final AtomicLong totalBytes = new AtomicLong();

    ProgressTracker(ProgressListener listener, long totalSize) {
        this.listener = listener;
        this.totalSize = totalSize;
    }

    /** {@code delta} more (or, after a restart, fewer) bytes of {@code blob}, which now has {@code blobBytes}. */
    void advance(BlobDescriptor blob, long blobBytes, long delta) {
        long total = totalBytes.addAndGet(delta);
        listener.onProgress(new TransferProgress(blob.digest(), blobBytes, blob.size(), total, totalSize, false));
    }

    /** {@code blob} is verified and committed. */
    void done(BlobDescriptor blob, long blobBytes) {
        listener.onProgress(new TransferProgress(blob.digest(), blobBytes, blob.size(), totalBytes.get(), totalSize, true));
    }
}
