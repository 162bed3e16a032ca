/**
 * Images on the local side: references ({@link dev.berth.image.ImageReference}) and content digests
 * ({@link dev.berth.image.Digest}), and how a pull or push advances ({@link dev.berth.image.ProgressListener}).
 * This package is public API; the OCI/Docker document model lives in {@code dev.berth.image.oci},
 * the local OCI-layout store in {@code dev.berth.image.store}, and docker-archive / oci-archive
 * import and export in {@code dev.berth.image.archive}.
 */
package dev.berth.image;
