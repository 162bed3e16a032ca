package dev.berth.image.archive;

import dev.berth.image.oci.Descriptor;
import dev.berth.image.oci.ImageIndex;
import dev.berth.namespaces.fs.AtomicFile;
import dev.berth.image.transport.ImageDestination;
import dev.berth.image.transport.NamedImage;
import dev.berth.image.transport.VerifyingInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes an <a href="https://github.com/opencontainers/image-spec/blob/main/image-layout.md">OCI image
 * layout</a>: a tar of one ({@code oci-archive:PATH[:REF]}, written whole, replacing the file when
 * complete) or a directory ({@code oci:DIR[:REF]}, created or added to). Each image becomes an index.json
 * entry named by REF, or else by its source names (references written canonical, as the store does).
 */
public final class OciLayoutDestination implements ImageDestination {
    private static final byte[] LAYOUT = "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8);

    private final String transport;
    private final String refName;
    private final TarWriter tar;
    private final Path dir;
    private final Set<String> written = new HashSet<>();

    private OciLayoutDestination(String transport, String refName, TarWriter tar, Path dir) {
        this.transport = transport;
        this.refName = refName;
        this.tar = tar;
        this.dir = dir;
    }

    /** A new tar at {@code archive}; {@code refName} null to name images by their source names. */
    public static OciLayoutDestination archive(Path archive, String refName) throws IOException {
        return new OciLayoutDestination("oci-archive:" + archive, refName, new TarWriter(archive), null);
    }

    /** The layout directory {@code dir}, made if missing; {@code refName} null to name images by their source names. */
    public static OciLayoutDestination directory(Path dir, String refName) throws IOException {
        Files.createDirectories(dir.resolve("blobs"));
        if (!Files.exists(dir.resolve("oci-layout"))) {
            AtomicFile.write(dir.resolve("oci-layout"), LAYOUT, dir);
        }
        return new OciLayoutDestination("oci:" + dir, refName, null, dir);
    }

    @Override
    public String describe() {
        return refName == null ? transport : transport + ":" + refName;
    }

    @Override
    public Indexes indexes() {
        return Indexes.PARTIAL;
    }

    @Override
    public boolean has(Descriptor blob) {
        String path = OciLayoutSource.path(blob);
        return written.contains(path) || (dir != null && Files.isRegularFile(dir.resolve(path)));
    }

    @Override
    public void putBlob(Descriptor blob, InputStream content, String source) throws IOException {
        String path = OciLayoutSource.path(blob);
        VerifyingInputStream verified = new VerifyingInputStream(content, blob, source);
        if (tar != null) {
            tar.directory("blobs");
            tar.directory("blobs/" + blob.digest().algorithm());
            tar.file(path, verified, blob.size());
            verified.verify();
        } else {
            Path target = dir.resolve(path);
            Files.createDirectories(target.getParent());
            AtomicFile.write(target, verified, target.getParent());
        }
        written.add(path);
    }

    @Override
    public void putManifest(Descriptor manifest, byte[] bytes) throws IOException {
        if (!has(manifest)) {
            putBlob(manifest, new ByteArrayInputStream(bytes), "manifest " + manifest.digest());
        }
    }

    @Override
    public void commit(List<NamedImage> images) throws IOException {
        NamedImage.requireOne(images, refName != null, this);
        List<Descriptor> entries = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (NamedImage image : images) {
            List<String> imageNames = refName != null ? List.of(refName) : image.names().stream()
                    .map(n -> NamedImage.reference(n).map(Object::toString).orElse(n)).toList();
            if (imageNames.isEmpty()) {
                entries.add(image.top());
            }
            for (String name : imageNames) {
                names.add(name);
                entries.add(image.top().withAnnotations(Map.of(Descriptor.REF_NAME, name)));
            }
        }
        if (tar != null) {
            tar.file("oci-layout", LAYOUT);
            tar.file("index.json", ImageIndex.of(entries).toJson());
            tar.commit();
            return;
        }
        List<Descriptor> merged = new ArrayList<>();
        Path index = dir.resolve("index.json");
        if (Files.exists(index)) {
            for (Descriptor old : ImageIndex.parse(Files.readAllBytes(index), "index.json in " + transport).value().manifests()) {
                if (!names.contains(old.annotation(Descriptor.REF_NAME).orElse(null)) && !entries.contains(old)) {
                    merged.add(old);
                }
            }
        }
        merged.addAll(entries);
        AtomicFile.write(index, ImageIndex.of(merged).toJson(), dir);
    }

    @Override
    public void close() throws IOException {
        if (tar != null) {
            tar.close();
        }
    }
}
