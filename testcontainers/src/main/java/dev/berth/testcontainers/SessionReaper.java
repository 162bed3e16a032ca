package dev.berth.testcontainers;

import dev.berth.Berth;
import dev.berth.Container;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what a Testcontainers session left when its JVM died without running its shutdown
 * hook (SIGKILL, the OOM killer, a crash): what Ryuk does for Docker. Its containers, networks
 * and volumes are those labelled with its session id; the engine's private socket directory and
 * the lease go too.
 * Run by the {@link SessionWatcher} as soon as the JVM is gone, and by every later
 * {@link InProcessEngine} on the store for the leases of dead JVMs (a watcher may have been
 * killed with its JVM). Containers of the dead JVM that carry no session label are Berth's own
 * recovery's: {@link Berth#open()} removes the containers of dead JVMs first.
 */
final class SessionReaper {
    private static final Logger LOG = LoggerFactory.getLogger(SessionReaper.class);

    private final Berth berth;

    SessionReaper(Berth berth) {
        this.berth = berth;
    }

    /** Reaps the session of every lease in the store whose JVM has gone; returns their session ids. */
    List<String> reapDead() throws IOException {
        List<String> reaped = new ArrayList<>();
        for (SessionLease lease : SessionLease.all(berth.home())) {
            if (!lease.isAlive()) {
                reap(lease);
                reaped.add(lease.sessionId());
            }
        }
        return reaped;
    }

    /**
     * Kills and removes the session's containers, prunes its networks and volumes (as
     * Testcontainers' hook would have), then removes its socket directory and lease.
     */
    void reap(SessionLease lease) throws IOException {
        String session = lease.sessionId();
        for (Container c : berth.listContainers()) {
            if (session.equals(c.labels().get(SessionLease.SESSION_LABEL))) {
                remove(c);
            }
        }
        berth.pruneNetworks(n -> session.equals(n.labels().get(SessionLease.SESSION_LABEL)));
        berth.volumes().prune(v -> session.equals(v.labels().get(SessionLease.SESSION_LABEL)));
        deleteTree(lease.socketDir());
        Files.deleteIfExists(lease.file());
        Files.deleteIfExists(lease.watcherLog());
        LOG.info("reaped Testcontainers session {} of JVM {} that ended without cleaning up", lease.sessionId(), lease.pid());
    }

    private static void remove(Container c) {
        try {
            if (c.isRunning()) {
                c.kill();
            }
            c.remove();
        } catch (RuntimeException e) {
            // Another reaper (the watcher, or a second JVM opening the store) may be removing it.
            LOG.debug("could not remove container {} of a dead session: {}", c.id(), e.toString());
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        // Only a directory the engine made: a damaged lease must not name any other tree.
        if (!Files.exists(dir) || !dir.getFileName().toString().startsWith(InProcessEngine.SOCKET_DIR_PREFIX)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
