package dev.berth.registry.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.registry.BlobDescriptor;
import dev.berth.registry.DigestVerifier;
import dev.berth.registry.ManifestMediaTypes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A tiny but valid OCI image for one platform — a gzip layer holding one file, a config and a
 * manifest — and, for several of them, an index; writes OCI image layouts that skopeo reads.
 */
public record TestImage(String architecture, byte[] layer, byte[] config, byte[] manifest) {
    public static final String CONFIG_TYPE = "application/vnd.oci.image.config.v1+json";
    public static final String LAYER_TYPE = "application/vnd.oci.image.layer.v1.tar+gzip";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An image for {@code linux/<architecture>} whose layer holds {@code /hello.txt} with {@code text}. */
    public static TestImage create(String architecture, String text) throws IOException {
        byte[] tar = tar("hello.txt", text.getBytes(StandardCharsets.UTF_8));
        byte[] layer = gzip(tar);
        ObjectNode config = JSON.createObjectNode().put("architecture", architecture).put("os", "linux");
        config.putObject("config").putArray("Cmd").add("/bin/sh");
        ObjectNode rootfs = config.putObject("rootfs").put("type", "layers");
        rootfs.putArray("diff_ids").add(DigestVerifier.sha256(tar));
        byte[] configBytes = JSON.writeValueAsBytes(config);
        ObjectNode manifest = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", ManifestMediaTypes.OCI_MANIFEST);
        manifest.set("config", descriptor(CONFIG_TYPE, configBytes));
        manifest.putArray("layers").add(descriptor(LAYER_TYPE, layer));
        return new TestImage(architecture, layer, configBytes, JSON.writeValueAsBytes(manifest));
    }

    public BlobDescriptor layerDescriptor() {
        return new BlobDescriptor(DigestVerifier.sha256(layer), layer.length, LAYER_TYPE);
    }

    public BlobDescriptor configDescriptor() {
        return new BlobDescriptor(DigestVerifier.sha256(config), config.length, CONFIG_TYPE);
    }

    public String manifestDigest() {
        return DigestVerifier.sha256(manifest);
    }

    /** An OCI index over {@code images}, each entry with its {@code linux/<arch>} platform. */
    public static byte[] index(List<TestImage> images) throws IOException {
        ObjectNode index = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", ManifestMediaTypes.OCI_INDEX);
        var manifests = index.putArray("manifests");
        for (TestImage image : images) {
            ObjectNode d = descriptor(ManifestMediaTypes.OCI_MANIFEST, image.manifest);
            d.putObject("platform").put("architecture", image.architecture).put("os", "linux");
            manifests.add(d);
        }
        return JSON.writeValueAsBytes(index);
    }

    /** Writes an OCI layout at {@code dir} whose {@code tag} names this image's manifest. */
    public void writeLayout(Path dir, String tag) throws IOException {
        writeBlobs(dir);
        writeLayoutIndex(dir, tag, ManifestMediaTypes.OCI_MANIFEST, manifest);
    }

    /** Writes an OCI layout at {@code dir} whose {@code tag} names an index over {@code images}. */
    public static byte[] writeIndexLayout(Path dir, String tag, List<TestImage> images) throws IOException {
        for (TestImage image : images) {
            image.writeBlobs(dir);
        }
        byte[] index = index(images);
        writeBlob(dir, index);
        writeLayoutIndex(dir, tag, ManifestMediaTypes.OCI_INDEX, index);
        return index;
    }

    private void writeBlobs(Path dir) throws IOException {
        writeBlob(dir, layer);
        writeBlob(dir, config);
        writeBlob(dir, manifest);
    }

    private static void writeLayoutIndex(Path dir, String tag, String mediaType, byte[] top) throws IOException {
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        ObjectNode index = JSON.createObjectNode().put("schemaVersion", 2);
        ObjectNode entry = descriptor(mediaType, top);
        entry.putObject("annotations").put("org.opencontainers.image.ref.name", tag);
        index.putArray("manifests").add(entry);
        Files.write(dir.resolve("index.json"), JSON.writeValueAsBytes(index));
    }

    private static void writeBlob(Path dir, byte[] bytes) throws IOException {
        Path blobs = dir.resolve("blobs/sha256");
        Files.createDirectories(blobs);
        Files.write(blobs.resolve(DigestVerifier.sha256(bytes).substring("sha256:".length())), bytes);
    }

    private static ObjectNode descriptor(String mediaType, byte[] bytes) {
        return JSON.createObjectNode().put("mediaType", mediaType).put("digest", DigestVerifier.sha256(bytes)).put("size", bytes.length);
    }

    private static byte[] tar(String name, byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            TarArchiveEntry entry = new TarArchiveEntry(name);
            entry.setSize(content.length);
            entry.setMode(0644);
            entry.setModTime(0);
            tar.putArchiveEntry(entry);
            tar.write(content);
            tar.closeArchiveEntry();
        }
        return out.toByteArray();
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }
}
