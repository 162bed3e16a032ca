package dev.berth.overlayfs.store;

import java.nio.file.Path;

/**
 * A complete layer in a {@link LayerStore}: its chain id, diffID, parent chain (null for a base
 * layer), the directory holding its files in overlay form, a short path to that directory for
 * mount option strings, and its uncompressed tar size. See
 * <a href="https://github.com/opencontainers/image-spec/blob/main/config.md#layer-chainid">image-spec config.md</a>.
 */
public record StoredLayer(ChainId chainId, String diffId, ChainId parent, Path diff, Path shortPath, long size) {
}
