package dev.berth.image.store;

import dev.berth.overlayfs.store.StoreLock;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Keeps garbage collection (in this JVM and in others) from running while it is open, so blobs written
 * under it survive until a manifest and a tag reference them. Every {@link ImageStore} write takes one
 * for its own duration; callers that write several blobs and then tag (a pull, an import) hold one
 * across the whole sequence. Do not call {@link ImageStore#gc()} on a thread that holds a lease.
 */
public final class Lease implements AutoCloseable {
    private final StoreLock.Hold hold;

    Lease(StoreLock.Hold hold) {
        this.hold = hold;
    }

    /** Releases the lease; closing twice is harmless. */
    @Override
    public void close() {
        try {
            hold.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release the store lease", e);
        }
    }
}
