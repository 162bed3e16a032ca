package dev.berth.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.berth.namespaces.host.Host;
import dev.berth.json.Json;
import dev.berth.overlayfs.FileTrees;
import dev.berth.overlayfs.driver.StorageDriver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * An OCI bundle on disk: {@code config.json} and the root file system in {@code rootfs}
 * (<a href="https://github.com/opencontainers/runtime-spec/blob/main/bundle.md">bundle.md</a>).
 * The root is a plain directory, a merged copy of the image's layers, because runc and crun
 * take the root as it is.
 */
public final class BundleDirectory {
    /** The root's path in {@code config.json}, relative to the bundle. */
    public static final String ROOTFS = "rootfs";


    private final Path dir;

    private BundleDirectory(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /** The bundle at {@code dir}; nothing is read or made. */
    public static BundleDirectory at(Path dir) {
        return new BundleDirectory(dir);
    }

    public Path path() {
        return dir;
    }

    public Path rootfs() {
        return dir.resolve(ROOTFS);
    }

    /**
     * Makes the bundle: {@code rootfs} as the merged copy of {@code layers} (highest first, copied
     * through {@code host}), then {@code config.json}. The directory must not exist or be empty; on
     * failure it is removed again.
     */
    public void write(Host host, List<Path> layers, OciConfig config) throws IOException {
        if (Files.isDirectory(dir)) {
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new IOException("bundle directory " + dir + " is not empty");
                }
            }
            Files.delete(dir); // the copy makes it
        } else if (Files.exists(dir)) {
            throw new IOException("bundle directory " + dir + " exists and is not a directory");
        }
        Files.createDirectories(dir.getParent());
        StorageDriver.copy(host).create(layers, dir);
        try {
            Files.write(dir.resolve("config.json"), Json.pretty().writeValueAsBytes(config));
        } catch (IOException | RuntimeException e) {
            FileTrees.delete(dir);
            throw e;
        }
    }

    /** The bundle's {@code config.json}. */
    public OciConfig readConfig() throws IOException {
        Path file = dir.resolve("config.json");
        try {
            return Json.mapper().readValue(Files.readAllBytes(file), OciConfig.class);
        } catch (NoSuchFileException e) {
            throw new IOException(dir + " is not an OCI bundle: it has no config.json", e);
        } catch (JsonProcessingException e) {
            throw new IOException(file + " is not a runtime-spec config: " + e.getOriginalMessage(), e);
        }
    }
}
