package dev.berth.overlayfs.store;

import java.nio.file.Path;

/**
 * A complete layer in a {@link LayerStore}: its chain id, diffID, parent chain (null for a base
 * layer), the directory holding its files in overlay form, a short path to that directory for
 * mount option strings, its uncompressed tar size and its content size. See
 * <a href="https://github.com/opencontainers/image-spec/blob/main/config.md#layer-chainid">image-spec config.md</a>.
 *
 * @param contentSize the bytes of its regular files and symlink targets, as dockerd sizes a layer
 *     (its diff directory's size, no tar headers); -1 for a layer stored before it was recorded
 */
public record StoredLayer(ChainId chainId, String diffId, ChainId parent, Path diff, Path shortPath, long size,
        long contentSize) {
    /** Its content size where recorded, else its tar size. */
    public long contentSizeOrTarSize() {
        return contentSize >= 0 ? contentSize : size;
    }
}
