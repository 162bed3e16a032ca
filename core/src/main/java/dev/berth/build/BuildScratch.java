package dev.berth.build;

import dev.berth.namespaces.process.ProcessIdentity;
import dev.berth.overlayfs.FileTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The scratch directories of build steps under {@code BERTH_HOME/build-tmp/}, each named after
 * the JVM that made it ({@code PID-STARTTIME-UUID}), so that {@code Berth.open()} can remove
 * those of a JVM that was killed mid-step while leaving a live JVM's alone.
 */
public final class BuildScratch {
    private BuildScratch() {
    }

    /** A new, not yet created, directory below {@code root} for this JVM. */
    static Path next(Path root) throws IOException {
        ProcessIdentity self = ProcessIdentity.of(ProcessHandle.current().pid())
                .orElseThrow(() -> new IOException("cannot read /proc/self/stat"));
        return Files.createDirectories(root).resolve(self.pid() + "-" + self.startTime() + "-" + UUID.randomUUID());
    }

    /**
     * The id of the network endpoint of the step whose scratch directory is {@code dir} (64 hex
     * digits, as a container id): the sha256 of its name, so that {@link #holdsEndpoint} can tell
     * a live build's endpoint from one a dead JVM left.
     */
    static String endpointId(Path dir) {
        return dev.berth.image.Digest.sha256(dir.getFileName().toString().getBytes(StandardCharsets.UTF_8)).encoded();
    }

    /** Whether {@code endpointId} is that of a step whose scratch directory below {@code root} still exists. */
    public static boolean holdsEndpoint(Path root, String endpointId) {
        if (!Files.isDirectory(root)) {
            return false;
        }
        try (Stream<Path> s = Files.list(root)) {
            return s.anyMatch(d -> endpointId(d).equals(endpointId));
        } catch (IOException e) {
            return true; // unreadable: keep the endpoint rather than cut a live build off
        }
    }

    /** Deletes the directories below {@code root} whose JVM has died; returns them. */
    public static List<Path> removeAbandoned(Path root) throws IOException {
        List<Path> removed = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return removed;
        }
        List<Path> dirs;
        try (Stream<Path> s = Files.list(root)) {
            dirs = s.toList();
        }
        for (Path d : dirs) {
            String[] parts = d.getFileName().toString().split("-", 3);
            boolean alive;
            try {
                alive = parts.length == 3
                        && new ProcessIdentity(Long.parseLong(parts[0]), Long.parseLong(parts[1])).isAlive();
            } catch (NumberFormatException e) {
                alive = false; // not a name this class gives
            }
            if (!alive) {
                FileTrees.delete(d);
                removed.add(d);
            }
        }
        return removed;
    }
}
