/**
 * The layer store: unpacked layers by chain id, staged and renamed into place only when complete,
 * shared by threads and JVMs under a file lock, with references and garbage collection.
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/config.md#layer-chainid">OCI image-spec: chain id</a>
 */
package dev.berth.overlayfs.store;
