package dev.berth.build;

import dev.berth.build.context.LayerTree;
import dev.berth.build.context.SourceFile;
import dev.berth.namespaces.linux.Syscalls;
import dev.berth.overlayfs.FileStat;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Takes out of a RUN step's upper directory the mount points its launch made there (those of
 * {@code --mount} targets and of the generated {@code /etc/resolv.conf} and {@code /etc/hosts})
 * where the image had no such path, so that they do not end up in the layer, as BuildKit removes
 * its mount stubs. A parent directory that exists in the upper only because of them (empty, and
 * new or with the image's owner and mode) goes too.
 *
 * <p>The upper is the hostile step's work: it may have replaced any directory by a symlink. The
 * step's processes are gone by now, so a walk that refuses every symlink (lstat of each
 * component) cannot be raced, and nothing outside the upper is ever removed.
 */
final class MountPoints {
    private MountPoints() {
    }

    /** Removes the mount points of {@code targets} (container paths) that {@code lowers} lack, and their bare parents. */
    static void removeCreated(Syscalls sys, List<Path> lowers, Path upper, List<String> targets) throws IOException {
        LayerTree image = new LayerTree(sys, lowers, "image");
        for (String target : targets) {
            String rel = Path.of("/").relativize(Path.of("/", target).normalize()).toString();
            if (rel.isEmpty() || image.find(rel).isPresent()) {
                continue;
            }
            Optional<Path> p = inUpper(upper, rel);
            if (p.isEmpty() || !removeIfBare(p.get(), Optional.empty())) {
                continue;
            }
            for (Path parent = Path.of(rel).getParent(); parent != null; parent = parent.getParent()) {
                Optional<Path> dir = inUpper(upper, parent.toString());
                if (dir.isEmpty() || !removeIfBare(dir.get(), image.find(parent.toString()))) {
                    break;
                }
            }
        }
    }

    /** {@code rel} in the upper when every directory on the way is a real one (no symlink); empty otherwise. */
    private static Optional<Path> inUpper(Path upper, String rel) throws IOException {
        Path p = upper;
        for (Path name : Path.of(rel)) {
            FileStat parent = stat(p);
            if (parent == null || !parent.isDirectory()) {
                return Optional.empty();
            }
            p = p.resolve(name.toString());
        }
        return Optional.of(p);
    }

    /**
     * Deletes {@code p} if it is an empty file or an empty directory, and (with {@code inImage})
     * has the owner and mode of the image's directory; whether it did.
     */
    private static boolean removeIfBare(Path p, Optional<SourceFile> inImage) throws IOException {
        FileStat s = stat(p);
        if (s == null) {
            return false;
        }
        if (s.isDirectory()) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
                if (ds.iterator().hasNext()) {
                    return false;
                }
            }
            if (inImage.isPresent()) {
                FileStat was = inImage.get().stat();
                if (!was.isDirectory() || was.mode() != s.mode() || was.uid() != s.uid() || was.gid() != s.gid()) {
                    return false; // the step changed it: that change is the layer's
                }
            }
        } else if (!s.isRegular() || s.size() > 0 || inImage.isPresent()) {
            return false;
        }
        Files.delete(p);
        return true;
    }

    private static FileStat stat(Path p) throws IOException {
        try {
            return FileStat.of(p);
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
