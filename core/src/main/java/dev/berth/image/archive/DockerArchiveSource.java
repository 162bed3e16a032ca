package dev.berth.image.archive;

import dev.berth.image.Digest;
import dev.berth.image.DigestMismatchException;
import dev.berth.image.ImageReference;
import dev.berth.image.oci.Descriptor;
import dev.berth.image.oci.Document;
import dev.berth.image.oci.ImageConfig;
import dev.berth.image.oci.ImageManifest;
import dev.berth.image.oci.MediaType;
import dev.berth.image.transport.ImageSource;
import dev.berth.image.transport.NamedImage;
import dev.berth.overlayfs.apply.LayerCompression;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@code docker save} archive ({@code docker-archive:PATH[:REF]}; moby's
 * <a href="https://github.com/moby/moby/tree/master/image/tarexport">image/tarexport</a>): {@code manifest.json}
 * lists each image's config file, {@code RepoTags} and layer files. The source offers each as an OCI
 * manifest made up here (a Docker manifest for an image without layers), with layers as the archive holds
 * them: plain tars by their DiffID, gzip or zstd ones by their own digest once their DiffID is checked.
 */
public final class DockerArchiveSource implements ImageSource {
    private final Path archive;
    private final String refName;
    private final TarReader tar;
    /** The manifests made up here, by digest. */
    private final Map<Digest, byte[]> manifests = new HashMap<>();
    /** Configs and layers: the archive file of each digest. */
    private final Map<Digest, String> files = new HashMap<>();

    private DockerArchiveSource(Path archive, String refName) throws IOException {
        this.archive = archive;
        this.refName = refName;
        this.tar = new TarReader(archive, "docker-archive");
    }

    /** The archive at {@code archive}; {@code refName} (one of its RepoTags) null for every image. */
    public static DockerArchiveSource open(Path archive, String refName) throws IOException {
        return new DockerArchiveSource(archive, refName);
    }

    @Override
    public String describe() {
        return "docker-archive:" + archive + (refName == null ? "" : ":" + refName);
    }

    @Override
    public List<NamedImage> images() throws IOException {
        if (!tar.has("manifest.json")) {
            throw new IOException("docker-archive " + archive + " has no manifest.json (not a docker save archive?)");
        }
        List<DockerArchiveManifest.Entry> entries =
                DockerArchiveManifest.parse(tar.readDocument("manifest.json"), tar.describe("manifest.json"));
        ImageReference wanted = refName == null ? null : ImageReference.parse(refName);
        List<NamedImage> images = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (DockerArchiveManifest.Entry entry : entries) {
            List<ImageReference> tags = new ArrayList<>();
            for (String repoTag : entry.repoTags()) {
                tags.add(ImageReference.parse(repoTag));
            }
            names.addAll(entry.repoTags());
            if (wanted == null || tags.contains(wanted)) {
                images.add(new NamedImage(manifest(entry), entry.repoTags()));
            }
        }
        if (wanted != null && images.isEmpty()) {
            throw new IOException("docker-archive " + archive + " has no image tagged " + refName + "; it has " + names);
        }
        return images;
    }

    /** The manifest for {@code entry}, after checking its config's DiffIDs against its layer files. */
    private Descriptor manifest(DockerArchiveManifest.Entry entry) throws IOException {
        byte[] configBytes = tar.readDocument(entry.config());
        Document<ImageConfig> config = ImageConfig.parse(configBytes, "config " + tar.describe(entry.config()));
        List<Digest> diffIds = config.value().rootfs().diffIds();
        if (diffIds.size() != entry.layers().size()) {
            throw new IOException(tar.describe("manifest.json") + " lists " + entry.layers().size() + " layers for "
                    + entry.config() + ", but the config has " + diffIds.size() + " diff_ids");
        }
        files.put(config.digest(), entry.config());
        List<Descriptor> layers = new ArrayList<>();
        for (int i = 0; i < diffIds.size(); i++) {
            layers.add(layer(entry.layers().get(i), diffIds.get(i)));
        }
        String manifestType = layers.isEmpty() ? MediaType.DOCKER_MANIFEST : MediaType.OCI_MANIFEST;
        String configType = layers.isEmpty() ? MediaType.DOCKER_CONFIG : MediaType.OCI_CONFIG;
        Document<ImageManifest> manifest = ImageManifest.of(manifestType,
                Descriptor.of(configType, config.digest(), config.size()), layers).toDocument();
        manifests.put(manifest.digest(), manifest.bytes());
        return manifest.descriptor();
    }

    /** A plain layer is named by its DiffID (the copy checks it); a compressed one is hashed here and checked. */
    private Descriptor layer(String file, Digest diffId) throws IOException {
        long size = tar.size(file);
        LayerCompression compression;
        try (InputStream in = tar.open(file)) {
            byte[] head = in.readNBytes(4);
            compression = LayerCompression.ofMagic(head, head.length);
        }
        Digest digest = diffId;
        if (compression != LayerCompression.NONE) {
            Digest uncompressed;
            try (InputStream in = LayerCompression.decompress(tar.open(file), null)) {
                uncompressed = Digest.sha256(in);
            }
            if (!uncompressed.equals(diffId)) {
                throw new DigestMismatchException(diffId, uncompressed, size, "layer " + tar.describe(file) + " once decompressed");
            }
            try (InputStream in = tar.open(file)) {
                digest = Digest.sha256(in);
            }
        }
        files.putIfAbsent(digest, file);
        return Descriptor.of(mediaType(compression), digest, size);
    }

    static String mediaType(LayerCompression compression) {
        return switch (compression) {
            case NONE -> MediaType.OCI_LAYER;
            case GZIP -> MediaType.OCI_LAYER_GZIP;
            case ZSTD -> MediaType.OCI_LAYER_ZSTD;
        };
    }

    @Override
    public boolean has(Descriptor blob) {
        return manifests.containsKey(blob.digest()) || files.containsKey(blob.digest());
    }

    @Override
    public InputStream open(Descriptor blob) throws IOException {
        byte[] manifest = manifests.get(blob.digest());
        if (manifest != null) {
            return new ByteArrayInputStream(manifest);
        }
        String file = files.get(blob.digest());
        if (file == null) {
            throw new IOException(describe() + " has no blob " + blob.digest());
        }
        return tar.open(file);
    }

    @Override
    public String describe(Descriptor blob) {
        String file = files.get(blob.digest());
        return file != null ? tar.describe(file) : "manifest " + blob.digest() + " made for " + describe();
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }
}
