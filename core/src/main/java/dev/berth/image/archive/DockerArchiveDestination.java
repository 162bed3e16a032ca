package dev.berth.image.archive;

import dev.berth.image.Digest;
import dev.berth.image.DigestMismatchException;
import dev.berth.image.ImageReference;
import dev.berth.image.oci.Descriptor;
import dev.berth.image.oci.ImageConfig;
import dev.berth.image.oci.ImageManifest;
import dev.berth.image.oci.MediaType;
import dev.berth.image.transport.ImageDestination;
import dev.berth.image.transport.NamedImage;
import dev.berth.image.transport.VerifyingInputStream;
import dev.berth.overlayfs.LayerException;
import dev.berth.overlayfs.apply.LayerCompression;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@code docker save} archive ({@code docker-archive:PATH[:REF]}) that {@code docker load} and
 * {@code podman load} read: {@code manifest.json} ({@code Config}, {@code RepoTags}, {@code Layers}),
 * the config as {@code <image-id>.json}, one uncompressed tar per layer named by its DiffID, and the legacy
 * {@code repositories} file. The tar is written whole and replaces the file only when complete.
 */
public final class DockerArchiveDestination implements ImageDestination {
    private final Path archive;
    private final String refName;
    private final TarWriter tar;
    /** Configs written, by digest. */
    private final Map<Digest, byte[]> configs = new HashMap<>();
    /** Layers written: each blob digest's DiffID (its uncompressed digest, the file name). */
    private final Map<Digest, Digest> diffIds = new HashMap<>();
    /** Images whose manifest came, by manifest digest. */
    private final Map<Digest, DockerArchiveManifest.Entry> images = new HashMap<>();

    private DockerArchiveDestination(Path archive, String refName) throws IOException {
        this.archive = archive;
        this.refName = refName == null ? null : ImageReference.parse(refName).familiar();
        this.tar = new TarWriter(archive);
    }

    /** A new archive at {@code archive}; {@code refName} null to tag images by their source names. */
    public static DockerArchiveDestination create(Path archive, String refName) throws IOException {
        return new DockerArchiveDestination(archive, refName);
    }

    @Override
    public String describe() {
        return "docker-archive:" + archive + (refName == null ? "" : ":" + refName);
    }

    @Override
    public Indexes indexes() {
        return Indexes.NONE;
    }

    @Override
    public boolean has(Descriptor blob) {
        return configs.containsKey(blob.digest()) || diffIds.containsKey(blob.digest());
    }

    @Override
    public void putBlob(Descriptor blob, InputStream content, String source) throws IOException {
        VerifyingInputStream verified = new VerifyingInputStream(content, blob, source);
        if (MediaType.isImageConfig(blob.mediaType())) {
            byte[] bytes = verified.readAllBytes();
            tar.file(blob.digest().encoded() + ".json", bytes);
            configs.put(blob.digest(), bytes);
            return;
        }
        LayerCompression compression;
        try {
            compression = LayerCompression.ofMediaType(blob.mediaType());
        } catch (LayerException e) {
            throw new IOException(source + " has media type " + blob.mediaType() + ", which is not a layer Berth can read");
        }
        if (compression == LayerCompression.NONE) {
            tar.file(blob.digest().encoded() + ".tar", verified, blob.size());
            diffIds.put(blob.digest(), blob.digest());
            return;
        }
        // A tar header needs the size first, so the layer is decompressed to a file and hashed there.
        Path plain = Files.createTempFile(archive.toAbsolutePath().getParent(), ".layer-", ".tar");
        try {
            try (InputStream in = LayerCompression.decompress(verified, blob.mediaType())) {
                Files.copy(in, plain, StandardCopyOption.REPLACE_EXISTING);
            }
            verified.verify();
            Digest diffId;
            try (InputStream in = Files.newInputStream(plain)) {
                diffId = Digest.sha256(in);
            }
            try (InputStream in = Files.newInputStream(plain)) {
                tar.file(diffId.encoded() + ".tar", in, Files.size(plain));
            }
            diffIds.put(blob.digest(), diffId);
        } finally {
            Files.deleteIfExists(plain);
        }
    }

    /** Checks each layer's DiffID against the config and keeps the image for manifest.json. */
    @Override
    public void putManifest(Descriptor manifest, byte[] bytes) throws IOException {
        ImageManifest m = ImageManifest.parse(bytes, "manifest " + manifest.digest()).value();
        List<Digest> expected = ImageConfig.parse(configs.get(m.config().digest()), "config " + m.config().digest())
                .value().rootfs().diffIds();
        if (expected.size() != m.layers().size()) {
            throw new IOException("image " + manifest.digest() + " has " + m.layers().size()
                    + " layers but its config lists " + expected.size() + " diff_ids");
        }
        List<String> files = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            Digest actual = diffIds.get(m.layers().get(i).digest());
            if (!expected.get(i).equals(actual)) {
                throw new DigestMismatchException(expected.get(i), actual, m.layers().get(i).size(),
                        "layer " + m.layers().get(i).digest() + " of image " + manifest.digest() + " once decompressed");
            }
            files.add(actual.encoded() + ".tar");
        }
        images.put(manifest.digest(), new DockerArchiveManifest.Entry(m.config().digest().encoded() + ".json", List.of(),
                files));
    }

    @Override
    public void commit(List<NamedImage> copied) throws IOException {
        NamedImage.requireOne(copied, refName != null, this);
        List<DockerArchiveManifest.Entry> entries = new ArrayList<>();
        Map<String, Map<String, String>> repositories = new LinkedHashMap<>();
        for (NamedImage image : copied) {
            DockerArchiveManifest.Entry entry = images.get(image.top().digest());
            List<String> repoTags = new ArrayList<>();
            // A bare OCI ref.name such as "latest" names no repository, so it gives no RepoTag.
            for (ImageReference ref : refName != null ? List.of(ImageReference.parse(refName)) : image.references()) {
                repoTags.add(ref.familiar());
                String top = entry.layers().isEmpty() ? entry.config().replace(".json", "")
                        : entry.layers().get(entry.layers().size() - 1).replace(".tar", "");
                repositories.computeIfAbsent(ref.familiarName(), n -> new LinkedHashMap<>())
                        .put(ref.tag().orElse(ImageReference.DEFAULT_TAG), top);
            }
            entries.add(new DockerArchiveManifest.Entry(entry.config(), repoTags, entry.layers()));
        }
        tar.file("manifest.json", DockerArchiveManifest.write(entries));
        if (!repositories.isEmpty()) {
            tar.file("repositories", DockerArchiveManifest.repositories(repositories));
        }
        tar.commit();
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }
}
