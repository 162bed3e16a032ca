package dev.berth.runtime;

import dev.berth.namespaces.linux.Syscalls;
import dev.berth.overlayfs.LayerStack;
import dev.berth.overlayfs.MergedCopy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The anonymous volumes Docker gives an image's {@code VOLUME} paths
 * (<a href="https://docs.docker.com/reference/dockerfile/#volume">VOLUME</a>): each path that no
 * bind, named volume or tmpfs of the caller covers gets a fresh directory, seeded with what the
 * image has there, so writes to it bypass the container's upper (and {@code commit}). They live
 * in the container's directory and go when it is removed, as with {@code docker run --rm}.
 */
public final class AnonymousVolumes {
    private AnonymousVolumes() {
    }

    /** The image's volume paths, cleaned, that none of {@code mountedPaths} is, sorted. */
    public static List<String> uncovered(Set<String> imageVolumes, Collection<String> mountedPaths) {
        Set<String> covered = new TreeSet<>();
        mountedPaths.forEach(p -> covered.add(clean(p)));
        Set<String> out = new TreeSet<>();
        for (String v : imageVolumes == null ? Set.<String>of() : imageVolumes) {
            String path = clean(v);
            if (!path.startsWith("/") || path.equals("/")) {
                throw new IllegalArgumentException("image VOLUME \"" + v + "\" is not an absolute path below /");
            }
            if (!covered.contains(path)) {
                out.add(path);
            }
        }
        return List.copyOf(out);
    }

    /** Where the volume for the {@code index}-th of {@link #uncovered}'s paths lives. */
    public static Path directory(Path volumesDir, int index) {
        return volumesDir.resolve(Integer.toString(index));
    }

    /**
     * Makes the directories of {@code paths} below {@code volumesDir}, each a copy of the image's
     * directory at that path (its files, modes and owners) or empty where the image has none,
     * read and copied through {@code sys}.
     */
    public static void create(Syscalls sys, List<Path> lowersHighestFirst, List<String> paths, Path volumesDir)
            throws IOException {
        Files.createDirectories(volumesDir);
        LayerStack image = new LayerStack(sys, lowersHighestFirst);
        MergedCopy copy = new MergedCopy(sys);
        for (int i = 0; i < paths.size(); i++) {
            Path dir = directory(volumesDir, i);
            Optional<LayerStack.Node> there = image.find(paths.get(i));
            if (there.isEmpty()) {
                Files.createDirectory(dir);
            } else if (there.get().stat().isDirectory()) {
                copy.copy(there.get(), dir);
            } else {
                throw new IOException("image VOLUME " + paths.get(i) + " is not a directory in the image");
            }
        }
    }

    private static String clean(String path) {
        String p = Path.of(path).normalize().toString();
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }
}
