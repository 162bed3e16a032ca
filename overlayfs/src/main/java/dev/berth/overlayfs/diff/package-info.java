/**
 * Turning an overlay upper directory (or a changed copy) back into a reproducible OCI layer:
 * sorted entries, clamped timestamps, whiteouts and opaque directories translated back.
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/layer.md#change-types">OCI image-spec: change types</a>
 */
package dev.berth.overlayfs.diff;
