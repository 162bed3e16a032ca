package dev.berth.image.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The files of an OCI image layout directory ({@code oci:DIR}). */
final class DirectoryFiles implements LayoutFiles {
    private static final long MAX_DOCUMENT = 64L << 20;

    private final Path dir;

    DirectoryFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "no such OCI layout directory");
        }
        this.dir = dir;
    }

    @Override
    public String describe(String name) {
        return name + " in oci " + dir;
    }

    @Override
    public boolean has(String name) {
        return Files.isRegularFile(dir.resolve(name));
    }

    @Override
    public long size(String name) throws IOException {
        return Files.size(file(name));
    }

    @Override
    public InputStream open(String name) throws IOException {
        return Files.newInputStream(file(name));
    }

    @Override
    public byte[] readDocument(String name) throws IOException {
        if (size(name) > MAX_DOCUMENT) {
            throw new IOException(describe(name) + " is " + size(name) + " bytes, too large for a JSON document");
        }
        return Files.readAllBytes(file(name));
    }

    private Path file(String name) throws IOException {
        Path file = dir.resolve(name).normalize();
        if (!file.startsWith(dir.normalize()) || !Files.isRegularFile(file)) {
            throw new IOException("oci " + dir + " has no file " + name);
        }
        return file;
    }

    @Override
    public void close() {
    }
}
