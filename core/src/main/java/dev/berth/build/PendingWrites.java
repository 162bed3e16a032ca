package dev.berth.build;

import dev.berth.build.cache.BuildCache;
import dev.berth.build.cache.CacheRecord;
import dev.berth.image.Digest;
import dev.berth.image.store.ImageStore;
import dev.berth.namespaces.linux.Syscalls;
import dev.berth.overlayfs.FileTrees;
import dev.berth.overlayfs.store.ChainId;
import dev.berth.overlayfs.store.LayerStore;
import dev.berth.overlayfs.store.StagedLayer;
import dev.berth.overlayfs.store.StoredLayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a build has made but not yet made visible: layer blobs in the image store's staging
 * directory, layers in the layer store's staging area, and cache records. At the end one
 * {@code syncfs(2)} makes all the blobs durable at once (instead of an fsync per step), then
 * the blobs are adopted, each stage's staged layers committed as one chain (the layer store's
 * own single sync), and the cache records written; a record is written only once its blob is
 * durable and in place. A failed build discards everything instead.
 */
final class PendingWrites {
    private record Blob(Path staged, Digest digest) {
    }

    private final Syscalls sys;
    private final ImageStore images;
    private final LayerStore layers;
    private final BuildCache cache;
    private final String holder;
    private final List<Blob> blobs = new ArrayList<>();
    private final List<StagedLayer> staged = new ArrayList<>();
    private final Map<String, CacheRecord> records = new LinkedHashMap<>();

    PendingWrites(Syscalls sys, ImageStore images, LayerStore layers, BuildCache cache, String holder) {
        this.sys = sys;
        this.images = images;
        this.layers = layers;
        this.cache = cache;
        this.holder = holder;
    }

    void blob(Path stagedBlob, Digest digest) {
        blobs.add(new Blob(stagedBlob, digest));
    }

    StagedLayer track(StagedLayer layer) {
        staged.add(layer);
        return layer;
    }

    void record(String key, CacheRecord record) {
        records.put(key, record);
    }

    /** Makes everything durable and visible; tells {@code committed} each chain id it commits (referenced by the build's holder). */
    void finish(List<StageState> stages, Consumer<ChainId> committed) throws IOException {
        if (!blobs.isEmpty()) {
            syncFileSystem(images.root());
            dev.berth.namespaces.host.StartupTrace.mark("pending: blobs synced");
            for (Blob b : blobs) {
                images.adoptVerifiedBlob(b.staged(), b.digest());
            }
            blobs.clear();
        }
        for (StageState st : stages) {
            if (!st.pending.isEmpty()) {
                for (StoredLayer l : layers.commitAll(st.pendingParent, st.pending, holder)) {
                    committed.accept(l.chainId());
                }
                st.pending.clear();
                dev.berth.namespaces.host.StartupTrace.mark("pending: layers committed");
            }
        }
        staged.clear();
        records.forEach(cache::put);
        records.clear();
    }

    /** Drops everything still pending; failures are added to {@code failure}. */
    void discard(Throwable failure) {
        for (Blob b : blobs) {
            try {
                Files.deleteIfExists(b.staged());
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
        for (StagedLayer l : staged) {
            try {
                l.close();
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
        blobs.clear();
        staged.clear();
        records.clear();
    }

    private void syncFileSystem(Path dir) {
        FileTrees.syncFileSystem(sys, dir);
    }
}
