package dev.berth.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The JVM that owns a container: its pid and the start time the kernel gives it in
 * {@code /proc/PID/stat} (field 22, in clock ticks since boot), as systemd and podman identify a
 * process. The pair survives pid reuse: a new process with the same pid has a later start time,
 * so {@link #isAlive()} tells a dead owner from a live stranger.
 *
 * @see <a href="https://man7.org/linux/man-pages/man5/proc_pid_stat.5.html">proc_pid_stat(5)</a>
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
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // The command name (field 2) may hold spaces and parentheses; fields after it are plain.
            String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Optional.of(new ContainerOwner(pid, Long.parseLong(after[22 - 3])));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Whether this very process still runs. */
    public boolean isAlive() {
        return of(pid).map(this::equals).orElse(false);
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
