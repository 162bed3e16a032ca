package dev.berth;

import dev.berth.overlayfs.store.ChainId;
import dev.berth.runtime.ContainerConfig;
import dev.berth.runtime.ContainerDirectory;
import dev.berth.runtime.ContainerOwner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link Berth#open()} does first: removes the containers of JVMs that died without
 * closing them, as podman's {@code system renumber}/refresh after a reboot and containerd's
 * start-up cleanup of dead shims do. A container whose {@code owner} (pid and start time) no
 * longer runs loses its remaining processes (the stage-1 helper's die-with-parent has killed
 * most), its cgroups, its network endpoints (veth, address, NAT rules), its layer reference and
 * its directory. It has no host mounts to undo:
 * its overlay lived only in its own mount namespace. Containers of live JVMs, this one's or
 * another sharing the home, are left alone.
 */
final class ContainerRecovery {
    /** A directory without an owner file this old was left mid-create by a dead JVM. */
    private static final Duration OWNERLESS_MIN_AGE = Duration.ofSeconds(10);
    /** How long a dead JVM's container group may take to empty once its processes are killed. */
    private static final Duration GROUP_REMOVAL_TIMEOUT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(ContainerRecovery.class);

    private final Berth berth;

    ContainerRecovery(Berth berth) {
        this.berth = berth;
    }

    /** Removes every container of a dead owner; returns their ids. */
    List<String> run() throws IOException {
        List<String> removed = new ArrayList<>();
        Path containers = berth.containersDirectory();
        if (!Files.isDirectory(containers)) {
            return removed;
        }
        List<Path> dirs;
        try (Stream<Path> s = Files.list(containers)) {
            dirs = s.filter(Files::isDirectory).toList();
        }
        for (Path d : dirs) {
            ContainerDirectory dir = ContainerDirectory.of(containers, d.getFileName().toString());
            if (isAbandoned(dir)) {
                remove(dir);
                removed.add(d.getFileName().toString());
            }
        }
        return removed;
    }

    /** Whether {@code dir}'s container is a dead JVM's, to be removed (a started detached one is not). */
    static boolean isAbandoned(ContainerDirectory dir) throws IOException {
        try {
            Optional<ContainerOwner> owner = dir.readOwner();
            if (owner.isPresent()) {
                // A detached container that started is meant to outlive its JVM: it stays until removed.
                return !owner.get().isAlive() && !(isDetached(dir) && dir.readState().isPresent() && !exitedAutoRemove(dir));
            }
            Instant made = Files.getLastModifiedTime(dir.root()).toInstant();
            return made.isBefore(Instant.now().minus(OWNERLESS_MIN_AGE));
        } catch (NoSuchFileException e) {
            return false; // removed meanwhile by its owner or another JVM's recovery
        }
    }

    /**
     * A {@code --rm} container whose stage-1 helper recorded its exit after its JVM had gone:
     * nobody removed it yet. Its removal is what {@code --rm} asked for, not a crash's cleanup.
     */
    static boolean exitedAutoRemove(ContainerDirectory dir) throws IOException {
        return dir.readConfig().lifecycle().autoRemove() && dir.readExit().isPresent();
    }

    private static boolean isDetached(ContainerDirectory dir) throws IOException {
        return Files.exists(dir.root().resolve("config.json")) && dir.readConfig().io().detached();
    }

    private void remove(ContainerDirectory dir) throws IOException {
        String id = dir.root().getFileName().toString();
        String cgroupName = "berth-" + id.substring(0, Math.min(12, id.length()));
        killProcessesIn(cgroupName);
        removeGroup(cgroupName);
        berth.networks().release(id);
        // Without config.json it died before taking its layer reference.
        if (Files.exists(dir.root().resolve("config.json"))) {
            ContainerConfig config = dir.readConfig();
            berth.layers().release(new ChainId(config.image().topLayer()), Container.layerHolder(id));
        }
        boolean autoRemove = Files.exists(dir.root().resolve("config.json")) && exitedAutoRemove(dir);
        dir.delete();
        if (autoRemove) {
            LOG.debug("removed container {} (--rm), which exited after the JVM that started it had gone", id);
        } else {
            LOG.info("removed container {} left by a JVM that died", id);
        }
    }

    /**
     * Removes the container's group. Should the kernel still list a process in it (one that
     * the scan of /proc missed while it exited, or a zombie its new parent has not reaped yet),
     * that process is killed and the removal retried, until {@link #GROUP_REMOVAL_TIMEOUT};
     * a group still left then is logged, not silently kept.
     */
    private void removeGroup(String cgroupName) throws IOException {
        var cgroups = berth.host().cgroups();
        long deadline = System.nanoTime() + GROUP_REMOVAL_TIMEOUT.toNanos();
        while (true) {
            cgroups.removeLeftovers(cgroupName);
            var left = cgroups.existing(cgroupName);
            if (left.isEmpty()) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                LOG.warn("the cgroup {} of a dead JVM's container is left: it still holds processes {}", cgroupName,
                        left.get().pids());
                return;
            }
            for (long pid : left.get().pids()) {
                // The handle records the start time, which destroy checks: a pid reused after
                // the group was read is not killed.
                ProcessHandle.of(pid).filter(p -> left.get().pids().contains(p.pid())).ifPresent(ProcessHandle::destroyForcibly);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while removing the cgroup " + cgroupName, e);
            }
        }
    }

    /**
     * SIGKILLs what is left in the container's cgroup (a process that escaped die-with-parent)
     * and waits for it to die, since the kernel removes a process from its cgroup only then.
     * Matched by cgroup path, never by a pid alone, which may have been reused.
     */
    private static void killProcessesIn(String cgroupName) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        for (List<ProcessHandle> left = processesIn(cgroupName); !left.isEmpty(); left = processesIn(cgroupName)) {
            left.forEach(ProcessHandle::destroyForcibly);
            if (System.nanoTime() > deadline) {
                throw new IOException("processes of cgroup " + cgroupName + " survive SIGKILL: " + left);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while killing the processes of cgroup " + cgroupName, e);
            }
        }
    }

    private static List<ProcessHandle> processesIn(String cgroupName) throws IOException {
        String marker = "/" + cgroupName;
        List<ProcessHandle> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("[0-9]+")).toList()) {
                try {
                    if (Files.readAllLines(p.resolve("cgroup")).stream()
                            .anyMatch(l -> l.endsWith(marker) || l.contains(marker + "/") || l.contains(marker + "-"))) {
                        ProcessHandle.of(Long.parseLong(p.getFileName().toString())).ifPresent(found::add);
                    }
                } catch (IOException gone) {
                    // ended while we looked
                }
            }
        }
        return found;
    }
}
