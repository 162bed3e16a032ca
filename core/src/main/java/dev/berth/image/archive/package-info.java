/**
 * The file transports: OCI image layouts, as a directory ({@code oci:}) or a tar
 * (<a href="https://github.com/opencontainers/image-spec/blob/main/image-layout.md">image-layout</a>,
 * {@code oci-archive:}; {@link dev.berth.image.archive.OciLayoutSource},
 * {@link dev.berth.image.archive.OciLayoutDestination}), and {@code docker save} archives
 * ({@code docker-archive:}; {@link dev.berth.image.archive.DockerArchiveSource},
 * {@link dev.berth.image.archive.DockerArchiveDestination}). {@link dev.berth.image.archive.DockerArchive}
 * and {@link dev.berth.image.archive.OciArchive} are the copies between them and the store.
 */
package dev.berth.image.archive;
