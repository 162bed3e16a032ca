package dev.berth.image.oci;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Media types of <a href="https://github.com/opencontainers/image-spec/blob/main/media-types.md">image-spec
 * media-types.md</a> and of the Docker v2.2 formats they are compatible with, and the RFC 6838 shape
 * that every media type in a descriptor must have.
 */
public final class MediaType {
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    public static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar";
    public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    public static final String OCI_LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
    public static final String OCI_LAYER_NONDISTRIBUTABLE = "application/vnd.oci.image.layer.nondistributable.v1.tar";
    public static final String OCI_LAYER_NONDISTRIBUTABLE_GZIP = "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip";
    public static final String OCI_LAYER_NONDISTRIBUTABLE_ZSTD = "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd";
    public static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
    public static final String DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    public static final String DOCKER_LAYER_FOREIGN_GZIP = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";
    /** Docker schema 1, which Berth does not read (it has no content-addressed config). */
    public static final String DOCKER_MANIFEST_V1 = "application/vnd.docker.distribution.manifest.v1+json";
    public static final String DOCKER_MANIFEST_V1_SIGNED = "application/vnd.docker.distribution.manifest.v1+prettyjws";

    /** defs-descriptor.json's mediaType pattern (RFC 6838 section 4.2 names). */
    private static final Pattern SHAPE = Pattern.compile(
            "^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$");

    private static final Set<String> MANIFESTS = Set.of(OCI_MANIFEST, DOCKER_MANIFEST);
    private static final Set<String> INDEXES = Set.of(OCI_INDEX, DOCKER_MANIFEST_LIST);
    private static final Set<String> CONFIGS = Set.of(OCI_CONFIG, DOCKER_CONFIG);
    private static final Set<String> GZIP_LAYERS = Set.of(OCI_LAYER_GZIP, OCI_LAYER_NONDISTRIBUTABLE_GZIP,
            DOCKER_LAYER_GZIP, DOCKER_LAYER_FOREIGN_GZIP);
    private static final Set<String> ZSTD_LAYERS = Set.of(OCI_LAYER_ZSTD, OCI_LAYER_NONDISTRIBUTABLE_ZSTD);
    private static final Set<String> TAR_LAYERS = Set.of(OCI_LAYER, OCI_LAYER_NONDISTRIBUTABLE);

    private MediaType() {
    }

    /** Whether {@code mediaType} has the {@code type/subtype} shape the spec requires. */
    public static boolean isWellFormed(String mediaType) {
        return mediaType != null && SHAPE.matcher(mediaType).matches();
    }

    /** An OCI image manifest or a Docker v2.2 manifest. */
    public static boolean isManifest(String mediaType) {
        return MANIFESTS.contains(mediaType);
    }

    /** An OCI image index or a Docker manifest list. */
    public static boolean isIndex(String mediaType) {
        return INDEXES.contains(mediaType);
    }

    /** An OCI or Docker image configuration. */
    public static boolean isImageConfig(String mediaType) {
        return CONFIGS.contains(mediaType);
    }

    /** A layer Berth knows how to read: plain, gzip or zstd tar, OCI or Docker. */
    public static boolean isLayer(String mediaType) {
        return TAR_LAYERS.contains(mediaType) || GZIP_LAYERS.contains(mediaType) || ZSTD_LAYERS.contains(mediaType);
    }

    /** A gzip-compressed layer. */
    public static boolean isGzipLayer(String mediaType) {
        return GZIP_LAYERS.contains(mediaType);
    }

    /** A zstd-compressed layer. */
    public static boolean isZstdLayer(String mediaType) {
        return ZSTD_LAYERS.contains(mediaType);
    }
}
