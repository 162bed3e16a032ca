package dev.berth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How {@link Container#commit(CommitOptions)} makes its image, as {@code docker commit}'s options
 * and the Engine API's {@code POST /commit} give them
 * (<a href="https://docs.docker.com/reference/cli/docker/container/commit/">docker commit</a>):
 * the tag (none: an untagged image), author, comment, config fields that replace the
 * container's (Docker's {@code Config} body, merged as Docker merges it) and {@code --change}
 * instructions applied last.
 */
public final class CommitOptions {
    private String reference;
    private String author;
    private String comment;
    private boolean pause = true;
    private final List<String> changes = new ArrayList<>();
    private List<String> cmd;
    private List<String> entrypoint;
    private final List<String> env = new ArrayList<>();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final Set<String> exposedPorts = new LinkedHashSet<>();
    private final Set<String> volumes = new LinkedHashSet<>();
    private String workingDir;
    private String user;
    private String stopSignal;

    /** Options for an untagged image with the container's config. */
    public static CommitOptions create() {
        return new CommitOptions();
    }

    /** The tag the new image gets, e.g. {@code app:2}; null (the default) leaves it untagged. */
    public CommitOptions reference(String reference) {
        this.reference = reference == null || reference.isEmpty() ? null : reference;
        return this;
    }

    /** {@code --author}: the config's {@code author}. */
    public CommitOptions author(String author) {
        this.author = author == null || author.isEmpty() ? null : author;
        return this;
    }

    /** {@code --message}: the new history entry's {@code comment}. */
    public CommitOptions comment(String comment) {
        this.comment = comment == null || comment.isEmpty() ? null : comment;
        return this;
    }

    /** {@code --pause} (default true): accepted as Docker's; Berth commits a running container's upper as it is. */
    public CommitOptions pause(boolean pause) {
        this.pause = pause;
        return this;
    }

    /** {@code --change}: one Dockerfile instruction (CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, ONBUILD, USER, VOLUME, WORKDIR, STOPSIGNAL). */
    public CommitOptions change(String instruction) {
        changes.add(Objects.requireNonNull(instruction, "instruction"));
        return this;
    }

    /** {@code Cmd} in place of the container's. */
    public CommitOptions cmd(List<String> cmd) {
        this.cmd = cmd == null || cmd.isEmpty() ? null : List.copyOf(cmd);
        return this;
    }

    /** {@code Entrypoint} in place of the container's. */
    public CommitOptions entrypoint(List<String> entrypoint) {
        this.entrypoint = entrypoint == null || entrypoint.isEmpty() ? null : List.copyOf(entrypoint);
        return this;
    }

    /** {@code Env} entries ({@code KEY=value}) over the container's. */
    public CommitOptions env(List<String> entries) {
        for (String e : entries) {
            if (e.indexOf('=') <= 0) {
                throw new IllegalArgumentException("Env entry \"" + e + "\" is not KEY=value");
            }
            env.add(e);
        }
        return this;
    }

    /** {@code Labels} over the container's. */
    public CommitOptions labels(Map<String, String> labels) {
        this.labels.putAll(labels);
        return this;
    }

    /** {@code ExposedPorts} added to the container's ({@code 8080/tcp}). */
    public CommitOptions exposedPorts(Set<String> ports) {
        exposedPorts.addAll(ports);
        return this;
    }

    /** {@code Volumes} added to the container's. */
    public CommitOptions volumes(Set<String> paths) {
        volumes.addAll(paths);
        return this;
    }

    /** {@code WorkingDir} in place of the container's. */
    public CommitOptions workingDir(String dir) {
        this.workingDir = dir == null || dir.isEmpty() ? null : dir;
        return this;
    }

    /** {@code User} in place of the container's. */
    public CommitOptions user(String user) {
        this.user = user == null || user.isEmpty() ? null : user;
        return this;
    }

    /** {@code StopSignal} in place of the container's. */
    public CommitOptions stopSignal(String signal) {
        this.stopSignal = signal == null || signal.isEmpty() ? null : signal;
        return this;
    }

    Optional<String> reference() {
        return Optional.ofNullable(reference);
    }

    Optional<String> author() {
        return Optional.ofNullable(author);
    }

    Optional<String> comment() {
        return Optional.ofNullable(comment);
    }

    boolean pause() {
        return pause;
    }

    List<String> changes() {
        return List.copyOf(changes);
    }

    /**
     * {@code container} (the config the container runs with) with these fields over it, as
     * Docker's {@code merge(userConf, imageConf)}: Env by key, Labels by key, ports and
     * volumes added, Cmd and Entrypoint taken together.
     */
    dev.berth.image.oci.RuntimeConfig mergeInto(dev.berth.image.oci.RuntimeConfig container) {
        var c = container;
        Map<String, String> envByKey = new LinkedHashMap<>();
        for (String e : c.env() == null ? List.<String>of() : c.env()) {
            envByKey.put(e.substring(0, e.indexOf('=')), e);
        }
        for (String e : env) {
            envByKey.put(e.substring(0, e.indexOf('=')), e);
        }
        Map<String, String> mergedLabels = new LinkedHashMap<>(c.labels() == null ? Map.of() : c.labels());
        mergedLabels.putAll(labels);
        Set<String> ports = new LinkedHashSet<>(c.exposedPorts() == null ? Set.of() : c.exposedPorts());
        ports.addAll(exposedPorts);
        Set<String> vols = new LinkedHashSet<>(c.volumes() == null ? Set.of() : c.volumes());
        vols.addAll(volumes);
        List<String> newCmd = cmd;
        List<String> newEntrypoint = entrypoint;
        if (newEntrypoint == null) {
            newEntrypoint = c.entrypoint();
            if (newCmd == null) {
                newCmd = c.cmd();
            }
        }
        return new dev.berth.image.oci.RuntimeConfig(user != null ? user : c.user(), ports.isEmpty() ? null : ports,
                envByKey.isEmpty() ? null : List.copyOf(envByKey.values()), newEntrypoint, newCmd,
                vols.isEmpty() ? null : vols, workingDir != null ? workingDir : c.workingDir(),
                mergedLabels.isEmpty() ? null : mergedLabels, stopSignal != null ? stopSignal : c.stopSignal(),
                c.argsEscaped(), c.healthcheck(), c.onBuild(), c.shell());
    }
}
