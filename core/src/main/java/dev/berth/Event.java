package dev.berth;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Something that happened to a container, image, network or volume, as Docker's event stream
 * reports it (<a href="https://docs.docker.com/reference/api/engine/version/v1.45/#tag/System/operation/SystemEvents">GET
 * /events</a>, <a href="https://docs.docker.com/reference/cli/docker/system/events/">docker events</a>):
 * the object's type, the action with Docker's name ({@code create}, {@code start}, {@code die},
 * {@code destroy}, {@code pull}, {@code tag}...), the actor's id and attributes (a container's
 * {@code name}, {@code image} and labels; {@code exitCode} on {@code die}, {@code signal} on
 * {@code kill}) and the time. Every JVM on a home records its events in the home, so
 * {@link Berth#events(EventQuery)} shows them all.
 *
 * @param type {@link #CONTAINER}, {@link #IMAGE}, {@link #NETWORK} or {@link #VOLUME}
 * @param action what happened, as Docker names it
 * @param actorId the container's or image's id, the network's id or the volume's name
 * @param attributes the actor's attributes
 * @param timeNano when, in nanoseconds since the epoch
 */
public record Event(String type, String action, String actorId, Map<String, String> attributes, long timeNano) {
    /** The type of container events. */
    public static final String CONTAINER = "container";
    /** The type of image events. */
    public static final String IMAGE = "image";
    /** The type of network events. */
    public static final String NETWORK = "network";
    /** The type of volume events. */
    public static final String VOLUME = "volume";

    public Event {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(actorId, "actorId");
        attributes = attributes == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(attributes));
    }

    /** A container event now; {@code attributes} holds its {@code name}, {@code image}, labels and the action's own. */
    public static Event container(String action, String id, Map<String, String> attributes) {
        return now(CONTAINER, action, id, attributes);
    }

    /** An image event now: {@code reference} is the name the action used (or the image id), as Docker's Actor.ID. */
    public static Event image(String action, String reference, Map<String, String> attributes) {
        return now(IMAGE, action, reference, attributes);
    }

    /** A network event now. */
    public static Event network(String action, String id, Map<String, String> attributes) {
        return now(NETWORK, action, id, attributes);
    }

    /** A volume event now. */
    public static Event volume(String action, String name, Map<String, String> attributes) {
        return now(VOLUME, action, name, attributes);
    }

    private static Event now(String type, String action, String id, Map<String, String> attributes) {
        Instant t = Instant.now();
        return new Event(type, action, id, attributes, t.getEpochSecond() * 1_000_000_000L + t.getNano());
    }

    /** When it happened. */
    public Instant time() {
        return Instant.ofEpochSecond(0, timeNano);
    }

    /**
     * The action without what follows a colon: Docker names exec actions with their command
     * ({@code exec_start: sh -c ...}), and filters on {@code event} match this part.
     */
    public String baseAction() {
        int colon = action.indexOf(':');
        return colon < 0 ? action : action.substring(0, colon);
    }
}
