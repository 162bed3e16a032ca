package dev.berth.namespaces.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One process over time: its pid and the start time the kernel gives it in
 * {@code /proc/PID/stat} (field 22, clock ticks since boot), as systemd and podman identify a
 * process. The pair survives pid reuse: a new process with the same pid has a later start
 * time, so {@link #isAlive()} tells a dead process from a live stranger.
 *
 * @see <a href="https://man7.org/linux/man-pages/man5/proc_pid_stat.5.html">proc_pid_stat(5)</a>
 */
public record ProcessIdentity(long pid, long startTime) {
    /** Process {@code pid} as it is now; empty if there is none. */
    public static Optional<ProcessIdentity> of(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // The command name (field 2) may hold spaces and parentheses; fields after it are plain.
            String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Optional.of(new ProcessIdentity(pid, Long.parseLong(after[22 - 3])));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Whether this very process still runs (a zombie counts until it is reaped). */
    public boolean isAlive() {
        return of(pid).map(this::equals).orElse(false);
    }

    /** {@code "PID STARTTIME"}. */
    public String text() {
        return pid + " " + startTime;
    }

    /** Parses {@link #text()}. */
    public static ProcessIdentity parse(String text) {
        String[] parts = text.trim().split(" ");
        if (parts.length != 2) {
            throw new IllegalArgumentException("not \"PID STARTTIME\": " + text);
        }
        return new ProcessIdentity(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
    }
}
