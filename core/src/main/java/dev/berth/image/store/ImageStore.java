package dev.berth.image.store;

import dev.berth.overlayfs.store.StoreLock;
import dev.berth.namespaces.fs.AtomicFile;
import dev.berth.image.Digest;
import dev.berth.image.ImageReference;
import dev.berth.image.oci.Descriptor;
import dev.berth.image.oci.Document;
import dev.berth.image.oci.ImageConfig;
import dev.berth.image.oci.ImageFormatException;
import dev.berth.image.oci.ImageIndex;
import dev.berth.image.oci.ImageManifest;
import dev.berth.image.oci.MediaType;
import dev.berth.image.oci.Platform;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The local image store: an <a href="https://github.com/opencontainers/image-spec/blob/main/image-layout.md">OCI
 * image layout</a> under a root directory. Tags are index.json entries whose
 * {@code org.opencontainers.image.ref.name} annotation holds the canonical reference
 * ({@code docker.io/library/alpine:latest}), so {@code skopeo copy oci:ROOT:docker.io/library/alpine:latest …}
 * and {@code umoci unpack --image ROOT:docker.io/library/alpine:latest …} read the store as it is.
 *
 * <p>Every write is atomic (temporary file, fsync, rename). Writers in this and other JVMs share a lock
 * that garbage collection takes exclusively, and index.json updates are serialised by a second lock, so
 * concurrent processes keep the store consistent. Berth's own files live in {@code .berth/} in the root.
 */
public final class ImageStore {
    private static final String LAYOUT_VERSION = "1.0.0";

    private final Path root;
    private final Path tmp;
    private final BlobFiles blobs;
    private final IndexFile index;
    private final StoreLock gcLock;
    private final ImageResolver resolver;

    private ImageStore(Path root) {
        this.root = root;
        Path internal = root.resolve(".berth");
        this.tmp = internal.resolve("tmp");
        this.blobs = new BlobFiles(root.resolve("blobs"), tmp);
        this.index = new IndexFile(root.resolve("index.json"), tmp, StoreLock.forFile(internal.resolve("index.lock")));
        this.gcLock = StoreLock.forFile(internal.resolve("gc.lock"));
        this.resolver = new ImageResolver(this);
    }

    /** Opens the layout at {@code root}, creating an empty one if the directory is empty or missing. */
    public static ImageStore open(Path root) throws IOException {
        Path absolute = root.toAbsolutePath().normalize();
        Files.createDirectories(absolute.resolve(".berth").resolve("tmp"));
        Files.createDirectories(absolute.resolve("blobs").resolve("sha256"));
        ImageStore store = new ImageStore(absolute);
        store.initialise();
        return store;
    }

    /** Opens the store at {@link StoreLocation}'s default place ({@code $BERTH_HOME/images}). */
    public static ImageStore openDefault() throws IOException {
        return open(StoreLocation.imageStore(StoreLocation.berthHome()));
    }

    private void initialise() throws IOException {
        Path layoutFile = root.resolve("oci-layout");
        if (!Files.exists(layoutFile)) {
            AtomicFile.write(layoutFile,
                    ("{\"imageLayoutVersion\":\"" + LAYOUT_VERSION + "\"}").getBytes(StandardCharsets.UTF_8), tmp);
        } else {
            String text = Files.readString(layoutFile);
            if (!text.replace(" ", "").contains("\"imageLayoutVersion\":\"" + LAYOUT_VERSION + "\"")) {
                throw new ImageFormatException(layoutFile + " does not declare imageLayoutVersion " + LAYOUT_VERSION
                        + ": " + text.strip());
            }
        }
        index.createIfMissing();
    }

    /** The layout directory. */
    public Path root() {
        return root;
    }

    /** Holds off garbage collection until closed; see {@link Lease}. */
    public Lease lease() throws IOException {
        return new Lease(gcLock.shared());
    }

    // ---- blobs

    /** Stores everything {@code content} yields under its sha256 and returns that digest. */
    public Digest putBlob(InputStream content) throws IOException {
        try (Lease lease = lease()) {
            return blobs.put(content, null, -1, "blob");
        }
    }

    /**
     * Stores {@code content}, which must hash to {@code expected}; otherwise nothing is stored and a
     * {@link dev.berth.image.DigestMismatchException} names {@code expected}. If the blob is already
     * present, the stream is not read.
     */
    public Digest putBlob(InputStream content, Digest expected) throws IOException {
        return putBlob(content, expected, -1, "blob " + expected);
    }

