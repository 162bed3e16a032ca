package dev.berth.build.cache;

import dev.berth.namespaces.fs.AtomicFile;
import dev.berth.image.Digest;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * Build cache records under {@code BERTH_HOME/build-cache/}, one small file per step key, each
 * written atomically (temp file, rename) so that concurrent builds in several JVMs never
 * see half a record; two builds making the same step write equal records, and either wins.
 *
 * <p>Records do not hold their blobs against {@code ImageStore.gc()}: a cache may be dropped,
 * an image may not. A record whose blob is gone is treated as a miss and the step runs again
 * (the caller checks with the image store), the way BuildKit prunes cache independently of
 * images (<a href="https://docs.docker.com/build/cache/garbage-collection/">build cache GC</a>).
 */
public final class BuildCache {
    private final Path dir;
    private final Path tmp;

    private BuildCache(Path dir) {
        this.dir = dir;
        this.tmp = dir.resolve("tmp");
    }

    /** The cache in {@code dir} (created when first written). */
    public static BuildCache in(Path dir) {
        return new BuildCache(dir);
    }

    /** The record for {@code key}, if there is a readable one. */
    public Optional<CacheRecord> get(String key) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(Files.readString(file(key), StandardCharsets.UTF_8)));
            return Optional.of(new CacheRecord(Digest.parse(p.getProperty("blob")), Digest.parse(p.getProperty("diffId")),
                    Long.parseLong(p.getProperty("size")), p.getProperty("mediaType"),
                    Instant.parse(p.getProperty("created"))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // a damaged record is a miss; the step's rerun rewrites it
        }
    }

    /** Stores {@code record} under {@code key}. */
    public void put(String key, CacheRecord record) {
        Properties p = new Properties();
        p.setProperty("blob", record.blob().toString());
        p.setProperty("diffId", record.diffId().toString());
        p.setProperty("size", Long.toString(record.size()));
        p.setProperty("mediaType", record.mediaType());
        p.setProperty("created", record.created().toString());
        try {
            Files.createDirectories(tmp);
            StringWriter w = new StringWriter();
            p.store(w, "Berth build cache record");
            // Not synced: a record lost or torn by a crash reads as a miss, and its blob was made
            // durable before it was written.
            AtomicFile.replace(file(key), w.toString().getBytes(StandardCharsets.UTF_8), tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write build cache record " + file(key), e);
        }
    }

    private Path file(String key) {
        if (!key.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("invalid build cache key " + key);
        }
        return dir.resolve(key);
    }
}
