package dev.berth;

import java.util.List;

/**
 * What {@code docker rmi} or {@code docker image prune} did, as the Engine API's
 * {@code ImagesDeleted} lists it
 * (<a href="https://docs.docker.com/reference/api/engine/version/v1.41/#tag/Image/operation/ImageDelete">ImageDelete</a>):
 * the tags removed and the images deleted, with the bytes the collection freed.
 *
 * @param untagged the references untagged, as stored ({@code docker.io/library/busybox:1.36.1}), or digests
 * @param deleted the IDs ({@code sha256:...}) of the images no longer in the store
 * @param spaceReclaimed bytes of blobs removed; 0 when nothing was collected
 */
public record ImageRemoval(List<String> untagged, List<String> deleted, long spaceReclaimed) {
    public ImageRemoval {
        untagged = List.copyOf(untagged);
        deleted = List.copyOf(deleted);
    }
}
