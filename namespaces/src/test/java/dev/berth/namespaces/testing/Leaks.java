package dev.berth.namespaces.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** What a test left behind on the host: mounts, cgroups and processes that carry a marker. */
public final class Leaks {
    private Leaks() {
    }

    /** Host mount lines mentioning {@code marker}. */
    public static List<String> mounts(String marker) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().filter(l -> l.contains(marker)).toList();
    }

    /** cgroup directories (any hierarchy) whose name contains {@code marker}. */
    public static List<Path> cgroups(String marker) throws IOException {
        List<Path> found = new ArrayList<>();
        collect(Path.of("/sys/fs/cgroup"), 8, marker, found);
        return found;
    }

    /** A walk that tolerates directories vanishing under it: other tests remove their groups. */
    private static void collect(Path dir, int depth, String marker, List<Path> found) throws IOException {
        List<Path> children;
        try (Stream<Path> s = Files.list(dir)) {
            children = s.filter(p -> Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).toList();
        } catch (java.nio.file.NoSuchFileException | java.io.UncheckedIOException gone) {
            return;
        }
        for (Path c : children) {
            if (c.getFileName().toString().contains(marker)) {
                found.add(c);
            }
            if (depth > 1) {
                collect(c, depth - 1, marker, found);
            }
        }
    }

    /** Processes whose command line contains {@code marker}. */
    public static List<String> processes(String marker) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("/proc"))) {
            for (Path p : s.filter(p -> p.getFileName().toString().matches("[0-9]+")).toList()) {
                try {
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline"))).replace('\0', ' ');
                    if (cmd.contains(marker) && !cmd.contains("surefire")) {
                        found.add(p.getFileName() + ": " + cmd);
                    }
                } catch (IOException gone) {
                    // the process ended while we looked
                }
            }
        }
        return found;
    }
}
