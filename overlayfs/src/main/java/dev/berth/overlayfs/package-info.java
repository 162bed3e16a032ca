/**
 * File-system layers: what an image's tar layers become on disk and what a container's changes
 * become again. Shared pieces live here ({@link dev.berth.overlayfs.LayerStack}, whiteouts, safe
 * tree removal); applying, mounting, diffing, drivers and the store each have a package.
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/layer.md">OCI image-spec: layers</a>
 */
package dev.berth.overlayfs;
