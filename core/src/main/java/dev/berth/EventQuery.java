package dev.berth;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which events {@link Berth#events(EventQuery)} returns, as {@code docker events --since --until
 * --filter} selects them (<a href="https://docs.docker.com/reference/cli/docker/system/events/">docker
 * events</a>): by default the events recorded from the call on, followed until the stream is
 * closed. Filters with one key match any of its values; all keys must match. Immutable.
 *
 * <pre>{@code
 * try (EventStream s = berth.events(EventQuery.create().since(start).filter("container", "web"))) {
 *     Event e = s.next(Duration.ofSeconds(5));
 * }
 * }</pre>
 */
public final class EventQuery {
    /** The filter keys understood: Docker's, less daemon, plugin, node, service, config and secret. */
    public static final Set<String> FILTER_KEYS = Set.of("type", "container", "image", "label", "event", "network",
            "volume", "scope");

    private final Instant since;
    private final Instant until;
    private final boolean follow;
    private final Map<String, List<String>> filters;

    private EventQuery(Instant since, Instant until, boolean follow, Map<String, List<String>> filters) {
        this.since = since;
        this.until = until;
        this.follow = follow;
        this.filters = filters;
    }

    /** New events from now on, followed, unfiltered ({@code docker events}). */
    public static EventQuery create() {
        return new EventQuery(null, null, true, Map.of());
    }

    /** Starts with the events recorded at or after {@code time} (the home keeps the most recent ones). */
    public EventQuery since(Instant time) {
        return new EventQuery(Objects.requireNonNull(time, "time"), until, follow, filters);
    }

    /** Ends the stream with the last event before or at {@code time}, once that time has passed. */
    public EventQuery until(Instant time) {
        return new EventQuery(since, Objects.requireNonNull(time, "time"), follow, filters);
    }

    /**
     * Whether the stream waits for new events (the default) or ends after those already
     * recorded, as {@code docker events --until} with a time that has passed does.
     */
    public EventQuery follow(boolean follow) {
        return new EventQuery(since, until, follow, filters);
    }

    /**
     * Adds a filter value: {@code type} (container, image, network, volume), {@code container}
     * (id, id prefix or name), {@code image} (reference or id), {@code label} ({@code key} or
     * {@code key=value}), {@code event} (an action such as {@code start}), {@code network},
     * {@code volume} (id or name), {@code scope} ({@code local}).
     *
     * @throws IllegalArgumentException for another key, naming it
     */
    public EventQuery filter(String key, String value) {
        if (!FILTER_KEYS.contains(key)) {
            throw new IllegalArgumentException("invalid filter '" + key + "': events are filtered by "
                    + String.join(", ", FILTER_KEYS.stream().sorted().toList()));
        }
        Map<String, List<String>> more = new LinkedHashMap<>(filters);
        List<String> values = new ArrayList<>(more.getOrDefault(key, List.of()));
        values.add(Objects.requireNonNull(value, "value"));
        more.put(key, List.copyOf(values));
        return new EventQuery(since, until, follow, Map.copyOf(more));
    }

    /** The start, or null for "from the call on". */
    public Instant since() {
        return since;
    }

    /** The end, or null for "until closed". */
    public Instant until() {
        return until;
    }

    /** Whether new events are waited for. */
    public boolean follows() {
        return follow;
    }

    /** The filters, key to values. */
    public Map<String, List<String>> filters() {
        return filters;
    }

    /** Whether {@code e} passes the filters (not the times). */
    public boolean matches(Event e) {
        for (Map.Entry<String, List<String>> f : filters.entrySet()) {
            if (f.getValue().stream().noneMatch(v -> matches(f.getKey(), v, e))) {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(String key, String value, Event e) {
        Map<String, String> a = e.attributes();
        return switch (key) {
            case "type" -> e.type().equals(value);
            case "event" -> e.action().equals(value) || e.baseAction().equals(value);
            case "scope" -> value.equals("local");
            case "label" -> {
                int eq = value.indexOf('=');
                yield eq < 0 ? a.containsKey(value) : value.substring(eq + 1).equals(a.get(value.substring(0, eq)));
            }
            case "container" -> e.type().equals(Event.CONTAINER) && idOrName(value, e);
            case "network" -> e.type().equals(Event.NETWORK) && idOrName(value, e);
            case "volume" -> e.type().equals(Event.VOLUME) && idOrName(value, e);
            case "image" -> sameImage(value, a.get("image")) || sameImage(value, a.get("name"))
                    || e.type().equals(Event.IMAGE) && sameImage(value, e.actorId());
            default -> false;
        };
    }

    /** As Docker: an id, a prefix of it, or the name (without Docker's leading slash). */
    private static boolean idOrName(String value, Event e) {
        String name = e.attributes().get("name");
        String wanted = value.startsWith("/") ? value.substring(1) : value;
        return e.actorId().startsWith(wanted) && !wanted.isEmpty() || wanted.equals(name);
    }

    /** {@code busybox} names {@code busybox:latest} and {@code docker.io/library/busybox:latest} too. */
    private static boolean sameImage(String value, String image) {
        if (image == null || value.isEmpty()) {
            return false;
        }
        return normalize(image).equals(normalize(value)) || image.startsWith(value) && value.startsWith("sha256:");
    }

    private static String normalize(String reference) {
        String r = reference;
        if (r.startsWith("docker.io/library/")) {
            r = r.substring("docker.io/library/".length());
        } else if (r.startsWith("docker.io/")) {
            r = r.substring("docker.io/".length());
        }
        int slash = r.lastIndexOf('/');
        if (r.indexOf(':', slash + 1) < 0 && !r.contains("@")) {
            r = r + ":latest";
        }
        return r;
    }
}
