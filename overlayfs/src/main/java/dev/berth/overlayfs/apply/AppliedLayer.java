package dev.berth.overlayfs.apply;

/**
 * The outcome of applying one layer: its diffID ({@code sha256:} of the uncompressed tar,
 * computed while applying), the uncompressed size and the number of tar entries. See
 * <a href="https://github.com/opencontainers/image-spec/blob/main/config.md#layer-diffid">image-spec config.md, Layer DiffID</a>.
 */
public record AppliedLayer(String diffId, long uncompressedSize, long entries) {
}