    /**
     * Like {@link #putBlob(InputStream, Digest)}, also checking the size ({@code -1}: unknown), with
     * {@code expected} null meaning "store under the sha256"; {@code source}
     * names the content in errors, e.g. {@code "layer app.tar in archive /tmp/x.tar"}.
     */
    public Digest putBlob(InputStream content, Digest expected, long size, String source) throws IOException {
        if (expected != null && blobs.has(expected)) {
            return expected;
        }
        try (Lease lease = lease()) {
            return blobs.put(content, expected, size, source);
        }
    }

    /** Stores {@code content} and returns its sha256. */
    public Digest putBlob(byte[] content) throws IOException {
        Digest digest = Digest.sha256(content);
        return putBlob(new ByteArrayInputStream(content), digest, content.length, "blob " + digest);
    }

    /**
     * A fresh, not yet existing path in the store's staging directory, on the file system of {@code blobs/},
     * for a writer that verifies content itself and then calls {@link #adoptVerifiedBlob}. Hold a
     * {@link #lease()} while it is in use: {@link #gc()} removes what is left in staging.
     */
    public Path newStagingPath(String purpose) {
        return tmp.resolve(purpose + "-" + UUID.randomUUID() + ".tmp");
    }

    /**
     * Moves {@code staged} (fsynced, and verified by the caller to hash to {@code digest}: the store does
     * not read it again) into {@code blobs/} atomically; if the blob is already there, deletes
     * {@code staged} instead.
     */
    public void adoptVerifiedBlob(Path staged, Digest digest) throws IOException {
        if (!staged.toAbsolutePath().normalize().startsWith(tmp)) {
            throw new IllegalArgumentException(staged + " is not in the staging directory of " + this);
        }
        blobs.adopt(staged, digest);
    }

    /**
     * As {@link #adoptVerifiedBlob} for several staged blobs that are not yet fsynced: each is
     * fsynced here (next to nothing to write when a syncfs of the file system came just before,
     * as a pull's layer commit does), then all are renamed into {@code blobs/} with one sync of
     * each directory they enter.
     */
    public void adoptVerifiedBlobs(Map<Digest, Path> staged) throws IOException {
        for (Path p : staged.values()) {
            if (!p.toAbsolutePath().normalize().startsWith(tmp)) {
                throw new IllegalArgumentException(p + " is not in the staging directory of " + this);
            }
        }
        blobs.adoptAll(staged);
    }

    public boolean hasBlob(Digest digest) {
        return blobs.has(digest);
    }

    /** The blob's file, for readers that want a path (the layer applier); it may not exist. */
    public Path blobPath(Digest digest) {
        return blobs.path(digest);
    }

    public long blobSize(Digest digest) throws IOException {
        try {
            return Files.size(blobs.path(digest));
        } catch (NoSuchFileException e) {
            throw missing(digest, "blob " + digest);
        }
    }

    /** Opens the blob for reading. */
    public InputStream openBlob(Digest digest) throws IOException {
        try {
            return Files.newInputStream(blobs.path(digest));
        } catch (NoSuchFileException e) {
            throw missing(digest, "blob " + digest);
        }
    }

    public byte[] readBlob(Digest digest) throws IOException {
        try (InputStream in = openBlob(digest)) {
            return in.readAllBytes();
        }
    }

    private BlobNotFoundException missing(Digest digest, String what) {
        return new BlobNotFoundException(digest, what + " is not in the image store " + root);
    }

    // ---- documents

    /**
     * Validates and stores an image manifest or index (told apart by its {@code mediaType}, or its shape
     * when it has none). A manifest's config and layers must already be in the store, except layers that
     * name {@code urls} (non-distributable). An index's entries may be missing (other platforms).
     */
    public Descriptor putManifest(byte[] bytes) throws IOException {
        Digest digest = Digest.sha256(bytes);
        Document<?> document = parseManifestOrIndex(bytes, "manifest " + digest);
        if (document.value() instanceof ImageManifest manifest) {
            requirePresent(manifest.config(), "config", digest);
            for (Descriptor layer : manifest.layers()) {
                if (layer.urls() == null || layer.urls().isEmpty()) {
                    requirePresent(layer, "layer", digest);
                }
            }
        }
        putBlob(bytes);
        return document.descriptor();
    }

