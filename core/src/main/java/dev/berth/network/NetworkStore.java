package dev.berth.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.namespaces.fs.AtomicFile;
import dev.berth.image.store.PrivateDirectories;
import dev.berth.overlayfs.store.StoreLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The home's networks: {@code networks/NAME.json} files, written atomically, and one lock file
 * ({@code networks/lock}) that serialises every change across threads and JVMs: address
 * allocation, bridge creation and removal, and NAT rule rebuilds all happen under it.
 */
final class NetworkStore {
    /** The mapper, fetched at use: a listing with no networks builds none (#17). */
    private static ObjectMapper json() {
        return dev.berth.json.Json.mapper();
    }

    private final Path dir;

    NetworkStore(Path dir) {
        this.dir = dir;
    }

    /** Takes the exclusive lock. */
    StoreLock.Hold lock() throws IOException {
        PrivateDirectories.create(dir);
        return StoreLock.forFile(dir.resolve("lock")).exclusive();
    }

    Optional<NetworkRecord> read(String name) throws IOException {
        try {
            return Optional.of(record(file(name)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    List<NetworkRecord> all() throws IOException {
        List<NetworkRecord> all = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return all;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                all.add(record(f));
            }
        }
        return all;
    }

    /** The record in {@code file}: read by hand in the form written, else bound by Jackson (#17). */
    private static NetworkRecord record(Path file) throws IOException {
        JsonNode tree = dev.berth.json.JsonTrees.read(file);
        NetworkRecord read = NetworkRecordTree.read(tree);
        // Anything else as before: bound from the bytes, with the mapper's errors.
        return read != null ? read : json().readValue(Files.readAllBytes(file), NetworkRecord.class);
    }

    void write(NetworkRecord record) throws IOException {
        PrivateDirectories.create(dir);
        AtomicFile.write(file(record.name()), json().writeValueAsBytes(record), dir);
    }

    void delete(String name) throws IOException {
        Files.deleteIfExists(file(name));
    }

    private Path file(String name) {
        return dir.resolve(name + ".json");
    }
}
