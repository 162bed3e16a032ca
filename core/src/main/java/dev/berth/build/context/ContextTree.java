package dev.berth.build.context;

import dev.berth.overlayfs.FileStat;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A build context directory, as untrusted input: paths are looked up one element at a time
 * without following symlinks (a symlink is copied as a symlink, wherever it points), and entries
 * that {@code .dockerignore} excludes are invisible
 * (<a href="https://docs.docker.com/build/concepts/context/#dockerignore-files">.dockerignore</a>).
 */
public final class ContextTree implements SourceTree {
    private final Path root;
    private final Predicate<String> excluded;
    private final String description;

    /** The tree under {@code root}; {@code excluded} gets relative paths ({@code a/b.txt}). */
    public ContextTree(Path root, Predicate<String> excluded, String description) {
        this.root = root.toAbsolutePath().normalize();
        this.excluded = excluded;
        this.description = description;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public Optional<SourceFile> find(String path) throws IOException {
        Path p = root;
        for (String name : path.split("/")) {
            if (name.isEmpty()) {
                continue;
            }
            if (Files.isSymbolicLink(p) || !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty(); // never walk through a symlink or a file
            }
            p = p.resolve(name);
        }
        if (!path.isEmpty() && excluded.test(path)) {
            return Optional.empty();
        }
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        return Optional.of(new SourceFile(path, p, FileStat.of(p)));
    }

    @Override
    public List<SourceFile> children(SourceFile dir) throws IOException {
        List<SourceFile> out = new ArrayList<>();
        if (!dir.stat().isDirectory()) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir.file())) {
            for (Path p : ds) {
                String rel = dir.path().isEmpty() ? p.getFileName().toString() : dir.path() + "/" + p.getFileName();
                if (!excluded.test(rel)) {
                    out.add(new SourceFile(rel, p, FileStat.of(p)));
                }
            }
        }
        out.sort(Comparator.comparing(SourceFile::path));
        return out;
    }
}
