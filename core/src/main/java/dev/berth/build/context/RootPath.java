package dev.berth.build.context;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Resolves a path inside an image's root the way a process chrooted there would: a symlink on the
 * way is followed, an absolute target taken from the image's root, and {@code ..} never climbs
 * above the root (as Docker's {@code FollowSymlinkInScope} does), so that {@code COPY x /bin/}
 * lands in {@code /usr/bin} of a merged-usr image instead of shadowing its {@code /bin} link.
 */
public final class RootPath {
    private static final int MAX_LINKS = 40;

    private RootPath() {
    }

    /**
     * {@code path} (absolute) with every symlink among its directories followed, and the last
     * element too when it is a link to a directory; a trailing {@code /} is kept.
     */
    public static String resolve(LayerTree image, String path) throws IOException {
        return resolve(image, path, new int[] {MAX_LINKS});
    }

    private static String resolve(LayerTree image, String path, int[] linksLeft) throws IOException {
        Deque<String> todo = new ArrayDeque<>(elements(path));
        List<String> done = new ArrayList<>();
        while (!todo.isEmpty()) {
            String name = todo.removeFirst();
            if (name.equals("..")) {
                if (!done.isEmpty()) {
                    done.remove(done.size() - 1);
                }
                continue;
            }
            List<String> candidate = new ArrayList<>(done);
            candidate.add(name);
            Optional<SourceFile> f = image.find(String.join("/", candidate));
            if (f.isPresent() && f.get().stat().isSymlink()
                    && (!todo.isEmpty() || isDirectory(image, f.get(), linksLeft))) {
                if (--linksLeft[0] < 0) {
                    throw new IllegalArgumentException("too many symlinks in " + path + " in the image");
                }
                String target = Files.readSymbolicLink(f.get().file()).toString();
                List<String> next = new ArrayList<>(elements(target));
                next.addAll(todo);
                todo.clear();
                todo.addAll(next);
                if (target.startsWith("/")) {
                    done.clear();
                }
                continue;
            }
            done.add(name);
        }
        String out = "/" + String.join("/", done);
        return path.endsWith("/") && !out.endsWith("/") ? out + "/" : out;
    }

    private static boolean isDirectory(LayerTree image, SourceFile link, int[] linksLeft) throws IOException {
        if (--linksLeft[0] < 0) {
            throw new IllegalArgumentException("too many symlinks at /" + link.path() + " in the image");
        }
        String parent = link.path().contains("/") ? link.path().substring(0, link.path().lastIndexOf('/')) : "";
        String target = Files.readSymbolicLink(link.file()).toString();
        String resolved = resolve(image, target.startsWith("/") ? target : "/" + parent + "/" + target, linksLeft);
        return image.find(resolved.substring(1).replaceAll("/+$", "")).map(f -> f.stat().isDirectory()).orElse(false);
    }

    private static List<String> elements(String path) {
        List<String> out = new ArrayList<>();
        for (String e : path.split("/")) {
            if (!e.isEmpty() && !e.equals(".")) {
                out.add(e);
            }
        }
        return out;
    }
}
