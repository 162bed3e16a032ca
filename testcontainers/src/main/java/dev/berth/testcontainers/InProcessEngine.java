package dev.berth.testcontainers;

import dev.berth.Berth;
import dev.berth.dockerapi.DockerApiServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * The engine of this JVM's Testcontainers session: one {@link Berth} and the Docker Engine API
 * server on a socket in a directory only this user can enter ({@code 0700}; the socket is
 * root on the host for a root JVM). Started once, on Testcontainers' first use, and never stopped
 * by this JVM: Testcontainers' shutdown hook still needs it to prune the session, and hooks
 * run in no set order. Its threads do not hold the JVM open, and what is left when the JVM
 * has gone (the socket directory, the lease, whatever a killed JVM did not prune) is the
 * {@link SessionWatcher}'s, or the next engine's on the store.
 *
 * <p>The store is {@link Berth#open()}'s default, or the folder the {@code berth.home} system
 * property names.
 */
final class InProcessEngine {
    /** The system property that names the Berth home to use. */
    static final String HOME_PROPERTY = "berth.home";
    /** How the private socket directories are named, in {@code java.io.tmpdir}. */
    static final String SOCKET_DIR_PREFIX = "berth-testcontainers-";

    private static final Logger LOG = LoggerFactory.getLogger(InProcessEngine.class);
    private static InProcessEngine engine;
    private static RuntimeException failure;

    // Held for the JVM's life, never closed (see above).
    private final Berth berth;
    private final DockerApiServer server;
    private final Path socket;
    /** Its stdin pipe closing, when this JVM ends, is what tells the watcher to reap. */
    private final Optional<Process> watcher;

    private InProcessEngine(Berth berth, DockerApiServer server, Path socket, Optional<Process> watcher) {
        this.berth = berth;
        this.server = server;
        this.socket = socket;
        this.watcher = watcher;
    }

    /**
     * This JVM's engine, started on the first call.
     *
     * @throws IllegalStateException when it cannot start (then on every later call too, as
     *                               Testcontainers fails fast after a first failure)
     */
    static synchronized InProcessEngine get() {
        if (engine == null && failure == null) {
            try {
                engine = start();
            } catch (IOException | RuntimeException e) {
                failure = new IllegalStateException("could not start Berth's Docker Engine API in this JVM: " + e.getMessage(), e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return engine;
    }

    private static InProcessEngine start() throws IOException {
        Berth berth = open();
        Path dir = null;
        DockerApiServer server = null;
        try {
            new SessionReaper(berth).reapDead();
            dir = Files.createTempDirectory(SOCKET_DIR_PREFIX,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path socket = dir.resolve("docker.sock");
            server = DockerApiServer.start(berth, socket);
            TestcontainersSetup.replaceRyuk();
            TestcontainersSetup.answerFileMountProbe();
            SessionLease lease = SessionLease.write(berth.home(), DockerClientFactory.SESSION_ID, dir);
            Optional<Process> watcher = SessionWatcher.start(berth.home(), lease);
            LOG.info("Berth serves the Docker Engine API for Testcontainers on {} (store {})", socket, berth.home());
            return new InProcessEngine(berth, server, socket, watcher);
        } catch (IOException | RuntimeException e) {
            if (server != null) {
                server.close();
            }
            if (dir != null) {
                Files.deleteIfExists(dir.resolve("docker.sock"));
                Files.deleteIfExists(dir);
            }
            berth.close();
            throw e;
        }
    }

    private static Berth open() throws IOException {
        String home = System.getProperty(HOME_PROPERTY);
        return home == null || home.isBlank() ? Berth.open() : Berth.builder().home(Path.of(home)).build();
    }

    /** The socket Testcontainers connects to. */
    Path socket() {
        return socket;
    }
}
