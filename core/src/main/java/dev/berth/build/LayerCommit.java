package dev.berth.build;

import dev.berth.build.cache.CacheRecord;
import dev.berth.image.Digest;
import dev.berth.image.oci.Descriptor;
import dev.berth.image.store.ImageStore;
import dev.berth.overlayfs.diff.DiffResult;
import dev.berth.overlayfs.diff.LayerDiff;
import dev.berth.overlayfs.store.ChainId;
import dev.berth.overlayfs.store.LayerStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Turns a step's changes, held as an overlay upper directory (a RUN's upper, or the tree a COPY
 * staged), into a layer: a reproducible uncompressed tar blob in the image store (so its digest
 * is its diffID; see {@link LayerDiff}), and the same layer unpacked in the layer store under its
 * chain id, so that the next RUN stacks on it at once
 * (<a href="https://github.com/opencontainers/image-spec/blob/main/layer.md">layer.md</a>).
 */
final class LayerCommit {
    private final ImageStore images;
    private final LayerStore layers;
    private final String holder;

    LayerCommit(ImageStore images, LayerStore layers, String holder) {
        this.images = images;
        this.layers = layers;
        this.holder = holder;
    }

    /** Stores the changes in {@code upper} as a layer on {@code parent}; the caller holds a store lease. */
    CacheRecord commit(Path upper, ChainId parent, String mediaType, Instant created) throws IOException {
        Path staged = images.newStagingPath("build");
        DiffResult diff;
        try (FileChannel ch = FileChannel.open(staged, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                OutputStream out = Channels.newOutputStream(ch)) {
            diff = LayerDiff.create().ofUpper(upper, out);
            out.flush();
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(staged);
            throw e;
        }
        Digest digest = Digest.parse(diff.digest());
        images.adoptVerifiedBlob(staged, digest);
        CacheRecord record = new CacheRecord(digest, Digest.parse(diff.diffId()), diff.size(), mediaType, created);
        unpack(record, parent);
        return record;
    }

    /** Makes sure the layer store has {@code record}'s layer on {@code parent}, applying its blob if not. */
    void unpack(CacheRecord record, ChainId parent) throws IOException {
        try (InputStream blob = images.openBlob(record.blob())) {
            layers.put(parent, record.diffId().toString(), record.mediaType(), blob, holder);
        }
    }

    static Descriptor descriptor(CacheRecord r) {
        return Descriptor.of(r.mediaType(), r.blob(), r.size());
    }
}
