package dev.berth.registry;

import dev.berth.image.oci.MediaType;
import java.util.List;

/**
 * The manifest and index media types this client accepts: OCI image-spec and Docker Image
 * Manifest V2 Schema 2. See the distribution spec,
 * <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-manifests">Pulling manifests</a>.
 */
public final class ManifestMediaTypes {
    /** The strings are the image model's ({@link MediaType}); this class says which a registry may serve. */
    public static final String OCI_MANIFEST = MediaType.OCI_MANIFEST;
    public static final String OCI_INDEX = MediaType.OCI_INDEX;
    public static final String DOCKER_MANIFEST = MediaType.DOCKER_MANIFEST;
    public static final String DOCKER_MANIFEST_LIST = MediaType.DOCKER_MANIFEST_LIST;

    /** All four, in the order of preference sent in {@code Accept}. */
    public static final List<String> ACCEPTED = List.of(OCI_INDEX, DOCKER_MANIFEST_LIST, OCI_MANIFEST, DOCKER_MANIFEST);

    private ManifestMediaTypes() {
    }

    /** True for the two index (manifest list) types. */
    public static boolean isIndex(String mediaType) {
        return MediaType.isIndex(mediaType);
    }

    /** True for one of the {@link #ACCEPTED} types. */
    public static boolean isAccepted(String mediaType) {
        return ACCEPTED.contains(mediaType);
    }
}
