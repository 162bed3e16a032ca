package dev.berth;

import dev.berth.runtime.ContainerDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The containers of one home, as {@code docker ps -a} and the commands that take a container
 * name see them: those this {@link Berth} started, and handles on those other JVMs started,
 * reattached on first look and kept. Looks containers up by name, id or id prefix.
 */
final class ContainerIndex {
    private final Berth berth;
    private final Path directory;
    private final Set<Container> started = ConcurrentHashMap.newKeySet();
    /** Handles on containers other JVMs started, by id, made on first look. */
    private final Map<String, Container> reattached = new ConcurrentHashMap<>();

    /** The containers in {@code directory} ({@code BERTH_HOME/containers}), reattached to {@code berth}. */
    ContainerIndex(Berth berth, Path directory) {
        this.berth = berth;
        this.directory = directory;
    }

    /** The containers this Berth started that have not been removed. */
    List<Container> started() {
        return List.copyOf(started);
    }

    void started(Container c) {
        // Under the container's lock: a quick --rm container may be removed before it is added.
        synchronized (c) {
            if (!c.isRemoved()) {
                started.add(c);
            }
        }
    }

    void removed(Container c) {
        started.remove(c);
        reattached.remove(c.id(), c);
    }

    /** Every container in the home, running or exited; those being created or removed are left out. */
    List<Container> list() throws IOException {
        List<Container> out = new ArrayList<>();
        for (String id : containerIds()) {
            Optional<Container> found = handle(id);
            found.ifPresent(out::add);
            // Another JVM may have renamed it.
            found.ifPresent(c -> containerName(id).ifPresent(c::refreshName));
        }
        return out;
    }

    /**
     * The container named {@code idOrName}: its name, its id, or a prefix of the id that only
     * it has. Only the one found is reattached.
     *
     * @throws IllegalArgumentException when the prefix names several containers
     */
    Optional<Container> find(String idOrName) throws IOException {
        List<String> ids = containerIds();
        if (ids.contains(idOrName)) {
            Optional<Container> found = handle(idOrName);
            found.ifPresent(c -> containerName(idOrName).ifPresent(c::refreshName));
            return found;
        }
        for (String id : ids) {
            Optional<String> name = containerName(id);
            if (name.filter(idOrName::equals).isPresent()) {
                Optional<Container> found = handle(id);
                found.ifPresent(c -> c.refreshName(name.get()));
                return found;
            }
        }
        List<String> byPrefix = idOrName.isEmpty() ? List.of() : ids.stream().filter(id -> id.startsWith(idOrName)).toList();
        if (byPrefix.size() > 1) {
            throw new IllegalArgumentException("container id prefix \"" + idOrName + "\" is ambiguous: it starts "
                    + byPrefix.size() + " container ids");
        }
        return byPrefix.isEmpty() ? Optional.empty() : handle(byPrefix.get(0));
    }

    private List<String> containerIds() throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(directory)) {
            return s.map(d -> d.getFileName().toString()).sorted().toList();
        }
    }

    private Optional<String> containerName(String id) {
        try {
            return Optional.of(ContainerDirectory.of(directory, id).readConfig().name());
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // being created or removed
        }
    }

    /**
     * The handle of container {@code id}: the one this Berth started, else one reattached
     * earlier (kept, so repeated listings do not open pidfds and watches again), else a new one;
     * empty while it is being created or removed.
     */
    private Optional<Container> handle(String id) {
        for (Container c : started) {
            if (c.id().equals(id)) {
                return Optional.of(c);
            }
        }
        Container known = reattached.get(id);
        if (known != null) {
            return Optional.of(known);
        }
        try {
            Container c = Container.reattach(berth, ContainerDirectory.of(directory, id));
            if (c.autoRemove() && c.state().status() == ContainerState.Status.EXITED) {
                // A --rm container that exited after its JVM had gone: this Berth is the first to see it.
                c.remove();
                return Optional.empty();
            }
            Container raced = reattached.putIfAbsent(id, c);
            return Optional.of(raced != null ? raced : c);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
