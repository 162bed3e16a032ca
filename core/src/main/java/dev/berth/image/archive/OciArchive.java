package dev.berth.image.archive;

import dev.berth.image.store.ImageStore;
import dev.berth.image.store.StoreDestination;
import dev.berth.image.store.StoreSource;
import dev.berth.image.transport.ImageCopy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Saving to and loading from an {@code oci-archive}, a tar of an
 * <a href="https://github.com/opencontainers/image-spec/blob/main/image-layout.md">OCI image layout</a>:
 * the copy between the store and {@link OciLayoutDestination}/{@link OciLayoutSource}. Tags are the
 * {@code org.opencontainers.image.ref.name} annotations of index.json, written as canonical references.
 */
public final class OciArchive {
    private OciArchive() {
    }

    /** Writes {@code images} (tags, digests or IDs in the store) with every blob they reach to {@code archive}. */
    public static void export(ImageStore store, List<String> images, Path archive) throws IOException {
        try (StoreSource source = StoreSource.of(store, images);
                OciLayoutDestination destination = OciLayoutDestination.archive(archive, null)) {
            ImageCopy.copy(source, destination);
        }
    }

    /**
     * Loads every image of {@code archive}'s index.json into {@code store}, verifying each blob's digest
     * and size as it is copied. An entry whose ref.name is a reference ({@code name:tag}, {@code host/name})
     * is tagged with it; others (bare tags like {@code latest}, or none) are kept untagged. On error
     * index.json is left as it was.
     */
    public static List<LoadedImage> importInto(ImageStore store, Path archive) throws IOException {
        try (OciLayoutSource source = OciLayoutSource.archive(archive, null);
                StoreDestination destination = StoreDestination.of(store, null, null)) {
            return LoadedImage.of(store, ImageCopy.copy(source, destination));
        }
    }
}
