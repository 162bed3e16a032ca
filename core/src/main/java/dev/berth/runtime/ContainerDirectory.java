package dev.berth.runtime;

import dev.berth.log.LogOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.json.JsonTreeWriter;
import dev.berth.json.JsonTrees;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.ContainerState;
import dev.berth.namespaces.fs.AtomicFile;
import dev.berth.namespaces.Namespace;
import dev.berth.namespaces.process.ExitStatus;
import dev.berth.namespaces.process.IsolatedProcess;
import dev.berth.namespaces.process.ProcessIdentity;
import dev.berth.overlayfs.FileTrees;
import dev.berth.overlayfs.store.StoreLock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One container's directory, {@code BERTH_HOME/containers/ID/}, as Docker keeps
 * {@code /var/lib/docker/containers/ID/}:
 * <pre>
 * owner         the JVM that runs it ({@link ContainerOwner}), written first: a directory whose
 *               owner has died is a crashed JVM's leftover
 * config.json   what it was created with ({@link ContainerConfig})
 * state.json    running or exited, exit code, times
 * log.json      its output in Docker's json-file format ({@link ContainerLog}); older output in
 *               log.json.1, .2, ... as its {@link LogOptions} rotate it
 * etc/          the generated hostname, hosts and resolv.conf, bound into it
 * upper/ work/  the overlay's writable layer and work directory
 * merged/       where the overlay is mounted (inside the container's mount namespace only)
 * </pre>
 * The JSON files are replaced atomically, so a reader in another JVM never sees half of one.
 */
public final class ContainerDirectory {
    /** The mapper, for writing and binding (#17: reading state needs only {@link JsonTrees}). */
    private static ObjectMapper json() {
        return dev.berth.json.Json.mapper();
    }


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

    /**
     * The root file system of a container of the copy ("vfs") storage driver: its image's layers
     * copied into one directory, which it then writes to. Absent for an overlay container, whose
     * root is mounted from the layers and {@link #upper()}.
     */
    public Path copiedRoot() {
        return root.resolve("vfs").resolve("rootfs");
    }

    /** Whether the container's root is a copy ({@link #copiedRoot()}) rather than an overlay. */
    public boolean hasCopiedRoot() {
        return Files.isDirectory(copiedRoot());
    }

    /** The anonymous volumes of the image's {@code VOLUME}s, removed with the container. */
    public Path volumes() {
        return root.resolve("volumes");
    }

    public ContainerLog log(LogOptions options) {
        return ContainerLog.at(root.resolve("log.json"), options);
    }

    /** The container's {@code --add-host} lines ({@link ExtraHosts}), written into each new {@code etc/hosts}. */
    public Path extraHosts() {
        return root.resolve("extra-hosts");
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

    /**
     * Makes {@code owner} the recorded owner, writing only when another is recorded: a start
     * right after the create in the same JVM (docker run, Testcontainers) finds itself there
     * already, durably, and saves the two syncs of a rewrite.
     */
    public void recordOwner(ContainerOwner owner) throws IOException {
        java.util.Optional<ContainerOwner> recorded;
        try {
            recorded = readOwner();
        } catch (RuntimeException damaged) {
            recorded = java.util.Optional.empty(); // not a record of anyone: written anew
        }
        if (!recorded.filter(owner::equals).isPresent()) {
            writeOwner(owner);
        }
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
        // By hand, byte for byte the mapper's form: building the mapper cost every run ~80 ms (#17).
        AtomicFile.write(root.resolve("config.json"), ContainerConfigWriter.write(config), root);
    }

    public ContainerConfig readConfig() throws IOException {
        Path file = root.resolve("config.json");
        JsonNode tree = JsonTrees.read(file);
        if (tree == null || !tree.isObject()) {
            throw new IOException(file + " is not a container config: not a JSON object");
        }
        // An earlier Berth wrote the config flat, with argv at the top level.
        if (tree.has("argv")) {
            return json().treeToValue(tree, LegacyContainerConfig.class).upgrade();
        }
        ContainerConfig read = ContainerConfigTree.read(tree); // without data binding's start-up cost (#17)
        return read != null ? read : json().treeToValue(tree, ContainerConfig.class);
    }

    /** Where the stage-1 helper writes how the main process ended ({@code exit N} or {@code signal N}). */
    public Path exitFile() {
        return root.resolve("exit");
    }

    /**
     * Writes {@code state.json}; while the container runs, also the identities of {@code process}
     * and its helper and its namespaces, which let another JVM {@link #readState() reattach} to it.
     */
    public void writeState(ContainerState state, IsolatedProcess process, int restartCount) throws IOException {
        ObjectNode n = JsonNodeFactory.instance.objectNode(); // no mapper needed for a tree (#17)
        n.put("Status", state.status().name().toLowerCase(Locale.ROOT));
        n.put("Running", state.running());
        n.put("Pid", state.pid());
        n.put("ExitCode", state.exitCode());
        n.put("OOMKilled", state.oomKilled());
        n.put("StartedAt", state.started().map(Object::toString).orElse(null));
        n.put("RestartCount", restartCount);
        n.put("FinishedAt", state.finished().map(Object::toString).orElse(null));
        if (state.running() && process != null) {
            ProcessIdentity.of(process.pid()).ifPresent(p -> n.put("Process", p.text()));
            ProcessIdentity.of(process.helperPid()).ifPresent(p -> n.put("Helper", p.text()));
            ArrayNode ns = n.putArray("Namespaces");
            process.namespaces().forEach(t -> ns.add(t.procName()));
            // Where another JVM reads its OOM kills once it has exited (the maker of its cgroups may be gone).
            ArrayNode cgroups = n.putArray("Cgroups");
            process.cgroupProcsFiles().forEach(f -> cgroups.add(f.getParent().toString()));
        }
        AtomicFile.write(root.resolve("state.json"), JsonTreeWriter.write(n), root);
    }

    /** What {@code state.json} says; empty when there is none (the container never started). */
    public Optional<RecordedState> readState() throws IOException {
        JsonNode n;
        try {
            n = JsonTrees.read(root.resolve("state.json"));
        } catch (java.io.FileNotFoundException | NoSuchFileException e) {
            return Optional.empty();
        }
        boolean running = n.path("Running").asBoolean();
        String finished = n.path("FinishedAt").isTextual() ? n.path("FinishedAt").asText() : null;
        String started = n.path("StartedAt").isTextual() ? n.path("StartedAt").asText() : null;
        ContainerState.Status status = running ? ContainerState.Status.RUNNING
                : "created".equals(n.path("Status").asText()) ? ContainerState.Status.CREATED : ContainerState.Status.EXITED;
        ContainerState state = new ContainerState(status,
                n.path("Pid").asInt(), n.path("ExitCode").asInt(), n.path("OOMKilled").asBoolean(),
                started == null ? null : Instant.parse(started), finished == null ? null : Instant.parse(finished));
        Set<Namespace.Type> namespaces = EnumSet.noneOf(Namespace.Type.class);
        n.path("Namespaces").forEach(t -> {
            for (Namespace.Type type : Namespace.Type.values()) {
                if (type.procName().equals(t.asText())) {
                    namespaces.add(type);
                }
            }
        });
        return Optional.of(new RecordedState(state, identity(n, "Process"), identity(n, "Helper"), namespaces,
                n.path("RestartCount").asInt()));
    }

    /**
     * The cgroup directories of the run {@code state.json} describes as running (empty once an
     * exit is recorded, or without limits): only directories below {@code /sys/fs/cgroup}.
     */
    public java.util.List<Path> readCgroups() throws IOException {
        JsonNode n;
        try {
            n = JsonTrees.read(root.resolve("state.json"));
        } catch (java.io.FileNotFoundException | NoSuchFileException e) {
            return java.util.List.of();
        }
        java.util.List<Path> out = new java.util.ArrayList<>();
        n.path("Cgroups").forEach(d -> {
            Path p = Path.of(d.asText()).normalize();
            if (p.startsWith("/sys/fs/cgroup/")) {
                out.add(p);
            }
        });
        return out;
    }

    private static Optional<ProcessIdentity> identity(JsonNode n, String field) {
        return n.path(field).isTextual() ? Optional.of(ProcessIdentity.parse(n.path(field).asText())) : Optional.empty();
    }

    /** How the main process ended, as its helper wrote it; empty while it runs (or if the helper died first). */
    public Optional<ExitStatus> readExit() throws IOException {
        String text;
        try {
            text = Files.readString(exitFile()).trim();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        String[] p = text.split(" ");
        if (p.length != 2 || !(p[0].equals("exit") || p[0].equals("signal"))) {
            throw new IOException(exitFile() + " is not \"exit N\" or \"signal N\": " + text);
        }
        int v = Integer.parseInt(p[1]);
        return Optional.of(p[0].equals("exit") ? ExitStatus.exited(v) : ExitStatus.killed(v, false));
    }

    /**
     * When the stage-1 helper wrote the exit file: when the main process ended, since the helper
     * writes it as soon as it has reaped the process and taken the output left in its pipes.
     * Empty while it runs (or if the helper died first).
     */
    public Optional<Instant> readExitTime() throws IOException {
        try {
            return Optional.of(Files.getLastModifiedTime(exitFile()).toInstant());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /**
     * The marker of a stop the user asked for ({@code docker stop}, {@code kill}): while it is
     * there, no restart policy starts the container again. A start removes it.
     */
    public Path stoppedMarker() {
        return root.resolve("stopped");
    }

    /**
     * Runs {@code action} holding the container's lock ({@code lock} in its directory), which
     * orders the starts, restarts and renames of every JVM on the home.
     */
    public <T> T locked(java.util.concurrent.Callable<T> action) throws Exception {
        try (StoreLock.Hold held = StoreLock.forFile(root.resolve("lock")).exclusive()) {
            return action.call();
        }
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
