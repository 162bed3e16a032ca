package dev.berth.build;

import dev.berth.image.Digest;
import dev.berth.image.ImageReference;
import dev.berth.image.oci.Document;
import dev.berth.image.oci.ImageConfig;
import dev.berth.image.oci.ImageManifest;
import dev.berth.image.oci.MediaType;
import dev.berth.image.oci.RootFs;
import dev.berth.image.store.ImageDetails;
import dev.berth.image.store.ImageStore;
import dev.berth.overlayfs.store.LayerStore;
import dev.berth.runtime.ImageLayers;
import java.io.IOException;

/**
 * Writes a built stage as an image: its config (the base's with the stage's runtime config,
 * diffIDs and history; created when its last layer was made, so an unchanged rebuild gives the
 * same image ID) and a manifest of the base's kind (Docker v2.2 or OCI), tagged
 * (<a href="https://github.com/opencontainers/image-spec/blob/main/manifest.md">manifest.md</a>).
 * Its layers are then referenced by the image in the layer store, as a pulled image's are.
 */
final class ImageAssembly {
    private final ImageStore images;

    ImageAssembly(ImageStore images) {
        this.images = images;
    }

    ImageDetails write(StageState st, String tag, LayerStore layers) throws IOException {
        ImageConfig config = st.baseConfig.withConfig(st.config.toRuntimeConfig()).withRootFs(RootFs.of(st.diffIds))
                .withHistory(st.history).withCreated(st.created, null);
        Document<ImageConfig> configDoc = config.toDocument(st.dockerMediaTypes ? MediaType.DOCKER_CONFIG : MediaType.OCI_CONFIG);
        images.putConfig(configDoc.bytes());
        dev.berth.namespaces.host.StartupTrace.mark("image: config put");
        String manifestType = st.dockerMediaTypes ? MediaType.DOCKER_MANIFEST : MediaType.OCI_MANIFEST;
        Document<ImageManifest> manifest = ImageManifest.of(manifestType, configDoc.descriptor(), st.layers).toDocument();
        images.putManifest(manifest.bytes());
        dev.berth.namespaces.host.StartupTrace.mark("image: manifest put");
        if (tag != null) {
            if (!tagged(tag, manifest.digest())) { // an unchanged rebuild leaves index.json alone
                images.tag(ImageReference.parse(tag), manifest.digest());
            }
        } else {
            images.retain(manifest.digest());
        }
        dev.berth.namespaces.host.StartupTrace.mark("image: tagged");
        ImageDetails details = images.inspect(manifest.digest().toString());
        dev.berth.namespaces.host.StartupTrace.mark("image: inspected");
        if (!st.layers.isEmpty()) {
            ImageLayers.unpack(images, layers, details);
        }
        return details;
    }

    private boolean tagged(String tag, Digest digest) {
        try {
            return images.resolve(tag).digest().equals(digest);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
