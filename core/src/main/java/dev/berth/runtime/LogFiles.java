package dev.berth.runtime;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The files of one rotated log, newest first: {@code log.json}, {@code log.json.1}, ...,
 * {@code log.json.(maxFiles-1)}, as Docker names a json-file log's. Rotation, done by the one
 * writer (the Java {@link ContainerLogWriter} or the stage-1 helper's logfile.c, the same way):
 * drop the oldest, rename each {@code .N} to {@code .N+1}, hard-link the current file as
 * {@code .1}, and rename a fresh file over {@code log.json}. So {@code log.json} always exists
 * once written, every file keeps its inode as it moves, and a reader that holds a file open
 * reads it whole even after it was dropped. Readers tell files apart by inode
 * ({@link BasicFileAttributes#fileKey}), never by name alone, because names move under them.
 */
final class LogFiles {
    /** How often a reader retries a view that a rotation changed while it looked. */
    private static final int ATTEMPTS = 50;

    private final Path base;
    private final int maxFiles;

    LogFiles(Path base, int maxFiles) {
        this.base = Objects.requireNonNull(base, "base");
        this.maxFiles = maxFiles;
    }

    /** {@code log.json} for 0, else {@code log.json.N}. */
    Path generation(int n) {
        return n == 0 ? base : base.resolveSibling(base.getFileName() + "." + n);
    }

    /** A file of the log, open for reading, and its identity. */
    record Open(FileChannel channel, Object key) implements Closeable {
        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /** The identity of the file at {@code path}, or null if there is none. */
    static Object key(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    /** Opens {@code path} with its identity, or null if it does not exist (or moved while opened). */
    static Open open(Path path) throws IOException {
        Object before = key(path);
        if (before == null) {
            return null;
        }
        FileChannel ch;
        try {
            ch = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return null;
        }
        // A rename between the look and the open would give another file than the key says.
        if (!before.equals(key(path))) {
            ch.close();
            return null;
        }
        return new Open(ch, before);
    }

    /** The identity of the current file, {@code log.json}, or null if there is none. */
    Object currentKey() {
        return key(base);
    }

    /**
     * Every file of the log, open, oldest first, as one moment saw them: a rotation while
     * opening them is noticed (log.json changed) and the view taken again.
     */
    List<Open> openAll() throws IOException {
        List<Open> files = new ArrayList<>();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            closeAll(files);
            files.clear();
            Object newest = null;
            // Newest first: a rotation meanwhile moves files towards the names still to be
            // opened, so none is missed, and one seen twice (same inode) is taken once.
            for (int n = 0; n < maxFiles; n++) {
                Open f = open(generation(n));
                if (f == null) {
                    continue;
                }
                if (n == 0) {
                    newest = f.key();
                }
                if (files.stream().anyMatch(o -> o.key().equals(f.key()))) {
                    f.close();
                } else {
                    files.add(f);
                }
            }
            if (Objects.equals(newest, currentKey())) {
                break;
            }
        }
        Collections.reverse(files);
        return files;
    }

    /**
     * The file written after the one with identity {@code key}, open, or null if none has been
     * made yet. If {@code key} has already been dropped, the oldest file there is: files made in
     * between may have been dropped too (a reader slower than the writer by the whole log).
     */
    Open next(Object key) throws IOException {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int at = -1;
            for (int n = 0; n < maxFiles && at < 0; n++) {
                if (key.equals(key(generation(n)))) {
                    at = n;
                }
            }
            if (at == 0) {
                return null; // still the current file
            }
            if (at < 0) {
                List<Open> all = openAll();
                if (all.isEmpty()) {
                    return null;
                }
                for (int i = 1; i < all.size(); i++) {
                    all.get(i).close();
                }
                return all.get(0);
            }
            Open next = open(generation(at - 1));
            // Still where it was: what we opened was its successor, not a file moved since.
            if (next != null && key.equals(key(generation(at)))) {
                return next;
            }
            if (next != null) {
                next.close();
            }
        }
        return null;
    }

    /**
     * Rotates: the oldest file is dropped, each other moves one generation up, and an empty
     * {@code log.json} takes the current one's place. Only the writer calls this.
     *
     * @return the new, empty current file, open for appending
     */
    FileChannel rotate() throws IOException {
        if (maxFiles > 1) {
            Files.deleteIfExists(generation(maxFiles - 1));
            for (int n = maxFiles - 2; n >= 1; n--) {
                if (Files.exists(generation(n))) {
                    Files.move(generation(n), generation(n + 1), StandardCopyOption.ATOMIC_MOVE);
                }
            }
            try {
                Files.createLink(generation(1), base);
            } catch (FileSystemException | UnsupportedOperationException e) {
                // No hard links here: a plain rename, and readers see no log.json for a moment.
                Files.move(base, generation(1), StandardCopyOption.ATOMIC_MOVE);
            }
        }
        Path next = base.resolveSibling(base.getFileName() + ".next");
        Files.deleteIfExists(next); // a crash's leftover
        FileChannel ch = FileChannel.open(next, StandardOpenOption.CREATE_NEW, StandardOpenOption.APPEND);
        try {
            Files.move(next, base, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        return ch;
    }

    static void closeAll(List<Open> files) {
        for (Open f : files) {
            try {
                f.close();
            } catch (IOException e) {
                // a read-only channel has nothing to lose
            }
        }
    }
}
