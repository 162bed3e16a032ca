package dev.berth;

import dev.berth.events.EventLog;
import dev.berth.overlayfs.store.StoreLock;
import dev.berth.runtime.ContainerConfig;
import dev.berth.runtime.ContainerDirectory;
import dev.berth.volume.VolumeStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The volumes of a {@link Berth} home, as {@code docker volume ...} handles them: create,
 * inspect, list, remove and prune. The containers of every JVM on the home share them: a
 * container's {@code -v NAME:/path} ({@link ContainerBuilder#volume(String, String)}) mounts the
 * volume {@code NAME}, creating it on first use.
 *
 * @see <a href="https://docs.docker.com/reference/cli/docker/volume/">docker volume</a>
 */
public final class Volumes {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final VolumeStore store;
    private final Path containers;
    private final EventLog events;

    Volumes(VolumeStore store, Path containers, EventLog events) {
        this.store = store;
        this.containers = containers;
        this.events = events;
    }

    private void record(String action, String name) {
        events.record(Event.volume(action, name, Map.of("driver", Volume.DRIVER)));
    }

    /**
     * What {@link #prune} removed.
     *
     * @param names the volumes removed
     * @param bytesFreed what their files took
     */
    public record Pruned(List<String> names, long bytesFreed) {
        public Pruned {
            names = List.copyOf(names);
        }
    }

    /**
     * {@code docker volume create}: a volume named {@code name} (null: a generated 64-hex-digit
     * name, an anonymous volume), or the existing one of that name, unchanged, as Docker answers.
     *
     * @throws IllegalArgumentException for an invalid name
     */
    public Volume create(String name, Map<String, String> labels, Map<String, String> options) throws IOException {
        boolean anonymous = name == null || name.isEmpty();
        String chosen = anonymous ? HexFormat.of().formatHex(randomBytes()) : VolumeStore.checkName(name);
        try (StoreLock.Hold lock = store.lock()) {
            Optional<VolumeStore.VolumeRecord> existing = store.read(chosen);
            if (existing.isPresent()) {
                return toVolume(existing.get());
            }
            VolumeStore.VolumeRecord r = new VolumeStore.VolumeRecord(chosen, Instant.now().toString(),
                    labels == null ? Map.of() : labels, options == null ? Map.of() : options, anonymous);
            store.create(r);
            record("create", chosen);
            return toVolume(r);
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return b;
    }

    /** The directory a container mounts for {@code name}, the volume created with no labels if it is missing. */
    Path mountFor(String name) throws IOException {
        boolean existed = store.read(VolumeStore.checkName(name)).isPresent();
        create(name, Map.of(), Map.of());
        if (existed) {
            record("create", name); // dockerd records a create for each container that references the volume too
        }
        return store.data(name);
    }

    /** {@code docker volume inspect}: the volume named {@code name}, if it exists. */
    public Optional<Volume> find(String name) throws IOException {
        if (name == null || !name.matches(VolumeStore.NAME_PATTERN)) {
            return Optional.empty();
        }
        return store.read(name).map(this::toVolume);
    }

    /** {@code docker volume ls}: every volume, by name. */
    public List<Volume> list() throws IOException {
        return store.all().stream().map(this::toVolume).toList();
    }

    /**
     * The ids of the containers, of any JVM and running or not, that mount volume {@code name}:
     * those that keep it from being removed or pruned.
     */
    public List<String> usedBy(String name) throws IOException {
        String data = store.data(name).toString();
        List<String> ids = new ArrayList<>();
        if (!Files.isDirectory(containers)) {
            return ids;
        }
        try (Stream<Path> dirs = Files.list(containers)) {
            for (Path d : dirs.toList()) {
                ContainerConfig config;
                try {
                    config = ContainerDirectory.of(containers, d.getFileName().toString()).readConfig();
                } catch (NoSuchFileException e) {
                    continue; // being created or removed
                } catch (IOException e) {
                    continue; // not a container's directory
                }
                if (config.mounts().binds().stream().anyMatch(b -> b.hostPath().equals(data))) {
                    ids.add(config.id());
                }
            }
        }
        return ids;
    }

    /**
     * {@code docker volume rm [-f]}: removes the volume and its files; false when there is none.
     * Docker's {@code force} only ignores a missing volume; one in use is never removed.
     *
     * @throws IllegalStateException while a container uses it, naming the containers
     */
    public boolean remove(String name, boolean force) throws IOException {
        if (!name.matches(VolumeStore.NAME_PATTERN)) {
            return false;
        }
        try (StoreLock.Hold lock = store.lock()) {
            if (store.read(name).isEmpty()) {
                return false;
            }
            List<String> users = usedBy(name);
            if (!users.isEmpty()) {
                throw new IllegalStateException("volume " + name + " is in use by container"
                        + (users.size() > 1 ? "s " : " ") + String.join(", ", users));
            }
            store.delete(name);
            record("destroy", name);
            return true;
        }
    }

    /**
     * {@code docker volume prune}: removes the volumes no container uses that {@code which}
     * selects (the API's filters, and for API 1.42 and later anonymous volumes only unless
     * {@code all}; see {@link Volume#anonymous()}).
     */
    public Pruned prune(Predicate<Volume> which) throws IOException {
        List<String> removed = new ArrayList<>();
        long bytes = 0;
        try (StoreLock.Hold lock = store.lock()) {
            for (VolumeStore.VolumeRecord r : store.all()) {
                Volume v = toVolume(r);
                if (which.test(v) && usedBy(r.name()).isEmpty()) {
                    bytes += store.delete(r.name());
                    removed.add(r.name());
                    record("destroy", r.name());
                }
            }
        }
        return new Pruned(removed, bytes);
    }

    private Volume toVolume(VolumeStore.VolumeRecord r) {
        return new Volume(r.name(), store.data(r.name()), Instant.parse(r.createdAt()), r.labels(), r.options(), r.anonymous());
    }
}
