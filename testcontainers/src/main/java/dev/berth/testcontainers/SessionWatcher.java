package dev.berth.testcontainers;

import dev.berth.Berth;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small JVM beside the test JVM that reaps its session once it is gone, however it ended:
 * Ryuk's job, without a container. It holds the read end of a pipe whose write end only the
 * test JVM has; the kernel closes that at the test JVM's exit, even on SIGKILL, and then the
 * watcher opens the store (which removes the dead JVM's containers, {@link Berth#open()}) and
 * runs the {@link SessionReaper} on the lease. After a normal exit, Testcontainers' hook has
 * pruned the session already and only the socket directory and the lease are left.
 *
 * <p>Arguments: the Berth home and the lease file.
 */
public final class SessionWatcher {
    private static final Logger LOG = LoggerFactory.getLogger(SessionWatcher.class);

    private SessionWatcher() {
    }

    /** Waits for stdin to close, then reaps the lease {@code args[1]} in the home {@code args[0]}. */
    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        Path leaseFile = Path.of(args[1]);
        InputStream parent = System.in;
        while (parent.read() != -1) {
            // nothing is sent; only the end counts
        }
        Optional<SessionLease> lease = SessionLease.read(leaseFile);
        if (lease.isEmpty()) {
            return; // reaped meanwhile by another JVM on the store
        }
        waitForExit(lease.get().pid());
        try (Berth berth = Berth.builder().home(home).build()) {
            new SessionReaper(berth).reap(lease.get());
        }
    }

    private static void waitForExit(long pid) {
        ProcessHandle.of(pid).ifPresent(h -> h.onExit().join());
    }

    /**
     * Starts the watcher for {@code lease}; empty (and the next JVM on the store reaps instead)
     * when this JVM's class path cannot be handed on, as on the module path.
     */
    static Optional<Process> start(Path home, SessionLease lease) {
        List<String> classPath;
        try {
            classPath = classPath();
        } catch (UncheckedIOException e) {
            LOG.warn("could not start the session watcher ({}); the next Berth on the store reaps this session if the JVM dies", e.getCause().toString());
            return Optional.empty();
        }
        if (classPath.isEmpty()) {
            LOG.debug("no class path to start the session watcher with");
            return Optional.empty();
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = List.of(java.toString(),
                // Small and quick: it waits, then reaps once.
                "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k",
                "-cp", String.join(File.pathSeparator, classPath),
                SessionWatcher.class.getName(), home.toString(), lease.file().toString());
        try {
            Process p = new ProcessBuilder(command)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.appendTo(lease.watcherLog().toFile()))
                    .start();
            return Optional.of(p);
        } catch (IOException e) {
            LOG.warn("could not start the session watcher ({}); the next Berth on the store reaps this session if the JVM dies", e.toString());
            return Optional.empty();
        }
    }

    /**
     * This JVM's class path with the {@code Class-Path} of manifest-only jars spelled out: a test
     * runner's (surefire's) such jar is a temporary file that is deleted before the watcher
     * reads its classes.
     */
    static List<String> classPath() {
        String cp = System.getProperty("java.class.path", "");
        Set<String> out = new LinkedHashSet<>();
        for (String entry : cp.split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                expand(Path.of(entry).toAbsolutePath(), out);
            }
        }
        return new ArrayList<>(out);
    }

    private static void expand(Path entry, Set<String> out) {
        if (!Files.exists(entry) || !out.add(entry.toString()) || !entry.toString().endsWith(".jar")) {
            return;
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            Manifest m = jar.getManifest();
            String refs = m == null ? null : m.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (refs == null) {
                return;
            }
            for (String ref : refs.trim().split("\\s+")) {
                Path p = ref.startsWith("file:") ? Path.of(java.net.URI.create(ref)) : entry.resolveSibling(ref);
                expand(p.toAbsolutePath().normalize(), out);
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new UncheckedIOException(new IOException("reading the manifest of " + entry, e));
        }
    }
}
