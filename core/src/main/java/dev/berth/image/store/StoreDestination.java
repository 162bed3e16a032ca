package dev.berth.image.store;

import dev.berth.image.ImageReference;
import dev.berth.image.oci.Descriptor;
import dev.berth.image.transport.ImageDestination;
import dev.berth.image.transport.NamedImage;
import dev.berth.overlayfs.store.LayerStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Writes into the store ({@code berth:REF}, or a bare reference): blobs verified on the way in, then
 * manifests as received; the commit tags each image with REF, or else with its source names that are
 * references (a bare OCI ref.name such as {@code latest} is none), and keeps untagged ones. Holds a
 * {@link Lease} until closed; a copy that fails before the commit leaves index.json as it was.
 */
public final class StoreDestination implements ImageDestination {
    private final ImageStore store;
    private final LayerStore layers;
    private final ImageReference reference;
    private final Lease lease;
    /** Whether the images come from a registry (a pull): their tags then carry the registry's digest. */
    private final boolean fromRegistry;

    private StoreDestination(ImageStore store, LayerStore layers, ImageReference reference, boolean fromRegistry)
            throws IOException {
        this.store = store;
        this.layers = layers;
        this.reference = reference;
        this.fromRegistry = fromRegistry;
        this.lease = store.lease();
    }

    /** {@link #of} for a pull from a registry: the tags it sets are marked {@link Descriptor#FROM_REGISTRY}. */
    public static StoreDestination pulled(ImageStore store, LayerStore layers) throws IOException {
        return new StoreDestination(store, layers, null, true);
    }

    /**
     * Into {@code store}; {@code layers} (may be null) is where a pull unpacks layers as they arrive;
     * {@code reference} null to tag images by their source names.
     */
    public static StoreDestination of(ImageStore store, LayerStore layers, ImageReference reference) throws IOException {
        return new StoreDestination(store, layers, reference, false);
    }

    /** The store written to. */
    public ImageStore store() {
        return store;
    }

    /** Where layers are unpacked as they arrive, if anywhere. */
    public Optional<LayerStore> layers() {
        return Optional.ofNullable(layers);
    }

    /** The tag every copied image gets, if one was given. */
    public Optional<ImageReference> reference() {
        return Optional.ofNullable(reference);
    }

    @Override
    public String describe() {
        return "berth:" + (reference == null ? store.root() : reference);
    }

    @Override
    public Indexes indexes() {
        return Indexes.PARTIAL;
    }

    @Override
    public boolean has(Descriptor blob) {
        return store.hasBlob(blob.digest());
    }

    @Override
    public void putBlob(Descriptor blob, InputStream content, String source) throws IOException {
        store.putBlob(content, blob.digest(), blob.size(), source);
    }

    @Override
    public void putManifest(Descriptor manifest, byte[] bytes) throws IOException {
        store.putManifest(bytes);
    }

    @Override
    public void commit(List<NamedImage> images) throws IOException {
        NamedImage.requireOne(images, reference != null, this);
        for (NamedImage image : images) {
            List<ImageReference> tags = reference != null ? List.of(reference) : image.references();
            for (ImageReference tag : tags) {
                store.tag(tag, image.top().digest(), fromRegistry);
            }
            if (tags.isEmpty()) {
                store.retain(image.top().digest());
            }
        }
    }

    @Override
    public void close() throws IOException {
        lease.close();
    }
}
