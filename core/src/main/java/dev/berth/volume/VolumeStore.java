package dev.berth.volume;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.image.store.PrivateDirectories;
import dev.berth.namespaces.fs.AtomicFile;
import dev.berth.overlayfs.FileTrees;
import dev.berth.overlayfs.store.StoreLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The home's volumes, laid out as Docker's {@code /var/lib/docker/volumes}: {@code volumes/NAME/_data}
 * is what containers mount, {@code volumes/NAME/volume.json} what was asked at creation (labels,
 * options, whether it was anonymous). A volume made by a container's first use without a record
 * gets one then. One lock file, {@code volumes/.lock}, orders creation and removal across JVMs.
 */
public final class VolumeStore {
    /** Docker's rule for volume names. */
    public static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9_.-]{0,127}";
    private static final ObjectMapper JSON = dev.berth.json.Json.mapper();
    private static final String RECORD = "volume.json";

    private final Path dir;

    public VolumeStore(Path dir) {
        this.dir = dir;
    }

    /**
     * What {@code volume.json} holds.
     *
     * @param name the volume's name
     * @param createdAt RFC 3339
     * @param labels its labels
     * @param options driver options as given
     * @param anonymous created without a name
     */
    public record VolumeRecord(String name, String createdAt, Map<String, String> labels, Map<String, String> options,
            boolean anonymous) {
        public VolumeRecord {
            labels = labels == null ? Map.of() : Map.copyOf(labels);
            options = options == null ? Map.of() : Map.copyOf(options);
        }
    }

    /** Takes the exclusive lock. */
    public StoreLock.Hold lock() throws IOException {
        PrivateDirectories.create(dir);
        return StoreLock.forFile(dir.resolve(".lock")).exclusive(); // no volume name starts with a dot
    }

    /** The directory containers mount for volume {@code name}. */
    public Path data(String name) {
        return dir.resolve(checkName(name)).resolve("_data");
    }

    /** {@code name}, if it is a valid volume name. */
    public static String checkName(String name) {
        if (name == null || !name.matches(NAME_PATTERN)) {
            throw new IllegalArgumentException("invalid volume name \"" + name + "\": use letters, digits, '_', '.', '-'"
                    + " (at most 128, starting with a letter or digit)");
        }
        return name;
    }

    /** The record of {@code name}: its file's, or one made from its directory's time if it has none; empty if missing. */
    public Optional<VolumeRecord> read(String name) throws IOException {
        Path volume = dir.resolve(checkName(name));
        if (!Files.isDirectory(volume.resolve("_data"), LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(Files.readAllBytes(volume.resolve(RECORD)), VolumeRecord.class));
        } catch (NoSuchFileException e) {
            Instant made = Files.getLastModifiedTime(volume, LinkOption.NOFOLLOW_LINKS).toInstant();
            return Optional.of(new VolumeRecord(name, made.toString(), Map.of(), Map.of(), false));
        }
    }

    /** Every volume, by name. */
    public List<VolumeRecord> all() throws IOException {
        List<VolumeRecord> all = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return all;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            for (String name : entries.map(p -> p.getFileName().toString()).filter(n -> n.matches(NAME_PATTERN)).sorted().toList()) {
                read(name).ifPresent(all::add);
            }
        }
        return all;
    }

    /** Creates {@code record}'s directories and file (the caller holds the lock and checked it is new). */
    public void create(VolumeRecord record) throws IOException {
        Path volume = dir.resolve(checkName(record.name()));
        PrivateDirectories.create(dir);
        Files.createDirectories(volume.resolve("_data"));
        AtomicFile.write(volume.resolve(RECORD), JSON.writeValueAsBytes(record), volume);
    }

    /** Removes the volume and its contents (the caller holds the lock); the bytes its files took. */
    public long delete(String name) throws IOException {
        Path volume = dir.resolve(checkName(name));
        long bytes = size(volume.resolve("_data"));
        FileTrees.delete(volume);
        return bytes;
    }

    private static long size(Path root) throws IOException {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0; // removed meanwhile: it takes nothing
                }
            }).sum();
        }
    }
}
