package dev.berth.image.archive;

import dev.berth.namespaces.fs.AtomicFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.HashSet;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes a reproducible tar: every entry owned by 0:0, mode 0644 (0755 for directories), mtime 0, POSIX
 * (PAX) headers for long names and large sizes. The file is written to a temporary name and renamed when
 * complete, so a failed export never leaves a truncated archive behind.
 */
final class TarWriter implements AutoCloseable {
    private final Path target;
    private final Path temp;
    private final TarArchiveOutputStream tar;
    private final Set<String> written = new HashSet<>();
    private boolean complete;

    TarWriter(Path target) throws IOException {
        this.target = target;
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        this.temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        OutputStream out = Files.newOutputStream(temp);
        this.tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    boolean contains(String name) {
        return written.contains(name);
    }

    void directory(String name) throws IOException {
        if (!written.add(name + "/")) {
            return;
        }
        TarArchiveEntry e = new TarArchiveEntry(name + "/");
        e.setMode(040755);
        stamp(e);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    void file(String name, byte[] bytes) throws IOException {
        file(name, new java.io.ByteArrayInputStream(bytes), bytes.length);
    }

    /** Adds {@code size} bytes from {@code in} as {@code name}; fails if the stream has fewer. */
    void file(String name, InputStream in, long size) throws IOException {
        if (!written.add(name)) {
            return;
        }
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setMode(0100644);
        e.setSize(size);
        stamp(e);
        tar.putArchiveEntry(e);
        long copied = in.transferTo(tar);
        if (copied != size) {
            throw new IOException("expected " + size + " bytes for " + name + " but read " + copied);
        }
        tar.closeArchiveEntry();
    }

    private static void stamp(TarArchiveEntry e) {
        e.setUserId(0);
        e.setGroupId(0);
        e.setUserName("");
        e.setGroupName("");
        e.setModTime(new Date(0));
    }

    /** Marks the archive finished; {@link #close()} then moves it into place. */
    void commit() {
        complete = true;
    }

    @Override
    public void close() throws IOException {
        try {
            tar.finish();
            tar.close();
            if (complete) {
                AtomicFile.rename(temp, target);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
