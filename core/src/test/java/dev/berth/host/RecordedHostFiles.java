package dev.berth.host;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Host files recorded from a real host (a pod, a podman container), for detection tests without that host. */
final class RecordedHostFiles implements HostFiles {
    private final Map<String, String> files = new HashMap<>();
    private final Map<String, String> links = new HashMap<>();
    private final Set<String> present = new HashSet<>();
    private final Map<String, String> env = new HashMap<>();

    RecordedHostFiles file(String path, String text) {
        files.put(path, text);
        present.add(path);
        return this;
    }

    RecordedHostFiles link(String path, String target) {
        links.put(path, target);
        present.add(path);
        return this;
    }

    RecordedHostFiles present(String path) {
        present.add(path);
        return this;
    }

    RecordedHostFiles env(String name, String value) {
        env.put(name, value);
        return this;
    }

    @Override
    public Optional<String> read(String path) {
        return Optional.ofNullable(files.get(path));
    }

    @Override
    public Optional<String> link(String path) {
        return Optional.ofNullable(links.get(path));
    }

    @Override
    public boolean exists(String path) {
        return present.contains(path) || path.equals("/");
    }

    @Override
    public Optional<String> env(String name) {
        return Optional.ofNullable(env.get(name));
    }
}
