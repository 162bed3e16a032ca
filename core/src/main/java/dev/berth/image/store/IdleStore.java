package dev.berth.image.store;

import dev.berth.overlayfs.store.StoreLock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The image store held exclusively while no {@link Lease} is held in any JVM
 * ({@link ImageStore#tryIdle()}): nothing is being written, so every staging file is a leftover of
 * a crash, and a layer reference taken for an image whose manifest never arrived belongs to a pull
 * that died. Closing it lets writers in again.
 */
public final class IdleStore implements AutoCloseable {
    private final StoreLock.Hold hold;
    private final Path tmp;

    IdleStore(StoreLock.Hold hold, Path tmp) {
        this.hold = hold;
        this.tmp = tmp;
    }

    /** Deletes what crashed writers left in staging; returns what it deleted. */
    public List<Path> removeStaging() throws IOException {
        List<Path> removed = new ArrayList<>();
        try (Stream<Path> stale = Files.list(tmp)) {
            for (Path p : stale.toList()) {
                if (Files.deleteIfExists(p)) {
                    removed.add(p);
                }
            }
        }
        return removed;
    }

    @Override
    public void close() {
        try {
            hold.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release the image store", e);
        }
    }
}
