package dev.berth.registry;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The bytes of a blob to push, which can be read more than once (an upload that failed is
 * started again). Used by the distribution spec's
 * <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pushing-blobs">Pushing blobs</a>.
 */
public interface BlobSource {
    /** The number of bytes {@link #open()} yields. */
    long size() throws IOException;

    /** A fresh stream over all the bytes. */
    InputStream open() throws IOException;

    /** The bytes of an array (not copied: do not change it while pushing). */
    static BlobSource of(byte[] bytes) {
        return new BlobSource() {
            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(bytes);
            }
        };
    }

    /** The bytes of a file. */
    static BlobSource of(Path file) {
        return new BlobSource() {
            @Override
            public long size() throws IOException {
                return Files.size(file);
            }

            @Override
            public InputStream open() throws IOException {
                return Files.newInputStream(file);
            }
        };
    }
}
