package dev.berth.namespaces.fs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Writes that are all-or-nothing: content goes to a temporary file in the same file system (created
 * owner-only) and is renamed over the target, so a reader sees the old file or the new one, never half of
 * one. {@link #write} also survives a crash: the file is fsynced before the rename and the directory after
 * it. {@link #replace} skips the fsyncs, for files whose loss in a crash is harmless (a cache record, a
 * marker) and that are written often.
 */
public final class AtomicFile {
    private AtomicFile() {
    }

    /** Writes {@code bytes} to {@code target} atomically and durably, staging in {@code tmpDir}. */
    public static void write(Path target, byte[] bytes, Path tmpDir) throws IOException {
        Path temp = Files.createTempFile(tmpDir, target.getFileName().toString(), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
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
     * Writes what {@code content} yields to {@code target} atomically and durably, staging in
     * {@code tmpDir}; when reading fails (a stream that verifies a digest at its end), the target stays as
     * it was.
     */
    public static void write(Path target, InputStream content, Path tmpDir) throws IOException {
        Path temp = Files.createTempFile(tmpDir, target.getFileName().toString(), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                content.transferTo(Channels.newOutputStream(ch));
                ch.force(true);
            }
            commit(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Writes {@code bytes} to {@code target} atomically but without fsync, staging in {@code tmpDir}. */
    public static void replace(Path target, byte[] bytes, Path tmpDir) throws IOException {
        replace(target, bytes, tmpDir, null);
    }

    /** As {@link #replace(Path, byte[], Path)}, giving the file {@code mode} (null: owner read-write) before the rename. */
    public static void replace(Path target, byte[] bytes, Path tmpDir, Set<PosixFilePermission> mode) throws IOException {
        Path temp = Files.createTempFile(tmpDir, "." + target.getFileName(), ".tmp");
        try {
            Files.write(temp, bytes);
            if (mode != null) {
                Files.setPosixFilePermissions(temp, mode);
            }
            rename(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Renames the already fsynced {@code temp} over {@code target} and fsyncs the target's directory. */
    public static void commit(Path temp, Path target) throws IOException {
        rename(temp, target);
        syncDirectory(target.getParent());
    }

    /** Renames {@code temp} over {@code target} atomically; fails when they are on different file systems. */
    public static void rename(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename " + temp + " to " + target + " atomically (different file systems?)", e);
        }
    }

    /** Makes the entries of {@code dir} (a rename into it) durable. */
    public static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
