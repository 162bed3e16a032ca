package dev.berth.overlayfs.store;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A layer applied into the store's staging area and checked against its diffID, waiting for
 * {@link LayerStore#commit} to move it into the store on top of its parent. Closing it removes
 * whatever is still staged (nothing, once committed).
 */
public final class StagedLayer implements AutoCloseable {
    /** What closing does: remove the staging directory and its lock. */
    interface Cleanup {
        void run() throws IOException;
    }

    private final String diffId;
    private final long size;
    private final long contentSize;
    private final Cleanup cleanup;
    private final Path dir;
    private final boolean dependsOnLowers;
    private boolean closed;

    StagedLayer(String diffId, long size, long contentSize, boolean dependsOnLowers, Cleanup cleanup, Path dir) {
        this.diffId = diffId;
        this.size = size;
        this.contentSize = contentSize;
        this.dependsOnLowers = dependsOnLowers;
        this.cleanup = cleanup;
        this.dir = dir;
    }

    /** The diffID the layer was checked against. */
    public String diffId() {
        return diffId;
    }

    /** Its uncompressed size in bytes. */
    public long size() {
        return size;
    }

    /** The bytes of its files and symlink targets (see {@link StoredLayer#contentSize()}). */
    public long contentSize() {
        return contentSize;
    }

    /**
     * Whether the layer, staged without its lower layers, may come out otherwise on top of them
     * ({@link dev.berth.overlayfs.apply.AppliedLayer#dependsOnLowers}): it is then applied again
     * by {@link LayerStore#put}, which gives the applier the parent's layers.
     */
    public boolean dependsOnLowers() {
        return dependsOnLowers;
    }

    Path dir() {
        return dir;
    }

    /**
     * The staged layer's files in overlay form: usable as an overlay lower (a build stacks its
     * next step on it) until it is committed or closed.
     */
    public Path diff() {
        return dir.resolve("diff");
    }

    @Override
    public synchronized void close() throws IOException {
        if (!closed) {
            closed = true;
            cleanup.run();
        }
    }
}
