package dev.berth.image.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarFile;

/** Reads a whole tar into memory and writes one back, for tests that tamper with archives. */
final class TarEntries {
    private TarEntries() {
    }

    static Map<String, byte[]> read(Path tar) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (TarFile file = new TarFile(tar)) {
            for (TarArchiveEntry e : file.getEntries()) {
                if (e.isFile()) {
                    try (InputStream in = file.getInputStream(e)) {
                        out.put(e.getName(), in.readAllBytes());
                    }
                }
            }
        }
        return out;
    }

    static Path write(Path tar, Map<String, byte[]> entries) throws IOException {
        try (OutputStream os = Files.newOutputStream(tar); TarArchiveOutputStream out = new TarArchiveOutputStream(os)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
                entry.setSize(e.getValue().length);
                out.putArchiveEntry(entry);
                out.write(e.getValue());
                out.closeArchiveEntry();
            }
        }
        return tar;
    }
}
