package dev.berth.runtime;

import dev.berth.namespaces.process.ProcessIdentity;
import java.util.Optional;

/**
 * The JVM that owns a container, identified as a {@link ProcessIdentity} (pid and start time),
 * which survives pid reuse.
 */
public record ContainerOwner(long pid, long startTime) {
    private static final ContainerOwner CURRENT = of(ProcessHandle.current().pid())
            .orElseThrow(() -> new IllegalStateException("cannot read /proc/self/stat"));

    /** This JVM. */
    public static ContainerOwner current() {
        return CURRENT;
    }

    /** Process {@code pid} as it is now; empty if there is none. */
    public static Optional<ContainerOwner> of(long pid) {
        return ProcessIdentity.of(pid).map(p -> new ContainerOwner(p.pid(), p.startTime()));
    }

    /** Whether this very process still runs. */
    public boolean isAlive() {
        return new ProcessIdentity(pid, startTime).isAlive();
    }

    /** The form kept in the container directory's {@code owner} file. */
    public String text() {
        return pid + " " + startTime + "\n";
    }

    /** Parses {@link #text()}. */
    public static ContainerOwner parse(String text) {
        String[] parts = text.trim().split(" ");
        return new ContainerOwner(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
    }
}
