package dev.berth.image.archive;

import dev.berth.image.store.ImageStore;
import dev.berth.image.store.StoreDestination;
import dev.berth.image.store.StoreSource;
import dev.berth.image.transport.ImageCopy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code docker save} and {@code docker load} between the store and a docker-archive: the copy between
 * {@link StoreSource}/{@link StoreDestination} and {@link DockerArchiveDestination}/{@link DockerArchiveSource}.
 */
public final class DockerArchive {
    private DockerArchive() {
    }

    /**
     * Writes {@code images} (tags, digests or IDs in the store) to {@code archive}. A tag becomes a
     * {@code RepoTags} entry in Docker's familiar form; an image given by digest is written untagged.
     */
    public static void export(ImageStore store, List<String> images, Path archive) throws IOException {
        try (StoreSource source = StoreSource.of(store, images);
                DockerArchiveDestination destination = DockerArchiveDestination.create(archive, null)) {
            ImageCopy.copy(source, destination);
        }
    }

    /**
     * Loads every image of {@code archive} into {@code store}. Each layer's bytes are checked against the
     * config's DiffID before they are stored; on any error index.json is left as it was (verified blobs
     * already written stay until the next garbage collection).
     */
    public static List<LoadedImage> importInto(ImageStore store, Path archive) throws IOException {
        try (DockerArchiveSource source = DockerArchiveSource.open(archive, null);
                StoreDestination destination = StoreDestination.of(store, null, null)) {
            return LoadedImage.of(store, ImageCopy.copy(source, destination));
        }
    }
}
