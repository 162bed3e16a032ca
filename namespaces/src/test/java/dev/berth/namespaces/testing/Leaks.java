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
        try (Stream<Path> s = Files.walk(Path.of("/sys/fs/cgroup"), 8)) {
            s.filter(Files::isDirectory).filter(p -> p.getFileName() != null && p.getFileName().toString().contains(marker))
                    .forEach(found::add);
        }
        return found;
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
