package dev.berth.junit;

import dev.berth.Container;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The containers one test or test class started, by field name. Closing stops and removes
 * them, last started first (a later one may use an earlier one), and reports every failure.
 * A {@link ExtensionContext.Store.CloseableResource}, so JUnit closes it with its context.
 */
final class StartedContainers implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    private final Map<String, Container> byField = new LinkedHashMap<>();

    synchronized void add(String field, Container c) {
        byField.put(field, c);
    }

    synchronized Map<String, Container> byField() {
        return new LinkedHashMap<>(byField);
    }

    @Override
    public synchronized void close() {
        List<Container> reverse = new ArrayList<>(byField.values());
        Collections.reverse(reverse);
        byField.clear();
        Container.closeAll(reverse);
    }
}
