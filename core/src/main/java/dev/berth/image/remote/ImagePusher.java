package dev.berth.image.remote;

import dev.berth.image.Digest;
import dev.berth.image.ImageReference;
import dev.berth.image.oci.Descriptor;
import dev.berth.image.oci.Document;
import dev.berth.image.oci.ImageIndex;
import dev.berth.image.oci.ImageManifest;
import dev.berth.image.oci.MediaType;
import dev.berth.image.oci.Platform;
import dev.berth.image.store.ImageNotFoundException;
import dev.berth.image.store.ImageStore;
import dev.berth.image.store.Lease;
import dev.berth.image.ProgressListener;
import dev.berth.registry.RegistryClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Pushes a stored image, as the distribution spec's
 * <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#push">Push</a> describes:
 * layers, then the config — each skipped when the repository has it, mounted from the source repository
 * when the image came from the same registry, else uploaded — then the manifest (and index) with the
 * exact stored bytes, so the digests stay those of the store, and last the tag.
 *
 * <p>An index is pushed whole when the store holds every image it lists; an index pulled for one
 * platform lacks the others, and then only the host platform's manifest is pushed, as Docker's classic
 * image store does.
 */
public final class ImagePusher {
    private final ImageStore images;
    private final RegistryClients clients;

    private ImagePusher(ImageStore images, RegistryClients clients) {
        this.images = Objects.requireNonNull(images, "images");
        this.clients = Objects.requireNonNull(clients, "clients");
    }

    /** A pusher with {@link RegistryClients#defaults()}. */
    public static ImagePusher create(ImageStore images) {
        return new ImagePusher(images, RegistryClients.defaults());
    }

    /** A pusher that talks to registries through {@code clients}. */
    public static ImagePusher create(ImageStore images, RegistryClients clients) {
        return new ImagePusher(images, clients);
    }

    /**
     * Pushes the stored image {@code source} to {@code target} (its tag, or its digest when it has none),
     * reporting each blob as done to {@code listener}.
     *
     * @throws ImageTransferException naming the target and the registry, with the failing step as cause
     */
    public PushResult push(ImageReference source, ImageReference target, ProgressListener listener) throws IOException {
        RegistryClient client = clients.client(target.registry());
        // A blob of an image pulled from this registry is there already, in the source repository.
        String mountFrom = source.registry().equals(target.registry()) && !source.repository().equals(target.repository())
                ? source.repository() : null;
        try (Lease lease = images.lease()) {
            Descriptor top = images.resolve(source.toString());
            Document<ImageIndex> index = MediaType.isIndex(top.mediaType()) ? images.readIndex(top.digest()) : null;
            List<Document<ImageManifest>> manifests = index == null ? List.of(images.readManifest(top.digest()))
                    : storedManifests(index);
            if (manifests.isEmpty()) {
                index = null; // pulled for one platform: push that platform's image alone
                manifests = List.of(images.readManifest(hostManifest(images.readIndex(top.digest()), source)));
            }
            BlobUploads uploads = new BlobUploads(images, client, target.repository(), mountFrom, listener);
            for (Document<ImageManifest> manifest : manifests) {
                uploads.upload(manifest.value().layers());
                uploads.upload(List.of(manifest.value().config()));
                if (index != null) {
                    client.pushManifest(target.repository(), manifest.digest().toString(), manifest.mediaType(), manifest.bytes());
                }
            }
            Document<?> pushed = index != null ? index : manifests.get(0);
            client.pushManifest(target.repository(), target.tag().orElse(pushed.digest().toString()), pushed.mediaType(),
                    pushed.bytes());
            return new PushResult(target, pushed.descriptor(), uploads.outcomes());
        } catch (IOException e) {
            throw new ImageTransferException("push", target, client.endpoint().apiBase().getAuthority(), e);
        }
    }

    /** The index's image manifests when the store has every one of them, else none. */
    private List<Document<ImageManifest>> storedManifests(Document<ImageIndex> index) throws IOException {
        List<Document<ImageManifest>> out = new ArrayList<>();
        for (Descriptor child : index.value().manifests()) {
            if (!images.hasBlob(child.digest())) {
                return List.of();
            }
            if (MediaType.isManifest(child.mediaType())) {
                out.add(images.readManifest(child.digest()));
            }
        }
        return out;
    }

    private static Digest hostManifest(Document<ImageIndex> index, ImageReference source) throws ImageNotFoundException {
        return index.value().manifestFor(Platform.host()).map(Descriptor::digest).orElseThrow(() -> new ImageNotFoundException(
                "index " + index.digest() + " of " + source + " has no image for platform " + Platform.host()));
    }
}
