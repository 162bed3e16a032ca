package dev.berth;

import dev.berth.events.EventLog;
import dev.berth.runtime.ContainerConfig;
import java.util.HashMap;
import java.util.Map;

/**
 * A container's events with the attributes Docker gives them: its labels, {@code image} and
 * {@code name}, and the action's own ({@code exitCode}, {@code signal}, {@code execID}).
 */
final class ContainerEvents {
    private ContainerEvents() {
    }

    /** Records {@code action} of the container {@code config} describes. */
    static void record(EventLog log, ContainerConfig config, String action, Map<String, String> extra) {
        Map<String, String> attributes = new HashMap<>(config.annotations().labels());
        attributes.put("image", config.image().reference());
        attributes.put("name", config.name());
        attributes.putAll(extra);
        log.record(Event.container(action, config.id(), attributes));
    }
}
