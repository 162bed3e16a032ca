package dev.berth.image.archive;

import dev.berth.image.Digest;
import dev.berth.image.DigestMismatchException;
import dev.berth.image.ImageReference;
import dev.berth.image.oci.Descriptor;
import dev.berth.image.oci.Document;
import dev.berth.image.oci.ImageConfig;
import dev.berth.image.oci.ImageManifest;
import dev.berth.image.oci.MediaType;
import dev.berth.image.store.ImageDetails;
import dev.berth.image.store.ImageStore;
import dev.berth.image.store.Lease;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code docker save} / {@code docker load} archive format (moby's
 * <a href="https://github.com/moby/moby/tree/master/image/tarexport">image/tarexport</a>): a tar with
 * {@code manifest.json} ({@code Config}, {@code RepoTags}, {@code Layers}), the config as
 * {@code <image-id>.json}, one uncompressed tar per layer named by its DiffID, and the legacy
 * {@code repositories} file. Import also reads what newer Docker writes (layers under {@code blobs/sha256/})
 * and gzip layers; the store gets OCI manifests.
 */
public final class DockerArchive {
    private DockerArchive() {
    }

    /**
     * Writes {@code images} (tags, digests or IDs in the store) to {@code archive}. A tag becomes a
     * {@code RepoTags} entry in Docker's familiar form; an image given by digest is written untagged.
     */
    public static void export(ImageStore store, List<String> images, Path archive) throws IOException {
        List<DockerArchiveManifest.Entry> entries = new ArrayList<>();
        Map<String, Map<String, String>> repositories = new LinkedHashMap<>();
        try (TarWriter tar = new TarWriter(archive)) {
            for (String image : images) {
                ImageDetails details = store.inspect(image);
                List<String> layerFiles = writeLayers(store, details, tar, archive);
                Digest imageId = details.config().digest();
                String configFile = imageId.encoded() + ".json";
                tar.file(configFile, details.config().bytes());
                List<String> repoTags = new ArrayList<>();
                store.tagNamedBy(image).ifPresent(ref -> {
                    repoTags.add(ref.familiar());
                    String top = layerFiles.isEmpty() ? imageId.encoded() : layerFiles.get(layerFiles.size() - 1)
                            .replace(".tar", "");
                    repositories.computeIfAbsent(ref.familiarName(), n -> new LinkedHashMap<>())
                            .put(ref.tag().orElse(ImageReference.DEFAULT_TAG), top);
                });
                entries.add(new DockerArchiveManifest.Entry(configFile, repoTags, layerFiles));
            }
            tar.file("manifest.json", DockerArchiveManifest.write(entries));
            if (!repositories.isEmpty()) {
                tar.file("repositories", DockerArchiveManifest.repositories(repositories));
            }
            tar.commit();
        }
    }


