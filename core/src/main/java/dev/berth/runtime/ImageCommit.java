package dev.berth.runtime;

import dev.berth.image.Digest;
import dev.berth.image.ImageReference;
import dev.berth.image.oci.Descriptor;
import dev.berth.image.oci.Document;
import dev.berth.image.oci.History;
import dev.berth.image.oci.ImageConfig;
import dev.berth.image.oci.ImageManifest;
import dev.berth.image.oci.MediaType;
import dev.berth.image.oci.Platform;
import dev.berth.image.oci.RootFs;
import dev.berth.image.oci.RuntimeConfig;
import dev.berth.image.store.ImageDetails;
import dev.berth.image.store.ImageStore;
import dev.berth.image.store.Lease;
import dev.berth.namespaces.host.Host;
import dev.berth.overlayfs.diff.DiffResult;
import dev.berth.overlayfs.diff.LayerDiff;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes a new image from a container's changes, as {@code docker commit} does
 * (<a href="https://docs.docker.com/reference/cli/docker/container/commit/">docker commit</a>):
 * its overlay upper directory becomes one more layer on top of its image's, the image config
 * gets that diffID and a history entry
 * (<a href="https://github.com/opencontainers/image-spec/blob/main/config.md">image-spec config.md</a>),
 * and a manifest naming both is stored and tagged. The layer is stored uncompressed, so its
 * digest is its diffID and no second pass over it is needed.
 */
public final class ImageCommit {
    private ImageCommit() {
    }

    /** Writes a container's changes as a layer tar: from its overlay upper, or by comparing a copied root. */
    @FunctionalInterface
    public interface Changes {
        DiffResult write(LayerDiff diff, OutputStream out) throws IOException;

        /** The changes an overlay recorded in {@code upper}, a whole root with no layers below. */
        static Changes ofUpper(Path upper) {
            return (diff, out) -> diff.ofUpper(upper, out);
        }

        /**
         * The changes an overlay of {@code lowers} (highest first) recorded in {@code upper}; the
         * lowers give the other names of a link group the container changed through one name.
         */
        static Changes ofUpper(Path upper, List<Path> lowers) {
            return (diff, out) -> diff.ofUpper(upper, lowers, out);
        }

        /** The changes of {@code root}, a copy of {@code layers} (highest first) that was then written to. */
        static Changes ofCopy(List<Path> layers, Path root) {
            return (diff, out) -> diff.ofCopy(layers, root, out);
        }
    }

    /**
     * Stores the new image and tags it {@code reference} (null for untagged).
     *
     * @param host whose system calls read the changes (and, without root, whose launcher does)
     * @param image the image whose layers and config the new one extends; null for a first layer
     *     ({@code upper} then holds a whole root file system)
     * @param createdBy the history entry's {@code created_by}
     * @param runtime the new image's {@code config} (Cmd, Env, ...); null keeps the base image's
     * @return the new image's manifest digest
     */
    public static Digest commit(Host host, ImageStore images, ImageDetails image, Changes changes, String reference,
            String createdBy, String comment, RuntimeConfig runtime) throws IOException {
        return commit(host, images, image, changes, reference, createdBy, comment, "berth", runtime);
    }

    /** As above, with the config's and history entry's {@code author}. */
    public static Digest commit(Host host, ImageStore images, ImageDetails image, Changes changes, String reference,
            String createdBy, String comment, String author, RuntimeConfig runtime) throws IOException {
        // The lease keeps garbage collection from taking the staged layer or the new blobs
        // before the manifest and tag reference them.
        try (Lease lease = images.lease()) {
            Path staged = images.newStagingPath("commit");
            DiffResult diff;
            try (FileChannel ch = FileChannel.open(staged, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
                diff = changes.write(LayerDiff.create(host), out);
                out.flush();
                ch.force(true);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(staged);
                throw e;
            }
            Digest layerDigest = Digest.parse(diff.digest());
            images.adoptVerifiedBlob(staged, layerDigest);

            // No image: the layer is the first of a new image, as FROM scratch makes it.
            ImageConfig baseConfig = image != null ? image.config().value()
                    : ImageConfig.of(Platform.host(), RootFs.of(List.of()));
            String manifestType = image != null ? image.manifest().value().effectiveMediaType() : MediaType.OCI_MANIFEST;
            boolean docker = MediaType.DOCKER_MANIFEST.equals(manifestType);
            List<Descriptor> layers = new ArrayList<>(image != null ? image.manifest().value().layers() : List.of());
            layers.add(Descriptor.of(docker ? "application/vnd.docker.image.rootfs.diff.tar" : MediaType.OCI_LAYER,
                    layerDigest, diff.size()));
            List<Digest> diffIds = new ArrayList<>(baseConfig.rootfs().diffIds());
            diffIds.add(Digest.parse(diff.diffId()));
            Instant now = Instant.now();
            List<History> history = new ArrayList<>(baseConfig.history() == null ? List.of() : baseConfig.history());
            history.add(new History(now, author, createdBy, comment, false));
            Document<ImageConfig> config = (runtime == null ? baseConfig : baseConfig.withConfig(runtime)).withRootFs(RootFs.of(diffIds)).withHistory(history)
                    .withCreated(now, author)
                    .toDocument(docker ? MediaType.DOCKER_CONFIG : MediaType.OCI_CONFIG);
            images.putConfig(config.bytes());
            Document<ImageManifest> manifest = ImageManifest.of(manifestType, config.descriptor(), layers)
                    .toDocument();
            images.putManifest(manifest.bytes());
            if (reference != null) {
                images.tag(ImageReference.parse(reference), manifest.digest());
            } else {
                images.retain(manifest.digest()); // untagged, as docker commit without a name
            }
            return manifest.digest();
        }
    }
}
