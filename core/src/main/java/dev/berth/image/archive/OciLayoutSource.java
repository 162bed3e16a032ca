package dev.berth.image.archive;

import dev.berth.image.oci.Descriptor;
import dev.berth.image.oci.ImageFormatException;
import dev.berth.image.oci.ImageIndex;
import dev.berth.image.transport.ImageSource;
import dev.berth.image.transport.NamedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an <a href="https://github.com/opencontainers/image-spec/blob/main/image-layout.md">OCI image
 * layout</a>, from a directory ({@code oci:DIR[:REF]}) or a tar of one ({@code oci-archive:PATH[:REF]}).
 * Its images are index.json's entries, named by their {@code org.opencontainers.image.ref.name}; with a
 * REF, the entry of that name alone.
 */
public final class OciLayoutSource implements ImageSource {
    private final LayoutFiles files;
    private final String transport;
    private final String refName;

    private OciLayoutSource(LayoutFiles files, String transport, String refName) {
        this.files = files;
        this.transport = transport;
        this.refName = refName;
    }

    /** The layout in the tar {@code archive}; {@code refName} null for every image. */
    public static OciLayoutSource archive(Path archive, String refName) throws IOException {
        return new OciLayoutSource(new TarReader(archive, "oci-archive"), "oci-archive:" + archive, refName);
    }

    /** The layout in the directory {@code dir}; {@code refName} null for every image. */
    public static OciLayoutSource directory(Path dir, String refName) throws IOException {
        return new OciLayoutSource(new DirectoryFiles(dir), "oci:" + dir, refName);
    }

    /**
     * True for an OCI archive: a tar with {@code oci-layout} and no {@code manifest.json} (Docker 25's
     * {@code docker save} writes both; its manifest.json is read then, as a docker-archive).
     */
    public static boolean isOciArchive(Path archive) throws IOException {
        if (!java.nio.file.Files.isRegularFile(archive)) {
            throw new java.nio.file.NoSuchFileException(archive.toString(), null, "no such archive");
        }
        try (TarReader tar = new TarReader(archive, "archive")) {
            return !tar.has("manifest.json") && tar.has("oci-layout");
        }
    }

    @Override
    public String describe() {
        return refName == null ? transport : transport + ":" + refName;
    }

    @Override
    public List<NamedImage> images() throws IOException {
        if (!files.has("oci-layout") || !files.has("index.json")) {
            throw new IOException(transport + " has no oci-layout or index.json (not an OCI layout?)");
        }
        String layout = new String(files.readDocument("oci-layout"), StandardCharsets.UTF_8);
        if (!layout.replace(" ", "").contains("\"imageLayoutVersion\":\"1.0.0\"")) {
            throw new ImageFormatException(files.describe("oci-layout") + " does not declare imageLayoutVersion 1.0.0");
        }
        ImageIndex index = ImageIndex.parse(files.readDocument("index.json"), files.describe("index.json")).value();
        List<NamedImage> images = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Descriptor entry : index.manifests()) {
            List<String> name = entry.annotation(Descriptor.REF_NAME).map(List::of).orElse(List.of());
            names.addAll(name);
            if (refName == null || name.contains(refName)) {
                if (!has(entry)) {
                    throw new IOException(files.describe("index.json") + " names " + entry.digest()
                            + ", which the archive lacks");
                }
                images.add(new NamedImage(entry.withAnnotations(null), name));
            }
        }
        if (refName != null && images.isEmpty()) {
            throw new IOException(transport + " has no image named \"" + refName + "\"; it has " + names);
        }
        return images;
    }

    @Override
    public boolean has(Descriptor blob) {
        return files.has(path(blob));
    }

    @Override
    public InputStream open(Descriptor blob) throws IOException {
        return files.open(path(blob));
    }

    @Override
    public String describe(Descriptor blob) {
        return files.describe(path(blob));
    }

    static String path(Descriptor blob) {
        return "blobs/" + blob.digest().algorithm() + "/" + blob.digest().encoded();
    }

    @Override
    public void close() throws IOException {
        files.close();
    }
}
