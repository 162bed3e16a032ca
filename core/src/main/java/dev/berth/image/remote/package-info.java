/**
 * The registry transport ({@code docker://}): {@link dev.berth.image.remote.RegistrySource} and
 * {@link dev.berth.image.remote.RegistryDestination}, following the
 * <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md">OCI distribution spec</a>
 * through {@link dev.berth.registry.RegistryClient}. Between a registry and the store they take the direct
 * routes: {@link dev.berth.image.remote.ImagePuller} fetches a manifest (through an index, for the wanted
 * platform), downloads the blobs the {@link dev.berth.image.store.ImageStore} lacks and unpacks the layers
 * into a {@link dev.berth.overlayfs.store.LayerStore} as they arrive; {@link dev.berth.image.remote.ImagePusher}
 * sends a stored image, mounting blobs from the repository it came from.
 */
package dev.berth.image.remote;
