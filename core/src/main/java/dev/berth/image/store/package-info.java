/**
 * The local image store: an <a href="https://github.com/opencontainers/image-spec/blob/main/image-layout.md">OCI
 * image layout</a> ({@code oci-layout}, {@code index.json}, {@code blobs/sha256/…}) that skopeo and umoci
 * read as it is, with tags in the {@code org.opencontainers.image.ref.name} annotation of index.json entries.
 * {@link dev.berth.image.store.ImageStore} is the entry point; {@link dev.berth.image.store.StoreSource} and
 * {@link dev.berth.image.store.StoreDestination} are its image transport ({@code berth:}).
 */
package dev.berth.image.store;
