package dev.berth;

import dev.berth.overlayfs.store.StoreLock;
import dev.berth.runtime.ContainerDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Container names are unique in a home, as in Docker. A name is taken once a container's
 * {@code config.json} names it; the check and the write happen under one lock
 * ({@code containers.lock} beside the containers directory) that every JVM on the home takes,
 * so two JVMs creating or renaming to the same name cannot both succeed.
 */
final class ContainerNames {
    /** Writes that take a name; run under the lock. */
    interface Claim {
        void run() throws IOException;
    }

    private ContainerNames() {
    }

    /**
     * Runs {@code claim} (which writes the config naming {@code name}) if no container but
     * {@code self} is named {@code name}.
     *
     * @throws ContainerNameConflictException when another container has it
     */
    static void claim(Path containers, String self, String image, String name, Claim claim) throws IOException {
        Files.createDirectories(containers);
        try (StoreLock.Hold held = StoreLock.forFile(containers.resolveSibling("containers.lock")).exclusive()) {
            Optional<String> holder = holderOf(containers, name, self);
            if (holder.isPresent()) {
                throw new ContainerNameConflictException(self == null ? name : self, image, name, holder.get());
            }
            claim.run();
        }
    }

    /** The id of the container other than {@code self} named {@code name}, if there is one. */
    private static Optional<String> holderOf(Path containers, String name, String self) throws IOException {
        List<Path> dirs;
        try (Stream<Path> s = Files.list(containers)) {
            dirs = s.filter(Files::isDirectory).toList();
        }
        for (Path d : dirs) {
            String id = d.getFileName().toString();
            if (id.equals(self)) {
                continue;
            }
            try {
                if (ContainerDirectory.of(containers, id).readConfig().name().equals(name)) {
                    return Optional.of(id);
                }
            } catch (IOException | RuntimeException e) {
                // being created (no config yet: its name is not taken) or removed
            }
        }
        return Optional.empty();
    }
}
