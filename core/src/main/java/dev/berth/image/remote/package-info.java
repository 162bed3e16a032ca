/**
 * Pull and push of images between a registry and the local stores: {@link dev.berth.image.remote.ImagePuller}
 * fetches a manifest (through an index, for the wanted platform), downloads the blobs the
 * {@link dev.berth.image.store.ImageStore} lacks and unpacks the layers into a
 * {@link dev.berth.overlayfs.store.LayerStore}; {@link dev.berth.image.remote.ImagePusher} sends a stored image
 * to a registry. They follow the
 * <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md">OCI distribution spec</a>
 * through {@link dev.berth.registry.RegistryClient}.
 */
package dev.berth.image.remote;
