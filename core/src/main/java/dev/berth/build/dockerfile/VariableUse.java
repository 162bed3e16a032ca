package dev.berth.build.dockerfile;

import java.util.AbstractMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The variables of a scope, recording which names an expansion looked up and found
 * ({@link #matched()}) or did not ({@link #unmatched()}), as BuildKit's
 * {@code ProcessWordWithMatches} reports them for its checks. Only {@link #get} is meant to be
 * used; the expander calls nothing else.
 */
final class VariableUse extends AbstractMap<String, String> {
    private final Map<String, String> scope;
    private final Set<String> matched = new LinkedHashSet<>();
    private final Set<String> unmatched = new LinkedHashSet<>();

    private VariableUse(Map<String, String> scope) {
        this.scope = scope;
    }

    static VariableUse of(Map<String, String> scope) {
        return new VariableUse(scope);
    }

    @Override
    public String get(Object key) {
        String value = scope.get(key);
        if (value == null) {
            unmatched.add((String) key);
        } else {
            matched.add((String) key);
        }
        return value;
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return scope.entrySet();
    }

    Set<String> matched() {
        return matched;
    }

    Set<String> unmatched() {
        return unmatched;
    }
}
