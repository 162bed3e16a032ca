package dev.berth.network;

import dev.berth.overlayfs.store.StoreLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code Berth.open()} does for networking after JVMs died without detaching their
 * containers: frees their endpoints, deletes bridges left without endpoints, and removes the
 * bridges (with their NAT tables) of homes that have since been deleted, found by the alias
 * that names each bridge's home.
 */
final class NetworkRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(Networks.class);

    private final Networks networks;
    private final NetworkStore store;
    private final Path home;

    NetworkRecovery(Networks networks, NetworkStore store, Path home) {
        this.networks = networks;
        this.store = store;
        this.home = home;
    }

    /**
     * Detaches endpoints whose container no longer {@code exists}, deletes bridges of this home's
     * networks that have none, and bridges of homes that have been deleted. Root only: only root
     * makes bridges and can remove them.
     */
    void recover(Predicate<String> exists) throws IOException {
        boolean anyBridge = sweepBridgesOfDeletedHomes();
        if (!Files.isDirectory(home.resolve("networks")) && !anyBridge) {
            return;
        }
        try (StoreLock.Hold lock = store.lock()) {
            Set<String> gone = new HashSet<>();
            for (NetworkRecord r : store.all()) {
                r.endpoints().stream().map(NetworkRecord.Endpoint::containerId).filter(exists.negate()).forEach(gone::add);
            }
            networks.releaseLocked(gone);
            for (NetworkRecord r : store.all()) {
                if (!r.endpoints().isEmpty()) {
                    continue;
                }
                // Kept idle (IdleBridges) after the removal of a dead JVM's containers just now: it goes with its rules.
                boolean wasIdle = networks.forgetIdleLocked(r.name());
                boolean deleted = networks.hostLinks().delete(r.bridge());
                if (deleted) {
                    LOG.info("removed bridge {} left by a JVM that died", r.bridge());
                }
                if (deleted || wasIdle) {
                    networks.applyNat();
                }
            }
        }
    }

    /** Deletes berth bridges whose alias names a home directory that no longer exists; whether any berth bridge exists. */
    private boolean sweepBridgesOfDeletedHomes() throws IOException {
        List<Path> links;
        try (Stream<Path> s = Files.list(Path.of("/sys/class/net"))) {
            links = s.filter(p -> p.getFileName().toString().startsWith("berth")).toList();
        }
        for (Path link : links) {
            String alias;
            try {
                alias = Files.readString(link.resolve("ifalias")).trim();
            } catch (NoSuchFileException e) {
                continue;
            }
            Path owner = Networks.homeOfBridgeAlias(alias);
            if (owner != null && !Files.isDirectory(owner)) {
                try {
                    networks.hostLinks().delete(link.getFileName().toString());
                    NatRules.detect(Networks.tableName(owner)).apply(List.of());
                    LOG.info("removed bridge {} of deleted home {}", link.getFileName(), owner);
                } catch (IOException | RuntimeException e) {
                    LOG.warn("cannot remove bridge {} of deleted home {}", link.getFileName(), owner, e);
                }
            }
        }
        return !links.isEmpty();
    }
}
