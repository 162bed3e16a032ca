package dev.berth.image.transport;

import dev.berth.image.oci.Descriptor;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Where a copy writes images to (containers/image's {@code types.ImageDestination}): blobs first,
 * each checked against its descriptor's digest and size on the way in, then manifests, then
 * {@link #commit} names the images. Nothing a copy writes is visible under a name before the commit;
 * closing without a commit leaves the destination's names as they were.
 */
public interface ImageDestination extends Closeable {
    /** How a destination takes an image index. */
    enum Indexes {
        /** None at all (docker-archive): a copy writes the image for this machine's platform instead. */
        NONE,
        /** Only when every image it lists comes along (a registry); else as {@link #NONE}. */
        COMPLETE,
        /** Even when the source lacks some of its images (an OCI layout, the store: what a pull keeps). */
        PARTIAL
    }

    /** The transport reference this writes, for messages. */
    String describe();

    /** How this destination takes indexes. */
    Indexes indexes();

    /** Whether the destination already has {@code blob}, so a copy need not send it. */
    boolean has(Descriptor blob) throws IOException;

    /**
     * Writes {@code content} as {@code blob} (a config or a layer), failing with a
     * {@link dev.berth.image.DigestMismatchException} naming {@code source} when it does not hash to the
     * descriptor's digest, or when its size differs.
     */
    void putBlob(Descriptor blob, InputStream content, String source) throws IOException;

    /** Writes a manifest or index, whose bytes the copy has already verified, after everything it names. */
    void putManifest(Descriptor manifest, byte[] bytes) throws IOException;

    /** Names the copied images; until then the destination's names are as before the copy. */
    void commit(List<NamedImage> images) throws IOException;

    /**
     * Copies from {@code source} by a route of this destination's own, when it has one for that kind of
     * source (the store pulls from a registry unpacking layers as they arrive); empty otherwise.
     */
    default Optional<List<NamedImage>> copyDirectly(ImageSource source) throws IOException {
        return Optional.empty();
    }

    @Override
    default void close() throws IOException {
    }
}
