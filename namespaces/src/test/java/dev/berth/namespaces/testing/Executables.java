package dev.berth.namespaces.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Programs on this machine's {@code PATH}, for tests that skip where a tool is missing. */
public final class Executables {
    private Executables() {
    }

    /** The first executable {@code name} on {@code PATH}. */
    public static Optional<Path> find(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
