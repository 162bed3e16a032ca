package dev.berth.image.remote;

import dev.berth.image.Digest;
import dev.berth.image.ImageReference;
import dev.berth.image.oci.Descriptor;
import dev.berth.image.oci.Document;
import dev.berth.image.oci.ImageConfig;
import dev.berth.image.oci.ImageFormatException;
import dev.berth.image.oci.ImageManifest;
import dev.berth.image.oci.Platform;
import dev.berth.image.store.ImageStore;
import dev.berth.image.store.Lease;
import dev.berth.namespaces.host.Host;
import dev.berth.namespaces.host.StartupTrace;
import dev.berth.overlayfs.store.ChainId;
import dev.berth.overlayfs.store.LayerStore;
import dev.berth.image.ProgressListener;
import dev.berth.registry.RegistryClient;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * Pulls an image, as the distribution spec's
 * <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pull">Pull</a> describes:
 * the manifest (through an index, the one for the wanted platform), then the config and the layers the
 * image store lacks, each verified against its digest on the way into the store; the layers are unpacked
 * into the layer store (checked against the config's diffIDs) while later ones still download. The layer
 * blobs wait, verified, in staging until the layers are committed: that commit's one syncfs writes them
 * too, and they are then fsynced (cheaply) and moved into {@code blobs/}. Last, the manifest and index
 * are stored as received and the reference is tagged — so a failed pull leaves {@code index.json} as it
 * was, drops the layer references it added and leaves no blob of a layer behind.
 *
 * <pre>{@code
 * ImagePuller puller = ImagePuller.create(ImageStore.openDefault(), LayerStore.open(root, Host.system()));
 * PullResult alpine = puller.pull(ImageReference.parse("alpine:3.20"), Platform.host(), ProgressListener.NONE);
 * }</pre>
 */
public final class ImagePuller {
    private final ImageStore images;
    private final LayerStore layers;
    private final RegistryClients clients;

    private ImagePuller(ImageStore images, LayerStore layers, RegistryClients clients) {
        this.images = Objects.requireNonNull(images, "images");
        this.layers = Objects.requireNonNull(layers, "layers");
        this.clients = Objects.requireNonNull(clients, "clients");
    }

    /** A puller with {@link RegistryClients#defaults()}. */
    public static ImagePuller create(ImageStore images, LayerStore layers) {
        return new ImagePuller(images, layers, RegistryClients.defaults());
    }

    /** A puller that talks to registries through {@code clients} (credentials, timeouts, concurrency). */
    public static ImagePuller create(ImageStore images, LayerStore layers, RegistryClients clients) {
        return new ImagePuller(images, layers, clients);
    }

    /**
     * Pulls {@code reference} for {@code platform}, reporting download progress to {@code listener}.
     * A reference with a tag is tagged in the store; one by digest alone is kept untagged.
     *
     * @throws ImageTransferException naming the reference and the registry, with the failing step as cause
     */
    public PullResult pull(ImageReference reference, Platform platform, ProgressListener listener) throws IOException {
        StartupTrace.mark("pull: start");
        RegistryClient client = clients.client(reference.registry());
        try (Lease lease = images.lease()) {
            RemoteImage remote = RemoteImage.fetch(client, reference, platform);
            StartupTrace.mark("pull: manifest fetched");
            LayerUnpacker unpacker = new LayerUnpacker(layers, remote.manifest().digest().toString());
            LayerStreams streams = new LayerStreams(layers, remote.manifest().value().layers());
            try (BlobDownloads downloads = BlobDownloads.start(client, reference.repository(), images, remote.blobs(),
                    streams, listener)) {
                return store(reference, remote, unpacker, downloads, streams);
            } catch (IOException | RuntimeException | Error e) {
                unpacker.releaseAdded(e);
                throw e;
            } finally {
                streams.discardAll();
            }
        } catch (IOException e) {
            throw new ImageTransferException("pull", reference, client.endpoint().apiBase().getAuthority(), e);
        }
    }

    private PullResult store(ImageReference reference, RemoteImage remote, LayerUnpacker unpacker, BlobDownloads downloads,
            LayerStreams streams) throws IOException {
        ImageManifest manifest = remote.manifest().value();
        downloads.await(manifest.config().digest());
        Document<ImageConfig> config = images.readConfig(manifest.config());
        StartupTrace.mark("pull: config read");
        List<Digest> diffIds = config.value().rootfs().diffIds();
        if (diffIds.size() != manifest.layers().size()) {
            throw new ImageFormatException("config " + manifest.config().digest() + " lists " + diffIds.size()
                    + " diffIDs, but manifest " + remote.manifest().digest() + " has " + manifest.layers().size() + " layers");
        }
        streams.configKnown(manifest.layers(), diffIds);
        ChainId top = unpacker.unpack(manifest.layers(), diffIds, downloads, streams);
        StartupTrace.mark("pull: layers unpacked and committed");
        downloads.publish(); // after the layers' syncfs, which wrote the blobs too
        StartupTrace.mark("pull: blobs published");
        images.putManifest(remote.manifest().bytes());
        Descriptor target = remote.index() == null ? remote.manifest().descriptor() : images.putManifest(remote.index().bytes());
        if (reference.tag().isPresent()) {
            images.tag(reference, target.digest(), true); // from a registry: the image has its digest there (RepoDigests)
        } else {
            images.retain(target.digest());
        }
        return new PullResult(reference, target, remote.manifest().descriptor(), config, top, downloads.downloaded(),
                unpacker.streamed());
    }
}
