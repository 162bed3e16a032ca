package dev.berth;

/** The tar formats {@link Berth#save} writes and {@link Berth#load} reads. */
public enum ArchiveFormat {
    /**
     * {@code docker save}'s format ({@code docker-archive}), which {@code docker load} and
     * {@code podman load} read: manifest.json, configs, uncompressed layers.
     */
    DOCKER,
    /**
     * A tar of an <a href="https://github.com/opencontainers/image-spec/blob/main/image-layout.md">OCI image
     * layout</a> ({@code oci-archive}).
     */
    OCI
}
