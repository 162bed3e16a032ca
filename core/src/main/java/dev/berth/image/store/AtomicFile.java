package dev.berth.image.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes that are all-or-nothing even across a crash: content goes to a temporary file in the same file
 * system, is fsynced, renamed over the target, and the directory is fsynced so the rename itself survives.
 */
public final class AtomicFile {
    private AtomicFile() {
    }

    /** Writes {@code bytes} to {@code target} atomically, staging in {@code tmpDir}. */
    public static void write(Path target, byte[] bytes, Path tmpDir) throws IOException {
        Path temp = Files.createTempFile(tmpDir, target.getFileName().toString(), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    ch.write(buffer);
                }
                ch.force(true);
            }
            commit(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Writes what {@code content} yields to {@code target} atomically, staging in {@code tmpDir}; when
     * reading fails (a stream that verifies a digest at its end), the target stays as it was.
     */
    public static void write(Path target, java.io.InputStream content, Path tmpDir) throws IOException {
        Path temp = Files.createTempFile(tmpDir, target.getFileName().toString(), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                content.transferTo(java.nio.channels.Channels.newOutputStream(ch));
                ch.force(true);
            }
            commit(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Renames the already fsynced {@code temp} over {@code target} and fsyncs the target's directory. */
    static void commit(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename " + temp + " to " + target + " atomically (different file systems?)", e);
        }
        syncDirectory(target.getParent());
    }

    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