    /** Validates {@code bytes} as an image config and stores it; returns its digest (the image ID). */
    public Digest putConfig(byte[] bytes) throws IOException {
        ImageConfig.parse(bytes, "config " + Digest.sha256(bytes));
        return putBlob(bytes);
    }

    private void requirePresent(Descriptor d, String role, Digest manifest) throws BlobNotFoundException {
        if (!blobs.has(d.digest())) {
            throw new BlobNotFoundException(d.digest(), "manifest " + manifest + " names " + role + " " + d.digest()
                    + ", which is not in the image store " + root);
        }
    }

    public Document<ImageManifest> readManifest(Digest digest) throws IOException {
        return ImageManifest.parse(readBlob(digest), "manifest " + digest + " in " + root);
    }

    public Document<ImageIndex> readIndex(Digest digest) throws IOException {
        return ImageIndex.parse(readBlob(digest), "index " + digest + " in " + root);
    }

    /** Reads the config a manifest names, refusing configs that are not image configs (artifacts). */
    public Document<ImageConfig> readConfig(Descriptor config) throws IOException {
        if (!MediaType.isImageConfig(config.mediaType())) {
            throw new ImageFormatException("config " + config.digest() + " has media type " + config.mediaType()
                    + ", not an image config (" + MediaType.OCI_CONFIG + " or " + MediaType.DOCKER_CONFIG + ")");
        }
        return ImageConfig.parse(readBlob(config.digest()), "config " + config.digest() + " in " + root,
                config.mediaType());
    }

    /** Reads a stored manifest or index whose media type is not known beforehand. */
    Document<?> readManifestOrIndex(Digest digest) throws IOException {
        return parseManifestOrIndex(readBlob(digest), "manifest " + digest + " in " + root);
    }

    static Document<?> parseManifestOrIndex(byte[] bytes, String source) throws ImageFormatException {
        try {
            return ImageManifest.parse(bytes, source);
        } catch (ImageFormatException asManifest) {
            try {
                return ImageIndex.parse(bytes, source);
            } catch (ImageFormatException asIndex) {
                boolean looksLikeIndex = new String(bytes, StandardCharsets.UTF_8).contains("\"manifests\"");
                throw looksLikeIndex ? asIndex : asManifest;
            }
        }
    }

    // ---- tags

    /** Points {@code reference} (a tag; a digest in it is dropped) at the stored manifest or index {@code target}. */
    public void tag(ImageReference reference, Digest target) throws IOException {
        tag(reference, target, false);
    }

    /**
     * {@link #tag(ImageReference, Digest)}, marked {@code fromRegistry} when a pull or push set it
     * (see {@link Descriptor#FROM_REGISTRY}).
     */
    public void tag(ImageReference reference, Digest target, boolean fromRegistry) throws IOException {
        String name = reference.withoutDigest().toString();
        try (Lease lease = lease()) {
            Descriptor descriptor = readManifestOrIndex(target).descriptor()
                    .withAnnotations(fromRegistry ? Map.of(Descriptor.REF_NAME, name, Descriptor.FROM_REGISTRY, "true")
                            : Map.of(Descriptor.REF_NAME, name));
            index.update(entries -> {
                entries.removeIf(e -> name.equals(e.annotation(Descriptor.REF_NAME).orElse(null)));
                entries.add(descriptor);
                return entries;
            });
        } catch (BlobNotFoundException e) {
            throw new BlobNotFoundException(target, "cannot tag " + name + ": " + e.getMessage());
        }
    }

    /** Records {@code target} in index.json without a tag, so garbage collection keeps it. */
    public void retain(Digest target) throws IOException {
        try (Lease lease = lease()) {
            Descriptor descriptor = readManifestOrIndex(target).descriptor();
            index.update(entries -> {
                if (entries.stream().noneMatch(e -> e.digest().equals(target) && e.annotations() == null)) {
                    entries.add(descriptor);
                }
                return entries;
            });
        }
    }

