package dev.berth;

import dev.berth.runtime.ContainerConfig;
import dev.berth.runtime.ContainerDirectory;
import dev.berth.runtime.ContainerOwner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * The containers of a home across JVMs, read from their directories, for listing and for
 * {@code docker rm} of containers whose owning process has gone
 * (<a href="https://docs.docker.com/reference/cli/docker/container/rm/">docker rm</a>).
 */
final class StoredContainers {
    private final Berth berth;

    StoredContainers(Berth berth) {
        this.berth = berth;
    }

    /** Every container with a config, newest first. */
    List<ContainerSummary> list() throws IOException {
        List<ContainerSummary> found = new ArrayList<>();
        for (ContainerDirectory dir : directories(berth.containersDirectory())) {
            summary(dir).ifPresent(found::add);
        }
        found.sort(Comparator.comparing(ContainerSummary::created).reversed());
        return found;
    }

    /** The container directories below {@code containers}, none if it does not exist yet. */
    static List<ContainerDirectory> directories(Path containers) throws IOException {
        if (!Files.isDirectory(containers)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(containers)) {
            return s.filter(Files::isDirectory).map(d -> ContainerDirectory.of(containers, d.getFileName().toString()))
                    .toList();
        }
    }

    private static Optional<ContainerSummary> summary(ContainerDirectory dir) throws IOException {
        try {
            if (!Files.exists(dir.root().resolve("config.json"))) {
                return Optional.empty(); // being created
            }
            ContainerConfig c = dir.readConfig();
            Optional<ContainerState> state = dir.readState();
            if (state.isEmpty()) {
                return Optional.empty();
            }
            OptionalLong owner = dir.readOwner().filter(ContainerOwner::isAlive)
                    .map(o -> OptionalLong.of(o.pid())).orElse(OptionalLong.empty());
            return Optional.of(new ContainerSummary(c.id(), c.name(), c.image(), c.argv(), Instant.parse(c.created()),
                    state.get(), owner, dir.root()));
        } catch (NoSuchFileException e) {
            return Optional.empty(); // removed while we looked
        }
    }

    /** The one container {@code nameOrId} names. */
    ContainerSummary find(String nameOrId) throws IOException {
        List<ContainerSummary> matches = list().stream().filter(c -> c.isNamed(nameOrId)).toList();
        Optional<ContainerSummary> byName = matches.stream().filter(c -> c.name().equals(nameOrId)).findFirst();
        if (byName.isPresent()) {
            return byName.get();
        }
        if (matches.isEmpty()) {
            throw new IllegalArgumentException("no such container: " + nameOrId);
        }
        if (matches.size() > 1) {
            throw new IllegalArgumentException("container id prefix " + nameOrId + " is ambiguous: it matches "
                    + matches.stream().map(c -> c.id().substring(0, 12)).toList());
        }
        return matches.get(0);
    }

    /** Removes the exited container {@code nameOrId}; fails while it runs. */
    void remove(String nameOrId) throws IOException {
        ContainerSummary c = find(nameOrId);
        for (Container mine : berth.containers()) {
            if (mine.id().equals(c.id())) {
                mine.remove();
                return;
            }
        }
        if (c.state().running()) {
            throw new IllegalStateException("container " + c.name() + " is running: stop it before removing it");
        }
        if (c.owner().isPresent()) {
            throw new IllegalStateException("container " + c.name() + " belongs to process " + c.owner().getAsLong()
                    + ", which still runs: remove it there");
        }
        new ContainerRecovery(berth).remove(ContainerDirectory.of(berth.containersDirectory(), c.id()));
    }
}
