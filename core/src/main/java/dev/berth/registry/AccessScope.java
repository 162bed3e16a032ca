package dev.berth.registry;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Token scopes ({@code resourcetype:resourcename:action[,action]}), merged so that each resource
 * appears once with the union of its actions, in a stable order. See
 * <a href="https://distribution.github.io/distribution/spec/auth/scope/">Token Scope Documentation</a>.
 */
final class AccessScope {
    private AccessScope() {
    }

    /** Pull access to a repository. */
    static String pull(String repository) {
        return "repository:" + repository + ":pull";
    }

    /** Pull and push access to a repository. */
    static String push(String repository) {
        return "repository:" + repository + ":pull,push";
    }

    /** Listing the registry's repositories. */
    static final String CATALOG = "registry:catalog:*";

    /** The scopes with one entry per resource and sorted actions; malformed scopes are kept as they are. */
    static Set<String> merge(Collection<String> scopes) {
        Map<String, Set<String>> actions = new TreeMap<>();
        Set<String> odd = new TreeSet<>();
        for (String scope : scopes) {
            int first = scope.indexOf(':');
            int last = scope.lastIndexOf(':');
            if (first <= 0 || last <= first) {
                odd.add(scope);
                continue;
            }
            // The name may contain ':' (rare), so the resource is everything before the last one.
            Set<String> set = actions.computeIfAbsent(scope.substring(0, last), k -> new TreeSet<>());
            for (String action : scope.substring(last + 1).split(",")) {
                if (!action.isEmpty()) {
                    set.add(action);
                }
            }
        }
        Set<String> merged = new TreeSet<>(odd);
        actions.forEach((resource, set) -> merged.add(resource + ":" + String.join(",", set)));
        return merged;
    }
}
