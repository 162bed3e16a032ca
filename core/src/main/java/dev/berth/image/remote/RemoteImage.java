package dev.berth.image.remote;

import dev.berth.image.ImageReference;
import dev.berth.image.oci.Descriptor;
import dev.berth.image.oci.Document;
import dev.berth.image.oci.ImageFormatException;
import dev.berth.image.oci.ImageIndex;
import dev.berth.image.oci.ImageManifest;
import dev.berth.image.oci.Platform;
import dev.berth.image.store.ImageNotFoundException;
import dev.berth.registry.ManifestResponse;
import dev.berth.registry.RegistryClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a reference names in a registry, for one platform: the image manifest, and the index it was
 * chosen from when the reference names an index (OCI or Docker manifest list). Both keep the exact bytes
 * received (<a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-manifests">Pulling manifests</a>).
 *
 * @param index the index the reference names, or null when it names a manifest
 * @param manifest the image manifest for the platform
 */
record RemoteImage(Document<ImageIndex> index, Document<ImageManifest> manifest) {

    /** Fetches the manifest {@code reference} names, through an index for {@code platform}. */
    static RemoteImage fetch(RegistryClient client, ImageReference reference, Platform platform) throws IOException {
        String repository = reference.repository();
        String tagOrDigest = reference.digest().map(Object::toString)
                .orElse(reference.tag().orElse(ImageReference.DEFAULT_TAG));
        ManifestResponse top = client.pullManifest(repository, tagOrDigest);
        if (!top.isIndex()) {
            return new RemoteImage(null, manifest(top, "manifest " + top.digest() + " of " + reference));
        }
        Document<ImageIndex> index = ImageIndex.parse(top.bytes(), "index " + top.digest() + " of " + reference);
        Descriptor chosen = index.value().manifestFor(platform).orElseThrow(() -> new ImageNotFoundException(
                "index " + top.digest() + " of " + reference + " has no image for platform " + platform + "; it has "
                        + platforms(index.value())));
        ManifestResponse response = client.pullManifest(repository, chosen.digest().toString());
        Document<ImageManifest> manifest = manifest(response, "manifest " + chosen.digest() + " (" + platform + ") of "
                + reference);
        if (manifest.size() != chosen.size()) {
            throw new ImageFormatException("manifest " + chosen.digest() + " of " + reference + " has " + manifest.size()
                    + " bytes, but index " + top.digest() + " says " + chosen.size());
        }
        return new RemoteImage(index, manifest);
    }

    private static Document<ImageManifest> manifest(ManifestResponse response, String source) throws ImageFormatException {
        Document<ImageManifest> manifest = ImageManifest.parse(response.bytes(), source);
        if (!manifest.digest().toString().equals(response.digest())) {
            // The registry client verified another algorithm than sha256; the store keys by sha256.
            throw new ImageFormatException(source + ": digest " + response.digest() + " is not sha256, which the store needs");
        }
        return manifest;
    }

    private static List<String> platforms(ImageIndex index) {
        List<String> out = new ArrayList<>();
        index.manifests().forEach(d -> out.add(d.platform() == null ? "(none)" : d.platform().toString()));
        return out;
    }

    /** What a tag for this image points at: the index if there is one, else the manifest. */
    Descriptor top() {
        return index != null ? index.descriptor() : manifest.descriptor();
    }

    /** Config first, then the layers in order: what the pull needs from the registry. */
    List<Descriptor> blobs() {
        List<Descriptor> blobs = new ArrayList<>();
        blobs.add(manifest.value().config());
        blobs.addAll(manifest.value().layers());
        return blobs;
    }
}
