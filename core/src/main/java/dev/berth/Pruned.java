package dev.berth;

import java.util.List;

/**
 * What a garbage collection of the store removed ({@link Berth#collectGarbage()}): image blobs
 * (manifests, configs and compressed layers) by digest, the bytes they took, and unpacked layers
 * by chain id, as {@code docker image prune} reports them.
 *
 * @param blobs the digests of the blobs removed
 * @param bytesFreed what those blobs took on disk
 * @param layers the chain ids of the unpacked layers removed
 */
public record Pruned(List<String> blobs, long bytesFreed, List<String> layers) {
    public Pruned {
        blobs = List.copyOf(blobs);
        layers = List.copyOf(layers);
    }
}
