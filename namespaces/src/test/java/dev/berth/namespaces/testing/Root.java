package dev.berth.namespaces.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Skips a test that needs root, saying so, when the JVM does not run as root. */
public final class Root {
    private Root() {
    }

    /** True when the effective uid is 0. */
    public static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0");
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /** Aborts the calling test unless this JVM runs as root. */
    public static void require() {
        Assumptions.assumeTrue(isRoot(), "needs root (namespaces, mounts and cgroups); run the tests as root, as CI does");
    }
}
