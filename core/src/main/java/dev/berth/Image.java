package dev.berth;

import dev.berth.image.oci.ImageConfig;
import dev.berth.image.oci.RuntimeConfig;
import dev.berth.image.store.ImageDetails;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * An image in a Berth store, resolved for this machine's platform: what {@link Berth#pull},
 * {@link Berth#image} and {@link Container#commit} return and {@link Berth#container(Image)}
 * starts. Immutable; it names the manifest by digest, so it stays the same image even when its
 * tag is moved. The accessors read the image's config
 * (<a href="https://github.com/opencontainers/image-spec/blob/main/config.md">image-spec config.md</a>).
 */
public final class Image {
    private final String name;
    private final ImageDetails details;

    Image(String name, ImageDetails details) {
        this.name = name;
        this.details = Objects.requireNonNull(details, "details");
    }

    /** The image ID: its config's digest, {@code sha256:...}, as {@code docker images --no-trunc} shows it. */
    public String id() {
        return details.manifest().value().config().digest().toString();
    }

    /** The manifest's digest, {@code sha256:...}: what a container of this image is pinned to. */
    public String digest() {
        return details.manifest().digest().toString();
    }

    /** The name it was found by or tagged with, e.g. {@code docker.io/library/alpine:3.20}; empty for untagged images. */
    public Optional<String> reference() {
        if (name != null) {
            return Optional.of(name);
        }
        return details.tags().stream().findFirst().map(Object::toString);
    }

    /**
     * Docker's {@code RepoDigests}: {@code repository@digest} for each repository this image was
     * pulled from or pushed to ({@code docker.io/library/busybox@sha256:...}); none for an image
     * that was built, loaded or imported, as dockerd's.
     */
    public List<String> repoDigests() {
        return details.registryTags().stream().map(t -> t.name() + "@" + details.resolved().digest()).distinct().toList();
    }

    /** Every tag in the store that points at this image. */
    public List<String> tags() {
        return details.tags().stream().map(Object::toString).toList();
    }

    /** {@code Entrypoint}; empty when unset. */
    public List<String> entrypoint() {
        return orEmpty(runtime().entrypoint());
    }

    /** {@code Cmd}; empty when unset. */
    public List<String> command() {
        return orEmpty(runtime().cmd());
    }

    /** {@code Env}, in order, as a map from name to value. */
    public Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String entry : orEmpty(runtime().env())) {
            int eq = entry.indexOf('=');
            env.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
        return env;
    }

    /** {@code WorkingDir}; empty when unset. */
    public Optional<String> workingDir() {
        return Optional.ofNullable(runtime().workingDir()).filter(s -> !s.isEmpty());
    }

    /** {@code User}; empty when unset (root). */
    public Optional<String> user() {
        return Optional.ofNullable(runtime().user()).filter(s -> !s.isEmpty());
    }

    /** {@code Labels}. */
    public Map<String, String> labels() {
        return runtime().labels() == null ? Map.of() : runtime().labels();
    }

    /** {@code ExposedPorts}, such as {@code 8080/tcp}, sorted. */
    public Set<String> exposedPorts() {
        return runtime().exposedPorts() == null ? Set.of() : new TreeSet<>(runtime().exposedPorts());
    }

    /** {@code Volumes}: container paths that get an anonymous volume, sorted. */
    public Set<String> volumes() {
        return runtime().volumes() == null ? Set.of() : new TreeSet<>(runtime().volumes());
    }

    /** {@code StopSignal}; empty when unset (SIGTERM). */
    public Optional<String> stopSignal() {
        return Optional.ofNullable(runtime().stopSignal()).filter(s -> !s.isEmpty());
    }

    /** When the image was made, if its config says. */
    public Optional<Instant> created() {
        return Optional.ofNullable(config().created());
    }

    /** {@code os/architecture[/variant]}, e.g. {@code linux/amd64}. */
    public String platform() {
        return config().platform().toString();
    }

    /** The number of layers. */
    public int layerCount() {
        return details.manifest().value().layers().size();
    }

    /** The compressed size of the layers and config, in bytes, as the manifest gives them. */
    public long size() {
        return details.manifest().value().layers().stream().mapToLong(d -> d.size()).sum()
                + details.manifest().value().config().size();
    }

    /**
     * {@code docker history}: the config's history, newest first, each step that made a layer
     * paired with that layer's size (its blob's here; {@link Images#history(Image)} gives
     * dockerd's unpacked sizes); an image whose config has no history gets one line per layer,
     * as Docker makes them.
     */
    public List<ImageHistory> history() {
        return history(details.manifest().value().layers().stream().map(dev.berth.image.oci.Descriptor::size).toList());
    }

    /** {@link #history()} with {@code layerSizes}, one per layer, base first. */
    List<ImageHistory> history(List<Long> layerSizes) {
        List<dev.berth.image.oci.History> steps = config().history() == null ? List.of() : config().history();
        List<ImageHistory> out = new java.util.ArrayList<>();
        if (steps.isEmpty()) {
            for (long size : layerSizes) {
                out.add(new ImageHistory(ImageHistory.MISSING, created(), "", List.of(), size, ""));
            }
        } else {
            // Layers older than the history (a base whose config kept none) get a line each, as Docker shows them.
            int layer = Math.max(0, layerSizes.size() - (int) steps.stream().filter(h -> !h.emptyLayer()).count());
            for (int i = 0; i < layer; i++) {
                out.add(new ImageHistory(ImageHistory.MISSING, Optional.empty(), "", List.of(), layerSizes.get(i), ""));
            }
            for (dev.berth.image.oci.History h : steps) {
                long size = 0;
                if (!h.emptyLayer() && layer < layerSizes.size()) {
                    size = layerSizes.get(layer++);
                }
                out.add(new ImageHistory(ImageHistory.MISSING, Optional.ofNullable(h.created()),
                        h.createdBy() == null ? "" : h.createdBy(), List.of(), size, h.comment() == null ? "" : h.comment()));
            }
        }
        java.util.Collections.reverse(out);
        if (!out.isEmpty()) {
            ImageHistory top = out.get(0);
            out.set(0, new ImageHistory(id(), top.created(), top.createdBy(), tags(), top.size(), top.comment()));
        }
        return List.copyOf(out);
    }

    /** The config's {@code author}; empty when unset. */
    public Optional<String> author() {
        return Optional.ofNullable(config().author()).filter(s -> !s.isEmpty());
    }

    /** The layers' digests as the manifest names them (compressed, as registries hold them), base first. */
    public List<String> layerDigests() {
        return details.manifest().value().layers().stream().map(d -> d.digest().toString()).toList();
    }

    /** The layers' uncompressed digests ({@code rootfs.diff_ids}), base first, as {@code docker inspect}'s RootFS.Layers. */
    public List<String> diffIds() {
        return config().rootfs().diffIds().stream().map(Object::toString).toList();
    }

    /** The manifest's bytes as stored, the JSON its digest is taken over ({@code docker manifest inspect}). */
    public byte[] manifestJson() {
        return details.manifest().bytes();
    }

    /** The config's bytes as stored, the JSON the image ID is the digest of. */
    public byte[] configJson() {
        return details.config().bytes();
    }

    ImageDetails details() {
        return details;
    }

    private ImageConfig config() {
        return details.config().value();
    }

    private RuntimeConfig runtime() {
        RuntimeConfig c = config().config();
        return c == null ? RuntimeConfig.empty() : c;
    }

    private static List<String> orEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Image other && other.digest().equals(digest());
    }

    @Override
    public int hashCode() {
        return digest().hashCode();
    }

    @Override
    public String toString() {
        return reference().map(r -> r + "@").orElse("") + digest();
    }
}
