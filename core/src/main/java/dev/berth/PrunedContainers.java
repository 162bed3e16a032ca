package dev.berth;

import java.util.List;

/**
 * What {@link Berth#pruneContainers} removed: the containers' ids, and the bytes their writable
 * layers held, as {@code docker container prune} reports them.
 *
 * @param deleted the removed containers' ids
 * @param spaceReclaimed the bytes of their writable layers
 */
public record PrunedContainers(List<String> deleted, long spaceReclaimed) {
    public PrunedContainers {
        deleted = List.copyOf(deleted);
    }
}
