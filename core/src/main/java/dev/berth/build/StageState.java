package dev.berth.build;

import dev.berth.build.cache.CacheKey;
import dev.berth.image.Digest;
import dev.berth.image.oci.ImageManifest;
import dev.berth.image.oci.Platform;
import dev.berth.image.oci.RootFs;
import dev.berth.image.store.ImageDetails;
import dev.berth.image.oci.Descriptor;
import dev.berth.image.oci.History;
import dev.berth.image.oci.ImageConfig;
import dev.berth.image.oci.MediaType;
import dev.berth.overlayfs.store.ChainId;
import dev.berth.overlayfs.store.LayerStore;
import dev.berth.overlayfs.store.StagedLayer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a stage has got to: its layers (blob descriptors, diffIDs, the top chain id), its config,
 * its history, the build cache key of its state, and the build arguments in scope. Each layer
 * step appends one layer; each config step changes the config and adds an {@code empty_layer}
 * history entry (<a href="https://github.com/opencontainers/image-spec/blob/main/config.md">config.md</a>).
 */
final class StageState {
    final ImageConfig baseConfig;
    final boolean dockerMediaTypes;
    final List<Descriptor> layers = new ArrayList<>();
    final List<Digest> diffIds = new ArrayList<>();
    final List<History> history = new ArrayList<>();
    final BuildConfig config;
    final Map<String, String> args = new LinkedHashMap<>();
    ChainId top;
    /** The highest layer of the stack that is in the layer store (the rest is staged above it). */
    ChainId storedTop;
    /** Staged layers' directories above {@link #storedTop}, lowest first, this stage's and its base stage's. */
    final List<Path> unstoredDirs = new ArrayList<>();
    /** This stage's own staged layers, committed at the end of the build on top of {@link #pendingParent}. */
    final List<StagedLayer> pending = new ArrayList<>();
    ChainId pendingParent;
    String cacheKey;
    Instant created;

    StageState(ImageConfig baseConfig, boolean dockerMediaTypes, String cacheKey) {
        this.baseConfig = baseConfig;
        this.dockerMediaTypes = dockerMediaTypes;
        this.config = BuildConfig.of(baseConfig.config());
        this.cacheKey = cacheKey;
        this.created = baseConfig.created();
        if (baseConfig.history() != null) {
            history.addAll(baseConfig.history());
        }
        diffIds.addAll(baseConfig.rootfs().diffIds());
        top = diffIds.isEmpty() ? null : ChainId.of(diffIds.stream().map(Digest::toString).toList());
        storedTop = top;
    }

    /** The start of a stage FROM {@code image}. */
    static StageState of(ImageDetails image) {
        ImageManifest m = image.manifest().value();
        StageState s = new StageState(image.config().value(), MediaType.DOCKER_MANIFEST.equals(m.effectiveMediaType()),
                CacheKey.ofBase(image.manifest().digest().toString()));
        s.layers.addAll(m.layers());
        return s;
    }

    /** The start of a stage FROM scratch: no layers, and a config with only the default PATH. */
    static StageState scratch() {
        return new StageState(ImageConfig.of(Platform.host(), RootFs.of(List.of())).withConfig(BuildConfig.scratch()), false,
                CacheKey.ofBase("scratch"));
    }

    /** A copy of {@code other}, for a stage built FROM another (its build arguments and ONBUILD triggers are not inherited). */
    StageState(StageState other) {
        this.baseConfig = other.baseConfig;
        this.dockerMediaTypes = other.dockerMediaTypes;
        this.config = BuildConfig.of(other.config.toRuntimeConfig());
        layers.addAll(other.layers);
        diffIds.addAll(other.diffIds);
        history.addAll(other.history);
        top = other.top;
        storedTop = other.storedTop;
        unstoredDirs.addAll(other.unstoredDirs);
        cacheKey = other.cacheKey;
        created = other.created;
    }

    /** The media type of a new uncompressed layer, matching the base's manifest kind. */
    String layerMediaType() {
        return dockerMediaTypes ? "application/vnd.docker.image.rootfs.diff.tar" : MediaType.OCI_LAYER;
    }

    void addLayer(Descriptor blob, Digest diffId, History entry) {
        layers.add(blob);
        diffIds.add(diffId);
        top = ChainId.of(top, diffId.toString());
        history.add(entry);
        created = entry.created();
    }

    /** Stacks a staged layer next (before {@link #addLayer} records it). */
    void stage(StagedLayer layer) {
        if (pending.isEmpty()) {
            pendingParent = top;
        }
        pending.add(layer);
        unstoredDirs.add(layer.diff());
    }

    /**
     * True when the layer with {@code diffId} can come from the layer store as it is: the store has
     * it and nothing staged lies below it.
     */
    boolean canUseStored(LayerStore layers, Digest diffId) {
        if (!unstoredDirs.isEmpty()) {
            return false;
        }
        ChainId next = ChainId.of(top, diffId.toString());
        if (layers.get(next).isEmpty()) {
            return false;
        }
        storedTop = next;
        return true;
    }

    /** The directories of the stack, highest first, as overlay lowers. */
    List<Path> lowers(LayerStore layers) throws IOException {
        List<Path> out = new ArrayList<>(unstoredDirs);
        Collections.reverse(out);
        if (storedTop != null) {
            layers.stack(storedTop).forEach(l -> out.add(l.diff()));
        }
        return out;
    }

    /** The environment a RUN sees: build arguments in scope, then the config's Env over them. */
    List<String> runEnv() {
        Map<String, String> env = new LinkedHashMap<>(args);
        env.putAll(config.env);
        return env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    }
}
