package dev.berth.image.store;

import dev.berth.image.Digest;
import dev.berth.image.oci.Descriptor;
import dev.berth.image.oci.ImageIndex;
import dev.berth.image.oci.ImageManifest;
import dev.berth.image.oci.MediaType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Mark and sweep over the layout: everything reachable from index.json through indexes, manifests,
 * configs, layers and subjects is kept; every other blob is deleted. A reachable manifest that cannot be
 * read stops the collection rather than orphaning what it names.
 */
final class GarbageCollector {
    private final ImageStore store;
    private final Set<Digest> marked = new HashSet<>();

    GarbageCollector(ImageStore store) {
        this.store = store;
    }

    GarbageCollection collect(List<Descriptor> roots, Path blobsDir) throws IOException {
        for (Descriptor root : roots) {
            mark(root);
        }
        List<Digest> removed = new ArrayList<>();
        long freed = 0;
        try (Stream<Path> algorithms = Files.list(blobsDir)) {
            for (Path algorithmDir : algorithms.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> files = Files.list(algorithmDir)) {
                    for (Path file : files.sorted().toList()) {
                        String text = algorithmDir.getFileName() + ":" + file.getFileName();
                        if (!Digest.isValid(text) || marked.contains(Digest.parse(text))) {
                            continue;
                        }
                        freed += Files.size(file);
                        Files.delete(file);
                        removed.add(Digest.parse(text));
                    }
                }
            }
        }
        return new GarbageCollection(removed, freed);
    }

    private void mark(Descriptor d) throws IOException {
        if (!marked.add(d.digest()) || !store.hasBlob(d.digest())) {
            return;
        }
        if (MediaType.isManifest(d.mediaType())) {
            ImageManifest manifest = store.readManifest(d.digest()).value();
            mark(manifest.config());
            for (Descriptor layer : manifest.layers()) {
                mark(layer);
            }
            if (manifest.subject() != null) {
                mark(manifest.subject());
            }
        } else if (MediaType.isIndex(d.mediaType())) {
            ImageIndex index = store.readIndex(d.digest()).value();
            for (Descriptor child : index.manifests()) {
                mark(child);
            }
            if (index.subject() != null) {
                mark(index.subject());
            }
        }
    }
}
