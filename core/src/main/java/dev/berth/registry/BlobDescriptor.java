package dev.berth.registry;

import java.util.Objects;

/**
 * What the client needs to know about a blob or manifest it transfers: its digest, its size in
 * bytes ({@code -1} when unknown) and its media type (may be empty). A registry-side twin of an
 * image-spec <a href="https://github.com/opencontainers/image-spec/blob/main/descriptor.md">descriptor</a>.
 */
public record BlobDescriptor(String digest, long size, String mediaType) {
    /** Checks the digest's form: {@code algorithm:hex}. */
    public BlobDescriptor {
        Objects.requireNonNull(digest, "digest");
        DigestVerifier.checkForm(digest);
        mediaType = mediaType == null ? "" : mediaType;
        if (size < -1) {
            throw new IllegalArgumentException("negative blob size " + size + " for " + digest);
        }
    }

    /** A blob known only by its digest. */
    public static BlobDescriptor of(String digest) {
        return new BlobDescriptor(digest, -1, "");
    }

    /** A blob of known digest and size. */
    public static BlobDescriptor of(String digest, long size) {
        return new BlobDescriptor(digest, size, "");
    }

    /** True when the size is known. */
    public boolean hasSize() {
        return size >= 0;
    }
}
