package dev.berth.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.ContainerState;
import dev.berth.image.store.AtomicFile;
import dev.berth.overlayfs.FileTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One container's directory, {@code BERTH_HOME/containers/ID/}, as Docker keeps
 * {@code /var/lib/docker/containers/ID/}:
 * <pre>
 * owner         the JVM that runs it ({@link ContainerOwner}), written first: a directory whose
 *               owner has died is a crashed JVM's leftover
 * config.json   what it was created with ({@link ContainerConfig})
 * state.json    running or exited, exit code, times
 * log.json      its output in Docker's json-file format ({@link ContainerLog})
 * etc/          the generated hostname, hosts and resolv.conf, bound into it
 * upper/ work/  the overlay's writable layer and work directory
 * merged/       where the overlay is mounted (inside the container's mount namespace only)
 * </pre>
 * The JSON files are replaced atomically, so a reader in another JVM never sees half of one.
 */
public final class ContainerDirectory {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;

    private ContainerDirectory(Path root) {
        this.root = root;
    }

    /** The directory of container {@code id} below {@code containers}; nothing is created. */
    public static ContainerDirectory of(Path containers, String id) {
        return new ContainerDirectory(containers.resolve(id));
    }

    /** Creates the directory, owned by {@code owner}, and its sub-directories; fails if it exists. */
    public ContainerDirectory create(ContainerOwner owner) throws IOException {
        Files.createDirectories(root.getParent());
        Files.createDirectory(root);
        writeOwner(owner);
        for (Path d : new Path[] {upper(), work(), merged(), etc()}) {
            Files.createDirectory(d);
        }
        return this;
    }

    public Path root() {
        return root;
    }

    public Path upper() {
        return root.resolve("upper");
    }

    public Path work() {
        return root.resolve("work");
    }

    public Path merged() {
        return root.resolve("merged");
    }

    public Path etc() {
        return root.resolve("etc");
    }

    /** The anonymous volumes of the image's {@code VOLUME}s, removed with the container. */
    public Path volumes() {
        return root.resolve("volumes");
    }

    public ContainerLog log() {
        return ContainerLog.at(root.resolve("log.json"));
    }

    /** Writes {@code etc/NAME} (hostname, hosts, resolv.conf) and returns it. */
    public Path writeEtc(String name, String content) throws IOException {
        Path file = etc().resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    /** Records the JVM that runs the container now (restart in another JVM changes it). */
    public void writeOwner(ContainerOwner owner) throws IOException {
        AtomicFile.write(root.resolve("owner"), owner.text().getBytes(StandardCharsets.UTF_8), root);
    }

    /** The owner, or empty while the directory is being created (or was left just then). */
    public java.util.Optional<ContainerOwner> readOwner() throws IOException {
        try {
            return java.util.Optional.of(ContainerOwner.parse(Files.readString(root.resolve("owner"))));
        } catch (java.nio.file.NoSuchFileException e) {
            return java.util.Optional.empty();
        }
    }

    public void writeConfig(ContainerConfig config) throws IOException {
        AtomicFile.write(root.resolve("config.json"), JSON.writeValueAsBytes(config), root);
    }

    public ContainerConfig readConfig() throws IOException {
        return JSON.readValue(root.resolve("config.json").toFile(), ContainerConfig.class);
    }

    public void writeState(ContainerState state) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("Status", state.status().name().toLowerCase(java.util.Locale.ROOT));
        n.put("Running", state.running());
        n.put("Pid", state.pid());
        n.put("ExitCode", state.exitCode());
        n.put("OOMKilled", state.oomKilled());
        n.put("StartedAt", state.startedAt().toString());
        n.put("FinishedAt", state.finished().map(Object::toString).orElse(null));
        AtomicFile.write(root.resolve("state.json"), JSON.writeValueAsBytes(n), root);
    }

    /**
     * The state last written to {@code state.json}; empty before the first write. A reader in
     * another JVM sees what the owner recorded, which is "running" if the owner died first.
     */
    public java.util.Optional<ContainerState> readState() throws IOException {
        com.fasterxml.jackson.databind.JsonNode n;
        try {
            n = JSON.readTree(Files.readAllBytes(root.resolve("state.json")));
        } catch (java.nio.file.NoSuchFileException e) {
            return java.util.Optional.empty();
        }
        String finished = n.path("FinishedAt").asText(null);
        return java.util.Optional.of(new ContainerState(
                ContainerState.Status.valueOf(n.path("Status").asText().toUpperCase(java.util.Locale.ROOT)),
                n.path("Pid").asInt(), n.path("ExitCode").asInt(), n.path("OOMKilled").asBoolean(),
                java.time.Instant.parse(n.path("StartedAt").asText()),
                finished == null || n.path("FinishedAt").isNull() ? null : java.time.Instant.parse(finished)));
    }

    /** Removes the whole directory, including overlay's mode-000 work directory. */
    public void delete() throws IOException {
        if (Files.exists(root)) {
            FileTrees.delete(root);
        }
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
