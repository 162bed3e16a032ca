package dev.berth.image.oci;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One entry of an image config's {@code history}
 * (<a href="https://github.com/opencontainers/image-spec/blob/main/config.md">config.md</a>).
 *
 * @param created optional
 * @param author optional
 * @param createdBy optional, the command that made the layer ({@code created_by})
 * @param comment optional
 * @param emptyLayer whether this step made no layer ({@code empty_layer})
 */
public record History(Instant created, String author, String createdBy, String comment, boolean emptyLayer) {

    static History read(JsonObject json) {
        Boolean empty = json.bool("empty_layer");
        return new History(Timestamps.read(json, "created"), json.string("author"), json.string("created_by"),
                json.string("comment"), empty != null && empty);
    }

    ObjectNode toJson() {
        return JsonOutput.object().put("created", created == null ? null : created.toString()).put("author", author)
                .put("created_by", createdBy).put("comment", comment).put("empty_layer", emptyLayer ? Boolean.TRUE : null)
                .node();
    }
}
