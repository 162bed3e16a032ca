package dev.berth.cli;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where the process that runs a container listens for the verbs of other {@code berth}
 * processes (exec, stop, kill, stats): a Unix socket {@code BERTH_HOME/run/ID12.sock}, owner-only,
 * as conmon keeps one attach socket per container.
 */
final class ControlSocket {
    /** sun_path holds 108 bytes, the last a NUL (unix(7)). */
    private static final int MAX_PATH = 107;

    private ControlSocket() {
    }

    static Path path(Path home, String containerId) throws IOException {
        Path p = home.toAbsolutePath().resolve("run").resolve(containerId.substring(0, 12) + ".sock");
        if (p.toString().getBytes().length > MAX_PATH) {
            throw new IOException("control socket path " + p + " is longer than " + MAX_PATH
                    + " bytes, the limit of a Unix socket: use a shorter BERTH_HOME");
        }
        return p;
    }
}
