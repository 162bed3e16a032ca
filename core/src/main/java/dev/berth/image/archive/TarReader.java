package dev.berth.image.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

/**
 * Random access to the regular files of a tar archive by name, following symbolic links inside the
 * archive (docker save writes {@code <id>/layer.tar} as links). Errors name the archive and the entry.
 */
final class TarReader implements LayoutFiles {
    /** JSON documents in archives are small; refuse to buffer anything larger. */
    private static final long MAX_DOCUMENT = 64L << 20;
    private static final int MAX_LINKS = 16;

    private final Path archive;
    private final String kind;
    private final TarFile tar;
    private final Map<String, TarArchiveEntry> entries = new HashMap<>();

    TarReader(Path archive, String kind) throws IOException {
        this.archive = archive;
        this.kind = kind;
        try {
            this.tar = new TarFile(archive);
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot read " + kind + " " + archive + ": " + e.getMessage(), e);
        }
        for (TarArchiveEntry e : tar.getEntries()) {
            entries.put(normalise(e.getName()), e);
        }
    }

    @Override
    public String describe(String name) {
        return name + " in " + kind + " " + archive;
    }

    @Override
    public boolean has(String name) {
        return entries.containsKey(normalise(name));
    }

    /** The regular file {@code name} after following links; throws naming the archive when absent. */
    TarArchiveEntry file(String name) throws IOException {
        String current = normalise(name);
        for (int hops = 0; hops <= MAX_LINKS; hops++) {
            TarArchiveEntry e = entries.get(current);
            if (e == null) {
                throw new IOException(kind + " " + archive + " has no file " + name);
            }
            if (!e.isSymbolicLink() && !e.isLink()) {
                if (!e.isFile()) {
                    throw new IOException(describe(name) + " is not a regular file");
                }
                return e;
            }
            String target = e.getLinkName();
            String dir = current.contains("/") ? current.substring(0, current.lastIndexOf('/') + 1) : "";
            current = normalise(e.isSymbolicLink() && !target.startsWith("/") ? dir + target : target);
        }
        throw new IOException(describe(name) + " is a chain of more than " + MAX_LINKS + " links");
    }

    @Override
    public long size(String name) throws IOException {
        return file(name).getSize();
    }

    @Override
    public InputStream open(String name) throws IOException {
        return tar.getInputStream(file(name));
    }

    @Override
    public byte[] readDocument(String name) throws IOException {
        TarArchiveEntry e = file(name);
        if (e.getSize() > MAX_DOCUMENT) {
            throw new IOException(describe(name) + " is " + e.getSize() + " bytes, too large for a JSON document");
        }
        try (InputStream in = tar.getInputStream(e)) {
            byte[] bytes = in.readAllBytes();
            if (bytes.length != e.getSize()) {
                throw new IOException(describe(name) + " is truncated: " + bytes.length + " of " + e.getSize() + " bytes");
            }
            return bytes;
        }
    }

    /** Resolves {@code .} and {@code ..} and drops a leading {@code ./} or {@code /}. */
    private static String normalise(String name) {
        java.util.Deque<String> parts = new java.util.ArrayDeque<>();
        for (String p : name.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(p);
            }
        }
        return String.join("/", parts);
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }
}
