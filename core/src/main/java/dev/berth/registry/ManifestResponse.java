package dev.berth.registry;

/**
 * A manifest or index as the registry sent it: the exact bytes, the media type and the digest
 * computed over those bytes (checked against {@code Docker-Content-Digest} and, when pulled by
 * digest, against the requested one). See the distribution spec's
 * <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-manifests">Pulling manifests</a>.
 */
public record ManifestResponse(byte[] bytes, String mediaType, String digest) {
    /** Copies the bytes. */
    public ManifestResponse {
        bytes = bytes.clone();
    }

    /** A copy of the bytes. */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** True for an index or Docker manifest list. */
    public boolean isIndex() {
        return ManifestMediaTypes.isIndex(mediaType);
    }

    /** The manifest as a descriptor, to pull or reference it by digest. */
    public BlobDescriptor descriptor() {
        return new BlobDescriptor(digest, bytes.length, mediaType);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ManifestResponse m && java.util.Arrays.equals(bytes, m.bytes)
                && mediaType.equals(m.mediaType) && digest.equals(m.digest);
    }

    @Override
    public int hashCode() {
        return digest.hashCode();
    }

    @Override
    public String toString() {
        return "ManifestResponse[" + mediaType + ", " + digest + ", " + bytes.length + " bytes]";
    }
}
