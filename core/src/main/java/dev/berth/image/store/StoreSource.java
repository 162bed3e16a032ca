package dev.berth.image.store;

import dev.berth.image.oci.Descriptor;
import dev.berth.image.transport.ImageSource;
import dev.berth.image.transport.NamedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads images of the store ({@code berth:REF}, or a bare reference): each given by tag, digest or image
 * ID, named by its tag when it was given by one. Holds a {@link Lease} until closed, so garbage
 * collection leaves what it reads alone.
 */
public final class StoreSource implements ImageSource {
    private final ImageStore store;
    private final List<String> images;
    private final Lease lease;

    private StoreSource(ImageStore store, List<String> images) throws IOException {
        this.store = store;
        this.images = List.copyOf(images);
        this.lease = store.lease();
    }

    /** The images {@code images} (tags, digests or IDs) of {@code store}. */
    public static StoreSource of(ImageStore store, List<String> images) throws IOException {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no image of " + store + " given to copy");
        }
        return new StoreSource(store, images);
    }

    /** The store read from. */
    public ImageStore store() {
        return store;
    }

    /** The images as given: tags, digests or IDs. */
    public List<String> given() {
        return images;
    }

    @Override
    public String describe() {
        return "berth:" + String.join(",", images);
    }

    @Override
    public List<NamedImage> images() throws IOException {
        List<NamedImage> out = new ArrayList<>();
        for (String image : images) {
            Descriptor top = store.resolve(image).withAnnotations(null);
            Optional<String> tag = store.tagNamedBy(image).map(Object::toString);
            out.add(new NamedImage(top, tag.map(List::of).orElse(List.of())));
        }
        return out;
    }

    @Override
    public boolean has(Descriptor blob) {
        return store.hasBlob(blob.digest());
    }

    @Override
    public InputStream open(Descriptor blob) throws IOException {
        return store.openBlob(blob.digest());
    }

    @Override
    public String describe(Descriptor blob) {
        return "blob " + blob.digest() + " in the image store " + store.root();
    }

    @Override
    public void close() throws IOException {
        lease.close();
    }
}
