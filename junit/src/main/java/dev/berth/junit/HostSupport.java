package dev.berth.junit;

import dev.berth.namespaces.launch.Launcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether this host can run Berth containers, and if not why, checked once per JVM: root (the
 * rootless launch path does not exist yet), and a stage-1 helper that loads.
 */
final class HostSupport {
    private static final Optional<String> REASON = check();

    private HostSupport() {
    }

    /** Why containers cannot run here; empty when they can. */
    static Optional<String> missing() {
        return REASON;
    }

    private static Optional<String> check() {
        try {
            String uid = Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("Uid:")).findFirst().orElse("Uid: ?").split("\\s+")[2];
            if (!uid.equals("0")) {
                return Optional.of("Berth containers need root here (effective uid " + uid
                        + "); rootless containers are not supported yet");
            }
        } catch (IOException | RuntimeException e) {
            return Optional.of("cannot tell whether this process is root: " + e);
        }
        try {
            Launcher.system();
        } catch (RuntimeException | LinkageError e) {
            return Optional.of("the Berth stage-1 helper cannot start on this host: " + e);
        }
        return Optional.empty();
    }
}
