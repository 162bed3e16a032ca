package dev.berth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One line of {@code docker history}: a step of the image's config {@code history}, newest first
 * (<a href="https://docs.docker.com/reference/api/engine/version/v1.41/#tag/Image/operation/ImageHistory">ImageHistory</a>).
 * As Docker shows it, only the newest line carries an image ID and the image's tags; the steps
 * below it are {@code <missing>}, since the store keeps no image per step.
 *
 * @param id the image ID ({@code sha256:...}) on the newest line, {@link #MISSING} on the others
 * @param created when the step ran, if the config says
 * @param createdBy the instruction or command that made the step ({@code created_by}), or empty
 * @param tags the image's tags on the newest line, none on the others
 * @param size the bytes of the layer the step made (as the manifest gives them); 0 for an {@code empty_layer} step
 * @param comment the step's comment, or empty
 */
public record ImageHistory(String id, Optional<Instant> created, String createdBy, List<String> tags, long size,
        String comment) {
    /** The ID Docker shows for a step that is not an image of its own. */
    public static final String MISSING = "<missing>";

    public ImageHistory {
        tags = List.copyOf(tags);
    }
}
