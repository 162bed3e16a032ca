package dev.berth.build;

import dev.berth.build.cache.CacheRecord;
import dev.berth.image.Digest;
import dev.berth.image.oci.Descriptor;
import dev.berth.image.store.ImageStore;
import dev.berth.namespaces.host.Host;
import dev.berth.overlayfs.diff.DiffResult;
import dev.berth.runtime.ImageCommit;
import dev.berth.overlayfs.diff.LayerDiff;
import dev.berth.overlayfs.store.LayerStore;
import dev.berth.overlayfs.store.StagedLayer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

/**
 * Turns a step's changes, held as an overlay upper directory (a RUN's upper, or the tree a COPY
 * staged), into a layer: a reproducible uncompressed tar (so its digest is its diffID; see
 * {@link LayerDiff}) staged for the image store, and the same layer applied into the layer
 * store's staging area, where the stage's next RUN stacks on it at once
 * (<a href="https://github.com/opencontainers/image-spec/blob/main/layer.md">layer.md</a>).
 * It is applied onto the stage's layers below it, as {@link LayerStore#put} applies a layer onto
 * its parent's: a hardlink to a lower file, a whiteout through a lower symlink and a parent
 * directory the layer only implies come out as they do when the image is pulled elsewhere.
 * Nothing is synced here: {@link PendingWrites} makes the whole build durable with one sync at
 * its end, before anything becomes visible in either store.
 */
final class LayerCommit {
    private final Host host;
    private final ImageStore images;
    private final LayerStore layers;
    private final PendingWrites pending;

    LayerCommit(Host host, ImageStore images, LayerStore layers, PendingWrites pending) {
        this.host = host;
        this.images = images;
        this.layers = layers;
        this.pending = pending;
    }

    /** Makes the changes in {@code upper} the stage's next layer; returns its record. */
    CacheRecord commit(Path upper, StageState st, Instant created) throws IOException {
        return commit(upper, st, created, () -> { });
    }

    /**
     * As {@link #commit(Path, StageState, Instant)}; {@code diffRead} runs once the diff has read
     * all of {@code upper} (or failed), before the layer is applied into the layer store, which
     * reads only the staged blob: the caller can remove {@code upper} meanwhile.
     */
    CacheRecord commit(Path upper, StageState st, Instant created, Runnable diffRead) throws IOException {
        return commit(ImageCommit.Changes.ofUpper(upper, st.lowers(layers)), st, created, diffRead);
    }

    /**
     * As {@link #commit(Path, StageState, Instant, Runnable)} for changes held in any form: an
     * overlay upper, or a copied root (the copy driver's) compared with the stage's layers.
     */
    CacheRecord commit(ImageCommit.Changes changes, StageState st, Instant created, Runnable diffRead) throws IOException {
        Path staged = images.newStagingPath("build");
        List<Path> lowers = st.lowers(layers);
        DiffResult diff;
        try (OutputStream out = Files.newOutputStream(staged, StandardOpenOption.CREATE_NEW)) {
            diff = changes.write(LayerDiff.create(host), out);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(staged);
            throw e;
        } finally {
            diffRead.run();
        }
        if (dev.berth.namespaces.host.StartupTrace.on()) {
            dev.berth.namespaces.host.StartupTrace.mark("commit: diff written, " + diff.size() + " bytes");
        }
        Digest digest = Digest.parse(diff.digest());
        pending.blob(staged, digest);
        CacheRecord record = new CacheRecord(digest, Digest.parse(diff.diffId()), diff.size(), st.layerMediaType(), created);
        try (InputStream blob = Files.newInputStream(staged)) {
            st.stage(pending.track(layers.stage(record.diffId().toString(), record.mediaType(), blob, lowers)));
        }
        dev.berth.namespaces.host.StartupTrace.mark("commit: layer staged");
        return record;
    }

    /**
     * Stacks a cached layer: taken from the layer store when it has it and the stage has nothing
     * staged below, else applied from its blob into staging.
     */
    void reuse(CacheRecord record, StageState st) throws IOException {
        if (st.canUseStored(layers, record.diffId())) {
            return;
        }
        try (InputStream blob = images.openBlob(record.blob())) {
            StagedLayer l = layers.stage(record.diffId().toString(), record.mediaType(), blob, st.lowers(layers));
            st.stage(pending.track(l));
        }
    }

    static Descriptor descriptor(CacheRecord r) {
        return Descriptor.of(r.mediaType(), r.blob(), r.size());
    }
}
