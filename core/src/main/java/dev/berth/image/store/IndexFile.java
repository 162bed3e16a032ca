package dev.berth.image.store;

import dev.berth.overlayfs.store.StoreLock;
import dev.berth.namespaces.fs.AtomicFile;
import dev.berth.image.oci.Descriptor;
import dev.berth.image.oci.ImageIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The layout's {@code index.json}: the roots of the store. Reads are lock-free (the file is only ever
 * replaced by rename); read-modify-write runs under the index lock so concurrent writers never lose an entry.
 */
final class IndexFile {
    private final Path file;
    private final Path tmp;
    private final StoreLock lock;

    IndexFile(Path file, Path tmp, StoreLock lock) {
        this.file = file;
        this.tmp = tmp;
        this.lock = lock;
    }

    ImageIndex read() throws IOException {
        return ImageIndex.parse(Files.readAllBytes(file), "image layout index " + file).value();
    }

    /** The entries of index.json. */
    List<Descriptor> entries() throws IOException {
        return read().manifests();
    }

    /** Creates an empty index.json unless one exists. */
    void createIfMissing() throws IOException {
        try (StoreLock.Hold held = lock.exclusive()) {
            if (!Files.exists(file)) {
                AtomicFile.write(file, ImageIndex.of(List.of()).toJson(), tmp);
            }
        }
    }

    /** Replaces the entries with {@code change}'s result, atomically with respect to other writers. */
    void update(UnaryOperator<List<Descriptor>> change) throws IOException {
        try (StoreLock.Hold held = lock.exclusive()) {
            ImageIndex index = read();
            List<Descriptor> entries = change.apply(new ArrayList<>(index.manifests()));
            AtomicFile.write(file, index.withManifests(entries).toJson(), tmp);
        }
    }
}
