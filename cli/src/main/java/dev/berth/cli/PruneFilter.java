package dev.berth.cli;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The {@code --filter} of docker's prune verbs: {@code until=TIME} (created before it, TIME as
 * {@code events --since} takes it), {@code label=KEY[=VALUE]} and {@code label!=KEY[=VALUE]}
 * (<a href="https://docs.docker.com/reference/cli/docker/network/prune/#filter">prune filters</a>).
 */
final class PruneFilter {
    private PruneFilter() {
    }

    /**
     * What {@code filters} select, of things with a creation time and labels.
     *
     * @throws IllegalArgumentException for a filter that is not KEY=VALUE or another key
     */
    static <T> Predicate<T> parse(List<String> filters, Function<T, Instant> created, Function<T, Map<String, String>> labels) {
        Predicate<T> which = t -> true;
        Instant now = Instant.now();
        for (String f : filters) {
            int eq = f.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("bad format of filter (expected name=value): " + f);
            }
            String key = f.substring(0, eq);
            String value = f.substring(eq + 1);
            switch (key) {
                case "until" -> {
                    Instant until = EventsCommand.time(value, now);
                    which = which.and(t -> created.apply(t).isBefore(until));
                }
                case "label" -> which = which.and(t -> hasLabel(labels.apply(t), value));
                case "label!" -> which = which.and(t -> !hasLabel(labels.apply(t), value));
                default -> throw new IllegalArgumentException("invalid filter '" + key + "': prune filters are until, label and label!");
            }
        }
        return which;
    }

    private static boolean hasLabel(Map<String, String> labels, String spec) {
        int eq = spec.indexOf('=');
        return eq < 0 ? labels.containsKey(spec) : spec.substring(eq + 1).equals(labels.get(spec.substring(0, eq)));
    }
}
