/**
 * Image archives: {@link dev.berth.image.archive.DockerArchive} ({@code docker save}/{@code docker load},
 * {@code podman save --format docker-archive}, skopeo's {@code docker-archive:}) and
 * {@link dev.berth.image.archive.OciArchive} (a tar of an
 * <a href="https://github.com/opencontainers/image-spec/blob/main/image-layout.md">OCI image layout</a>,
 * skopeo's {@code oci-archive:}), exported from and imported into the
 * {@link dev.berth.image.store.ImageStore}.
 */
package dev.berth.image.archive;