    /** Writes each layer uncompressed as {@code <diffid>.tar}, checking it against the config's DiffID. */
    private static List<String> writeLayers(ImageStore store, ImageDetails details, TarWriter tar, Path archive)
            throws IOException {
        List<Descriptor> layers = details.manifest().value().layers();
        List<Digest> diffIds = details.config().value().rootfs().diffIds();
        if (layers.size() != diffIds.size()) {
            throw new IOException("image " + details.manifest().digest() + " has " + layers.size()
                    + " layers but its config lists " + diffIds.size() + " diff_ids");
        }
        List<String> files = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            Descriptor layer = layers.get(i);
            Digest diffId = diffIds.get(i);
            String name = diffId.encoded() + ".tar";
            files.add(name);
            if (tar.contains(name)) {
                continue;
            }
            LayerCompression compression = LayerCompression.of(layer.mediaType(),
                    "layer " + layer.digest() + " of image " + details.manifest().digest());
            if (compression == LayerCompression.NONE) {
                if (!layer.digest().equals(diffId)) {
                    throw new IOException("uncompressed layer " + layer.digest() + " does not match DiffID " + diffId);
                }
                try (InputStream in = store.openBlob(layer.digest())) {
                    tar.file(name, in, store.blobSize(layer.digest()));
                }
                continue;
            }
            // A tar header needs the size first, so the layer is decompressed to a file and checked there.
            Path plain = Files.createTempFile(archive.toAbsolutePath().getParent(), ".layer-", ".tar");
            try {
                Digest actual;
                try (InputStream in = compression.decompress(store.openBlob(layer.digest()), "layer " + layer.digest())) {
                    Files.copy(in, plain, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                try (InputStream in = Files.newInputStream(plain)) {
                    actual = Digest.sha256(in);
                }
                if (!actual.equals(diffId)) {
                    throw new DigestMismatchException(diffId, actual, Files.size(plain),
                            "layer " + layer.digest() + " once decompressed");
                }
                try (InputStream in = Files.newInputStream(plain)) {
                    tar.file(name, in, Files.size(plain));
                }
            } finally {
                Files.deleteIfExists(plain);
            }
        }
        return files;
    }

    /**
     * Loads every image of {@code archive} into {@code store}. Each layer's bytes are checked against the
     * config's DiffID before they are stored; on any error index.json is left as it was (verified blobs
     * already written stay until the next garbage collection).
     */
    public static List<LoadedImage> importInto(ImageStore store, Path archive) throws IOException {
        List<LoadedImage> loaded = new ArrayList<>();
        try (TarReader tar = new TarReader(archive, "docker-archive"); Lease lease = store.lease()) {
            if (!tar.has("manifest.json")) {
                throw new IOException("docker-archive " + archive + " has no manifest.json (not a docker save archive?)");
            }
            List<DockerArchiveManifest.Entry> entries =
                    DockerArchiveManifest.parse(tar.readDocument("manifest.json"), tar.describe("manifest.json"));
            List<Document<ImageManifest>> manifests = new ArrayList<>();
            for (DockerArchiveManifest.Entry entry : entries) {
                manifests.add(storeImage(store, tar, entry));
            }
            for (int i = 0; i < entries.size(); i++) {
                Document<ImageManifest> manifest = manifests.get(i);
                store.putManifest(manifest.bytes());
                List<ImageReference> tags = new ArrayList<>();
                for (String repoTag : entries.get(i).repoTags()) {
                    tags.add(ImageReference.parse(repoTag));
                }
                for (ImageReference tag : tags) {
                    store.tag(tag, manifest.digest());
                }
                if (tags.isEmpty()) {
                    store.retain(manifest.digest());
                }
                loaded.add(new LoadedImage(manifest.descriptor(), manifest.value().config().digest(), tags));
            }
        }
        return loaded;
    }

    private static Document<ImageManifest> storeImage(ImageStore store, TarReader tar, DockerArchiveManifest.Entry entry)
            throws IOException {
        byte[] configBytes = tar.readDocument(entry.config());
        Document<ImageConfig> config = ImageConfig.parse(configBytes, "config " + tar.describe(entry.config()));
        List<Digest> diffIds = config.value().rootfs().diffIds();
        if (diffIds.size() != entry.layers().size()) {
            throw new IOException(tar.describe("manifest.json") + " lists " + entry.layers().size() + " layers for "
                    + entry.config() + ", but the config has " + diffIds.size() + " diff_ids");
        }
        for (String repoTag : entry.repoTags()) {
            ImageReference.parse(repoTag);
        }
        List<Descriptor> layers = new ArrayList<>();
        for (int i = 0; i < diffIds.size(); i++) {
            layers.add(storeLayer(store, tar, entry.layers().get(i), diffIds.get(i)));
        }
        store.putConfig(configBytes);
        String manifestType = layers.isEmpty() ? MediaType.DOCKER_MANIFEST : MediaType.OCI_MANIFEST;
        String configType = layers.isEmpty() ? MediaType.DOCKER_CONFIG : MediaType.OCI_CONFIG;
        return ImageManifest.of(manifestType, Descriptor.of(configType, config.digest(), config.size()), layers)
                .toDocument();
    }

    private static Descriptor storeLayer(ImageStore store, TarReader tar, String file, Digest diffId) throws IOException {
        String source = "layer " + tar.describe(file);
        long size = tar.size(file);
        LayerCompression compression;
        try (InputStream in = tar.open(file)) {
            compression = LayerCompression.detect(in);
        }
        Digest digest;
        if (compression == LayerCompression.NONE) {
            try (InputStream in = tar.open(file)) {
                digest = store.putBlob(in, diffId, size, source + " (DiffID " + diffId + ")");
            }
        } else {
            Digest uncompressed;
            try (InputStream in = compression.decompress(tar.open(file), source)) {
                uncompressed = Digest.sha256(in);
            }
            if (!uncompressed.equals(diffId)) {
                throw new DigestMismatchException(diffId, uncompressed, size, source + " once decompressed");
            }
            try (InputStream in = tar.open(file)) {
                digest = store.putBlob(in, null, size, source);
            }
        }
        return Descriptor.of(compression.ociMediaType, digest, size);
    }
}
