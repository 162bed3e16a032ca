package dev.berth;

import dev.berth.image.ImageReference;
import dev.berth.image.archive.DockerArchiveDestination;
import dev.berth.image.archive.DockerArchiveSource;
import dev.berth.image.archive.OciLayoutDestination;
import dev.berth.image.archive.OciLayoutSource;
import dev.berth.image.oci.Platform;
import dev.berth.image.remote.RegistryClients;
import dev.berth.image.remote.RegistryDestination;
import dev.berth.image.remote.RegistrySource;
import dev.berth.image.store.ImageStore;
import dev.berth.image.store.StoreDestination;
import dev.berth.image.store.StoreSource;
import dev.berth.image.transport.ImageDestination;
import dev.berth.image.transport.ImageSource;
import dev.berth.image.transport.TransportReference;
import dev.berth.overlayfs.store.LayerStore;
import dev.berth.registry.ProgressListener;
import java.io.IOException;
import java.util.List;

/**
 * Opens the source or destination a {@link TransportReference} names, over this Berth's store, layer
 * store and registry clients (containers/image's {@code transports/alltransports}).
 */
final class ImageTransports {
    private final ImageStore images;
    private final LayerStore layers;
    private final RegistryClients registries;

    ImageTransports(ImageStore images, LayerStore layers, RegistryClients registries) {
        this.images = images;
        this.layers = layers;
        this.registries = registries;
    }

    ImageSource source(TransportReference ref, ProgressListener listener) throws IOException {
        String name = ref.name().orElse(null);
        return switch (ref.transport()) {
            case REGISTRY -> RegistrySource.of(registries, ImageReference.parse(ref.location()), Platform.host(), listener);
            case OCI -> OciLayoutSource.directory(ref.path(), name);
            case OCI_ARCHIVE -> OciLayoutSource.archive(ref.path(), name);
            case DOCKER_ARCHIVE -> DockerArchiveSource.open(ref.path(), name);
            case STORE -> StoreSource.of(images, List.of(ref.location()));
        };
    }

    ImageDestination destination(TransportReference ref, ProgressListener listener) throws IOException {
        String name = ref.name().orElse(null);
        return switch (ref.transport()) {
            case REGISTRY -> RegistryDestination.of(registries, ImageReference.parse(ref.location()), listener);
            case OCI -> OciLayoutDestination.directory(ref.path(), name);
            case OCI_ARCHIVE -> OciLayoutDestination.archive(ref.path(), name);
            case DOCKER_ARCHIVE -> DockerArchiveDestination.create(ref.path(), name);
            case STORE -> StoreDestination.of(images, layers, storeTag(ref));
        };
    }

    /** The tag a copy into the store gives, none when the destination names the whole store. */
    private static ImageReference storeTag(TransportReference ref) {
        String location = ref.location();
        if (location.startsWith("sha256:")) {
            throw new dev.berth.image.transport.InvalidTransportReferenceException(ref.toString(),
                    "a copy into the store needs a tag, not a digest");
        }
        return ImageReference.parse(location);
    }
}
