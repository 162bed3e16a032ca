package dev.berth.image.remote;

import dev.berth.image.oci.Descriptor;
import dev.berth.registry.BlobDescriptor;

/** The registry client's view of an image-spec descriptor: digest, size and media type as strings. */
final class BlobDescriptors {
    private BlobDescriptors() {
    }

    static BlobDescriptor of(Descriptor d) {
        return new BlobDescriptor(d.digest().toString(), d.size(), d.mediaType());
    }
}
