package dev.berth.image.archive;

import dev.berth.image.Digest;
import dev.berth.image.ImageReference;
import dev.berth.image.oci.Descriptor;
import dev.berth.image.oci.Document;
import dev.berth.image.oci.ImageConfig;
import dev.berth.image.oci.ImageFormatException;
import dev.berth.image.oci.ImageIndex;
import dev.berth.image.oci.ImageManifest;
import dev.berth.image.oci.MediaType;
import dev.berth.image.store.ImageStore;
import dev.berth.image.store.Lease;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An {@code oci-archive}: a tar of an <a href="https://github.com/opencontainers/image-spec/blob/main/image-layout.md">OCI
 * image layout</a> ({@code oci-layout}, {@code index.json}, {@code blobs/<alg>/<encoded>}). Tags are the
 * {@code org.opencontainers.image.ref.name} annotations of index.json, written as canonical references.
 */
public final class OciArchive {
    private static final String LAYOUT = "{\"imageLayoutVersion\":\"1.0.0\"}";

    private OciArchive() {
    }

    /** Writes {@code images} (tags, digests or IDs in the store) with every blob they reach to {@code archive}. */
    public static void export(ImageStore store, List<String> images, Path archive) throws IOException {
        List<Descriptor> roots = new ArrayList<>();
        Set<Descriptor> blobs = new LinkedHashSet<>();
        for (String image : images) {
            Descriptor resolved = store.resolve(image).withAnnotations(null);
            Optional<ImageReference> tag = store.tagNamedBy(image);
            roots.add(tag.isPresent() ? resolved.withAnnotations(Map.of(Descriptor.REF_NAME, tag.get().toString()))
                    : resolved);
            collect(store, resolved, blobs);
        }
        try (TarWriter tar = new TarWriter(archive)) {
            tar.file("oci-layout", LAYOUT.getBytes(StandardCharsets.UTF_8));
            tar.file("index.json", ImageIndex.of(roots).toJson());
            tar.directory("blobs");
            for (Descriptor blob : blobs) {
                Digest d = blob.digest();
                tar.directory("blobs/" + d.algorithm());
                try (InputStream in = store.openBlob(d)) {
                    tar.file("blobs/" + d.algorithm() + "/" + d.encoded(), in, store.blobSize(d));
                }
            }
            tar.commit();
        }
    }


    /** Adds {@code d} and, for manifests and indexes, what they reference and the store holds. */
    private static void collect(ImageStore store, Descriptor d, Set<Descriptor> out) throws IOException {
        if (!store.hasBlob(d.digest()) || !out.add(Descriptor.of(d.mediaType(), d.digest(), d.size()))) {
            return;
        }
        if (MediaType.isManifest(d.mediaType())) {
            ImageManifest m = store.readManifest(d.digest()).value();
            collect(store, m.config(), out);
            for (Descriptor layer : m.layers()) {
                collect(store, layer, out);
            }
        } else if (MediaType.isIndex(d.mediaType())) {
            for (Descriptor child : store.readIndex(d.digest()).value().manifests()) {
                collect(store, child, out);
            }
        }
    }

    /**
     * Loads every image of {@code archive}'s index.json into {@code store}, verifying each blob's digest
     * and size as it is copied. An entry whose ref.name is a reference ({@code name:tag}, {@code host/name})
     * is tagged with it; others (bare tags like {@code latest}, or none) are kept untagged. On error
     * index.json is left as it was.
     */
    public static List<LoadedImage> importInto(ImageStore store, Path archive) throws IOException {
        List<LoadedImage> loaded = new ArrayList<>();
        try (TarReader tar = new TarReader(archive, "oci-archive"); Lease lease = store.lease()) {
            if (!tar.has("oci-layout") || !tar.has("index.json")) {
                throw new IOException("oci-archive " + archive + " has no oci-layout or index.json (not an OCI layout?)");
            }
            String layout = new String(tar.readDocument("oci-layout"), StandardCharsets.UTF_8);
            if (!layout.replace(" ", "").contains("\"imageLayoutVersion\":\"1.0.0\"")) {
                throw new ImageFormatException(tar.describe("oci-layout") + " does not declare imageLayoutVersion 1.0.0");
            }
            ImageIndex index = ImageIndex.parse(tar.readDocument("index.json"), tar.describe("index.json")).value();
            List<Descriptor> stored = new ArrayList<>();
            for (Descriptor entry : index.manifests()) {
                copy(store, tar, entry, true);
                stored.add(entry);
            }
            for (Descriptor entry : stored) {
                Optional<ImageReference> tag = entry.annotation(Descriptor.REF_NAME).flatMap(OciArchive::referenceIn);
                if (tag.isPresent()) {
                    store.tag(tag.get(), entry.digest());
                } else {
                    store.retain(entry.digest());
                }
                Digest id = MediaType.isManifest(entry.mediaType())
                        ? store.readManifest(entry.digest()).value().config().digest() : null;
                loaded.add(new LoadedImage(entry.withAnnotations(null), id, tag.map(List::of).orElse(List.of())));
            }
        }
        return loaded;
    }

    /** A ref.name that names an image (has a registry, path or tag separator), not just a bare tag. */
    private static Optional<ImageReference> referenceIn(String refName) {
        if (!refName.contains("/") && !refName.contains(":")) {
            return Optional.empty();
        }
        try {
            return Optional.of(ImageReference.parse(refName));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static void copy(ImageStore store, TarReader tar, Descriptor d, boolean required) throws IOException {
        String path = "blobs/" + d.digest().algorithm() + "/" + d.digest().encoded();
        if (!tar.has(path)) {
            if (required) {
                throw new IOException(tar.describe("index.json") + " names " + d.digest() + ", which the archive lacks");
            }
            return;
        }
        boolean document = MediaType.isManifest(d.mediaType()) || MediaType.isIndex(d.mediaType());
        if (document || MediaType.isImageConfig(d.mediaType())) {
            byte[] bytes = tar.readDocument(path);
            Digest actual = Digest.sha256(bytes);
            if (!actual.equals(d.digest())) {
                throw new dev.berth.image.DigestMismatchException(d.digest(), actual, bytes.length, tar.describe(path));
            }
            if (!document) {
                ImageConfig.parse(bytes, "config " + tar.describe(path), d.mediaType());
                store.putConfig(bytes);
                return;
            }
            if (MediaType.isManifest(d.mediaType())) {
                Document<ImageManifest> m = ImageManifest.parse(bytes, "manifest " + tar.describe(path));
                copy(store, tar, m.value().config(), true);
                for (Descriptor layer : m.value().layers()) {
                    copy(store, tar, layer, layer.urls() == null);
                }
            } else {
                for (Descriptor child : ImageIndex.parse(bytes, "index " + tar.describe(path)).value().manifests()) {
                    copy(store, tar, child, false);
                }
            }
            store.putManifest(bytes);
            return;
        }
        try (InputStream in = tar.open(path)) {
            store.putBlob(in, d.digest(), d.size(), tar.describe(path));
        }
    }
}
