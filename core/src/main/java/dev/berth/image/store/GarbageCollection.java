package dev.berth.image.store;

import dev.berth.image.Digest;
import java.util.List;

/**
 * What a garbage collection removed.
 *
 * @param removed the blobs deleted, none of them reachable from index.json
 * @param bytesFreed their total size
 */
public record GarbageCollection(List<Digest> removed, long bytesFreed) {
}
