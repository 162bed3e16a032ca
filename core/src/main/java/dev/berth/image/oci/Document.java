package dev.berth.image.oci;

import dev.berth.image.Digest;
import java.util.Arrays;

/**
 * A parsed JSON document together with the exact bytes it was parsed from (or serialised to) and the
 * digest of those bytes. Digests are never recomputed from re-serialised JSON, so the digest here is
 * the one a registry or a layout knows the document by.
 *
 * @param <T> the parsed value: {@link ImageManifest}, {@link ImageIndex} or {@link ImageConfig}
 */
public final class Document<T> {
    private final T value;
    private final byte[] bytes;
    private final Digest digest;
    private final String mediaType;

    public Document(T value, byte[] bytes, String mediaType) {
        this.value = value;
        this.bytes = bytes.clone();
        this.digest = Digest.sha256(this.bytes);
        this.mediaType = mediaType;
    }

    /** The parsed value. */
    public T value() {
        return value;
    }

    /** A copy of the exact bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The sha256 of {@link #bytes()}. */
    public Digest digest() {
        return digest;
    }

    /** The number of bytes. */
    public long size() {
        return bytes.length;
    }

    /** The media type the document is, e.g. {@link MediaType#OCI_MANIFEST}. */
    public String mediaType() {
        return mediaType;
    }

    /** A descriptor that points at this document. */
    public Descriptor descriptor() {
        return Descriptor.of(mediaType, digest, bytes.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Document<?> d && Arrays.equals(d.bytes, bytes) && d.mediaType.equals(mediaType);
    }

    @Override
    public int hashCode() {
        return digest.hashCode();
    }

    @Override
    public String toString() {
        return mediaType + " " + digest + " (" + bytes.length + " bytes)";
    }
}