    /** Removes the tag {@code reference}; returns whether it existed. The content stays until {@link #gc()}. */
    public boolean untag(ImageReference reference) throws IOException {
        String name = reference.withoutDigest().toString();
        boolean[] removed = new boolean[1];
        try (Lease lease = lease()) {
            index.update(entries -> {
                removed[0] = entries.removeIf(e -> name.equals(e.annotation(Descriptor.REF_NAME).orElse(null)));
                return entries;
            });
        }
        return removed[0];
    }

    /**
     * Removes an image from index.json: a tag removes that tag; a digest or image ID removes every entry
     * of that image. Returns the descriptors removed. The blobs go at the next {@link #gc()}.
     */
    public List<Descriptor> remove(String referenceOrDigest) throws IOException {
        Descriptor target = resolve(referenceOrDigest);
        Optional<ImageReference> tag = tagNamedBy(referenceOrDigest);
        List<Descriptor> removed = new ArrayList<>();
        try (Lease lease = lease()) {
            index.update(entries -> {
                for (Descriptor e : List.copyOf(entries)) {
                    boolean match = tag.isPresent()
                            ? tag.get().toString().equals(e.annotation(Descriptor.REF_NAME).orElse(null))
                            : e.digest().equals(target.digest());
                    if (match) {
                        entries.remove(e);
                        removed.add(e);
                    }
                }
                return entries;
            });
        }
        return removed;
    }

    // ---- lookups

    /** The index.json entries: the images and tags in the store. */
    public List<Descriptor> entries() throws IOException {
        return index.entries();
    }

    /**
     * Finds an image by tag ({@code alpine}, {@code localhost:5000/app:1}), by reference with digest, by
     * manifest digest, by image ID (config digest, with or without {@code sha256:}) or by a unique prefix
     * of either.
     *
     * @throws ImageNotFoundException naming the input when nothing matches
     */
    public Descriptor resolve(String referenceOrDigest) throws IOException {
        return resolver.resolve(referenceOrDigest);
    }

    /**
     * The tag {@code referenceOrDigest} names, if it names one: empty for a digest, an image ID, or a
     * reference pinned by digest (like Docker's {@code ParseAnyReference}, digests are recognised first, so
     * {@code sha256:…} is never read as image {@code sha256} with a tag).
     */
    public Optional<ImageReference> tagNamedBy(String referenceOrDigest) {
        return resolver.asTag(referenceOrDigest);
    }

    /** {@link #inspect(String, Platform)} for this machine's platform. */
    public ImageDetails inspect(String referenceOrDigest) throws IOException {
        return inspect(referenceOrDigest, Platform.host());
    }

    /** The manifest and config of an image; through an index, the manifest for {@code platform}. */
    public ImageDetails inspect(String referenceOrDigest, Platform platform) throws IOException {
        return resolver.inspect(resolve(referenceOrDigest), platform);
    }

    /** Every index.json entry, with its image ID, size and creation time. */
    public List<ImageSummary> list() throws IOException {
        List<ImageSummary> out = new ArrayList<>();
        for (Descriptor entry : index.entries()) {
            out.add(resolver.summarise(entry));
        }
        return out;
    }

    /** Deletes every blob not reachable from index.json. Waits for all leases (in every JVM) to close. */
    public GarbageCollection gc() throws IOException {
        try (StoreLock.Hold exclusive = gcLock.exclusive()) {
            GarbageCollection result = new GarbageCollector(this).collect(index.entries(), root.resolve("blobs"));
            // No writer holds a lease now, so every staging file is a leftover of a crash.
            try (var stale = Files.list(tmp)) {
                for (Path p : stale.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            return result;
        }
    }

    /**
     * Holds the store exclusively if no {@link #lease()} is held in any JVM, without waiting: then
     * nothing is being pulled, committed or imported, and staging holds only what crashed writers
     * left. Empty while someone writes.
     */
    public Optional<IdleStore> tryIdle() throws IOException {
        return gcLock.tryExclusive().map(hold -> new IdleStore(hold, tmp));
    }

    /**
     * Verifies every blob's digest and every reference from index.json through indexes and
     * manifests to configs and layers; see {@link ImageStoreCheck}. Holds a lease meanwhile, so
     * no garbage collection removes blobs under it.
     */
    public ImageStoreCheck check() throws IOException {
        try (Lease lease = lease()) {
            return ImageStoreCheck.of(this, root.resolve("blobs"), tmp);
        }
    }

    @Override
    public String toString() {
        return "ImageStore " + root;
    }
}
