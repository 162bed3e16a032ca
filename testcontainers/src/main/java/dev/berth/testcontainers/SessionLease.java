package dev.berth.testcontainers;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The record that a Testcontainers session runs on a Berth store: its session id (the value of
 * Testcontainers' {@code org.testcontainers.sessionId} label), the JVM that runs it (pid and
 * start time, so that a reused pid is not taken for it) and its private socket directory. Kept
 * in {@code BERTH_HOME/testcontainers-sessions/SESSION}, where any later JVM finds the leases of
 * dead ones.
 *
 * @param file      where it is kept
 * @param sessionId Testcontainers' session id
 * @param pid       the JVM's pid
 * @param started   the JVM's start time, to the millisecond
 * @param socketDir the private directory of the engine's socket
 */
record SessionLease(Path file, String sessionId, long pid, long started, Path socketDir) {
    /** Testcontainers' label on everything a session creates ({@code DockerClientFactory.TESTCONTAINERS_SESSION_ID_LABEL}). */
    static final String SESSION_LABEL = "org.testcontainers.sessionId";

    /** The folder of the leases in {@code home}. */
    static Path directory(Path home) {
        return home.resolve("testcontainers-sessions");
    }

    /** Records that this JVM runs {@code sessionId} with its socket in {@code socketDir}. */
    static SessionLease write(Path home, String sessionId, Path socketDir) throws IOException {
        return write(home, sessionId, ProcessHandle.current(), socketDir);
    }

    /** Records that {@code owner} runs {@code sessionId} with its socket in {@code socketDir}. */
    static SessionLease write(Path home, String sessionId, ProcessHandle owner, Path socketDir) throws IOException {
        SessionLease lease = new SessionLease(directory(home).resolve(sessionId), sessionId, owner.pid(),
                startMillis(owner).orElse(0L), socketDir);
        if (!Files.isDirectory(lease.file().getParent())) {
            // Owner-only, as everything in the home: the leases name the sockets' directories.
            Files.createDirectories(lease.file().getParent(),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Properties p = new Properties();
        p.setProperty("session", sessionId);
        p.setProperty("pid", Long.toString(lease.pid()));
        p.setProperty("started", Long.toString(lease.started()));
        p.setProperty("socketDir", socketDir.toString());
        Path tmp = Files.createTempFile(lease.file().getParent(), ".lease-", ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp)) {
            p.store(w, "a Testcontainers session on Berth (berth-testcontainers)");
        }
        Files.move(tmp, lease.file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return lease;
    }

    /** Reads the lease kept in {@code file}; empty when it is gone or unreadable (being written or removed). */
    static Optional<SessionLease> read(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
            return Optional.of(new SessionLease(file, p.getProperty("session"), Long.parseLong(p.getProperty("pid")),
                    Long.parseLong(p.getProperty("started")), Path.of(p.getProperty("socketDir"))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Every lease kept in {@code home}. */
    static List<SessionLease> all(Path home) throws IOException {
        Path dir = directory(home);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<SessionLease> leases = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            // A lease is named by its session id alone; temporary files and watcher logs have a dot.
            for (Path f : files.filter(f -> !f.getFileName().toString().contains(".")).toList()) {
                read(f).ifPresent(leases::add);
            }
        }
        return leases;
    }

    /** Where the session's watcher writes what goes wrong; removed with the lease once reaped. */
    Path watcherLog() {
        return file.resolveSibling(sessionId + ".watcher.log");
    }

    /** Whether the JVM that took the lease still runs (the same process, not a reuse of its pid). */
    boolean isAlive() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .map(h -> startMillis(h).map(s -> s == started).orElse(true))
                .orElse(false);
    }

    private static Optional<Long> startMillis(ProcessHandle h) {
        return h.info().startInstant().map(Instant::toEpochMilli);
    }
}
