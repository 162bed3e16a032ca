package dev.berth.image.transport;

import dev.berth.image.oci.Descriptor;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Where a copy reads images from (containers/image's {@code types.ImageSource}): its top-level images,
 * and every manifest, index, config and layer they reach, by descriptor. A source need not verify
 * what it hands out; {@link ImageCopy} and the destination check each digest and size.
 */
public interface ImageSource extends Closeable {
    /** The transport reference this reads, for messages: {@code oci-archive:/tmp/app.tar}. */
    String describe();

    /** The images this source offers, in its order; for a reference that names one image, that one. */
    List<NamedImage> images() throws IOException;

    /** Whether the source can supply {@code blob} (an index may list platforms a source lacks). */
    boolean has(Descriptor blob) throws IOException;

    /** The content of {@code blob}, unverified. */
    InputStream open(Descriptor blob) throws IOException;

    /** {@code blob} in this source, for messages: {@code blobs/sha256/ab… in oci-archive /tmp/app.tar}. */
    String describe(Descriptor blob);

    /**
     * Copies to {@code destination} by a route of this source's own, when it has one for that kind of
     * destination (a registry pulls into the store unpacking layers as they arrive); empty otherwise.
     */
    default Optional<List<NamedImage>> copyDirectlyTo(ImageDestination destination) throws IOException {
        return Optional.empty();
    }

    @Override
    default void close() throws IOException {
    }
}
