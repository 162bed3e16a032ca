package dev.berth.overlayfs.diff;

/**
 * A layer written by {@link LayerDiff}: its diffID (sha256 of the uncompressed tar), its digest
 * (sha256 of the bytes written, compressed or not), the number of bytes written and of entries.
 * See <a href="https://github.com/opencontainers/image-spec/blob/main/config.md#layer-diffid">image-spec config.md</a>.
 */
public record DiffResult(String diffId, String digest, long size, long entries) {
}
