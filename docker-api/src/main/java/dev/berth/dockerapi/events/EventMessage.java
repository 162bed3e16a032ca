package dev.berth.dockerapi.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.Event;
import java.util.Map;

/**
 * One event as {@code GET /events} streams it: Docker's {@code events.Message}, with the legacy
 * {@code status}, {@code id} and {@code from} of container and image events that old clients
 * (docker-py, compose 1.x) still read.
 *
 * @see <a href="https://docs.docker.com/reference/api/engine/version/v1.45/#tag/System/operation/SystemEvents">SystemEvents</a>
 */
record EventMessage(
        @JsonProperty("status") String status,
        @JsonProperty("id") String id,
        @JsonProperty("from") String from,
        @JsonProperty("Type") String type,
        @JsonProperty("Action") String action,
        @JsonProperty("Actor") Actor actor,
        @JsonProperty("scope") String scope,
        @JsonProperty("time") long time,
        @JsonProperty("timeNano") long timeNano) {

    /** The object the event is about. */
    record Actor(@JsonProperty("ID") String id, @JsonProperty("Attributes") Map<String, String> attributes) {
    }

    static EventMessage of(Event e) {
        boolean legacy = e.type().equals(Event.CONTAINER) || e.type().equals(Event.IMAGE);
        return new EventMessage(legacy ? e.action() : null, legacy ? e.actorId() : null,
                e.type().equals(Event.CONTAINER) ? e.attributes().get("image") : null,
                e.type(), e.action(), new Actor(e.actorId(), e.attributes()), "local",
                Math.floorDiv(e.timeNano(), 1_000_000_000L), e.timeNano());
    }
}
