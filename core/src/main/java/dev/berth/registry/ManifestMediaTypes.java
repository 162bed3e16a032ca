package dev.berth.registry;

import java.util.List;

/**
 * The manifest and index media types this client accepts: OCI image-spec and Docker Image
 * Manifest V2 Schema 2. See the distribution spec,
 * <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-manifests">Pulling manifests</a>.
 */
public final class ManifestMediaTypes {
    /** {@code application/vnd.oci.image.manifest.v1+json}. */
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    /** {@code application/vnd.oci.image.index.v1+json}. */
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    /** {@code application/vnd.docker.distribution.manifest.v2+json}. */
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    /** {@code application/vnd.docker.distribution.manifest.list.v2+json}. */
    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";

    /** All four, in the order of preference sent in {@code Accept}. */
    public static final List<String> ACCEPTED = List.of(OCI_INDEX, DOCKER_MANIFEST_LIST, OCI_MANIFEST, DOCKER_MANIFEST);

    private ManifestMediaTypes() {
    }

    /** True for the two index (manifest list) types. */
    public static boolean isIndex(String mediaType) {
        return OCI_INDEX.equals(mediaType) || DOCKER_MANIFEST_LIST.equals(mediaType);
    }

    /** True for one of the {@link #ACCEPTED} types. */
    public static boolean isAccepted(String mediaType) {
        return ACCEPTED.contains(mediaType);
    }
}
