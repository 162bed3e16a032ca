package dev.berth.runtime;

import dev.berth.namespaces.process.ProcessIdentity;
import java.util.Optional;

/**
 * The JVM that owns a container, identified as a {@link ProcessIdentity} (pid and start time),
 * which survives pid reuse.
 */
public record ContainerOwner(long pid, long startTime) {
    // The pid from /proc/self, where the identity is read, rather than ProcessHandle, whose set-up
    // (a reaper thread pool) costs a listing's start more than the rest of its recovery check (#17).
    private static final ContainerOwner CURRENT = of(selfPid())
            .orElseThrow(() -> new IllegalStateException("cannot read /proc/self/stat"));

    private static long selfPid() {
        try {
            return Long.parseLong(java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self")).toString());
        } catch (java.io.IOException | NumberFormatException e) {
            return ProcessHandle.current().pid();
        }
    }

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
