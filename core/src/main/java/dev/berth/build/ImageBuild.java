package dev.berth.build;

import dev.berth.BuildException;
import dev.berth.BuildListener;
import dev.berth.Copy;
import dev.berth.build.cache.BuildCache;
import dev.berth.build.cache.CacheKey;
import dev.berth.build.cache.CacheRecord;
import dev.berth.build.context.ContextTree;
import dev.berth.build.context.LayerTree;
import dev.berth.build.context.SourceTree;
import dev.berth.image.oci.History;
import dev.berth.image.store.ImageDetails;
import dev.berth.image.store.ImageStore;
import dev.berth.image.store.Lease;
import dev.berth.namespaces.host.Host;
import dev.berth.namespaces.host.StartupTrace;
import dev.berth.namespaces.launch.RootFs;
import dev.berth.namespaces.linux.Syscalls;
import dev.berth.network.Networks;
import dev.berth.overlayfs.driver.ContainerRoot;
import dev.berth.overlayfs.driver.StorageDriver;
import dev.berth.overlayfs.store.ChainId;
import dev.berth.overlayfs.store.LayerStore;
import dev.berth.overlayfs.store.StoredLayer;
import dev.berth.runtime.ImageCommit;
import dev.berth.runtime.ImageLayers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;

/**
 * Runs a build: the stages the target needs, in order, each step either taken from the build
 * cache or executed (RUN in a container, COPY/ADD staged from its sources), then the target
 * stage written as an image (<a href="https://docs.docker.com/build/concepts/overview/">Docker
 * build</a>). A step's layer goes to the image store as a blob and to the layer store unpacked;
 * only the result gets a manifest and a tag. Everything a step makes in its scratch directory
 * is removed whether it succeeds or fails; when one fails, the steps before it stay in the cache.
 */
public final class ImageBuild {
    /** Finds (pulling if the store lacks it) an image a stage starts FROM or copies from. */
    public interface BaseImages {
        ImageDetails resolve(String reference) throws IOException;
    }

    private final Host host;
    private final ImageStore images;
    private final LayerStore layers;
    private final Networks networks;
    private final BaseImages bases;
    private final BuildCache cache;
    private final Path scratchRoot;
    private final Path cacheMounts;
    private final BuildOptions options;
    private final String holder = "build " + UUID.randomUUID();
    private final Set<ChainId> held = new LinkedHashSet<>();
    private final Map<String, StageState> byName = new HashMap<>();
    private final List<StageState> built = new ArrayList<>();
    /** Every stage begun, in order, the one that failed included: whose finished steps a failure keeps. */
    private final List<StageState> started = new ArrayList<>();
    private final PendingWrites pending;
    private final ScratchRemoval scratch = new ScratchRemoval();
    /** Whether a RUN step's root is a copy of its layers (the vfs driver) rather than an overlay. */
    private final boolean copyRoots;
    private int number;
    private int total;

    public ImageBuild(Host host, ImageStore images, LayerStore layers, Networks networks, BaseImages bases, Path home,
            BuildOptions options) {
        this(host, images, layers, networks, bases, home, options, false);
    }

    /**
     * As the other constructor; with {@code copyRoots} (the store's driver is vfs), each RUN step
     * runs in a copy of its layers, as a container does with that driver, instead of an overlay.
     */
    public ImageBuild(Host host, ImageStore images, LayerStore layers, Networks networks, BaseImages bases, Path home,
            BuildOptions options, boolean copyRoots) {
        this.copyRoots = copyRoots;
        this.host = host;
        this.images = images;
        this.layers = layers;
        this.networks = networks;
        this.bases = bases;
        this.cache = BuildCache.in(home.resolve("build-cache"));
        this.scratchRoot = home.resolve("build-tmp");
        this.cacheMounts = home.resolve("build-cache-mounts");
        this.options = options;
        this.pending = new PendingWrites(host.syscalls(), images, layers, cache, holder);
    }

    /** Builds {@code stages} up to the target and stores it (tagged {@code tag}, or untagged when null). */
    public ImageDetails build(List<BuildStage> stages, String tag) {
        int target = targetIndex(stages);
        Set<Integer> needed = new StageGraph(stages).needed(target);
        total = needed.stream().mapToInt(i -> 1 + stages.get(i).steps().size()).sum();
        try (Lease lease = leaseOrFail()) {
            StageState result = null;
            try {
                for (int i = 0; i <= target; i++) {
                    BuildStage stage = stages.get(i);
                    if (!needed.contains(i)) {
                        continue;
                    }
                    result = runStage(stage);
                    if (StartupTrace.on()) {
                        StartupTrace.mark("build: stage " + i + " done");
                    }
                    built.add(result);
                    byName.put(Integer.toString(i), result);
                    if (stage.name() != null) {
                        byName.put(stage.name(), result);
                    }
                }
            } catch (RuntimeException e) {
                keepCompletedSteps(e);
                throw e;
            } catch (Error e) {
                pending.discard(e);
                throw e;
            }
            try {
                pending.finish(built, held::add);
                StartupTrace.mark("build: pending writes finished");
                ImageDetails written = new ImageAssembly(images).write(result, tag, layers);
                StartupTrace.mark("build: image written");
                return written;
            } catch (IOException | RuntimeException e) {
                pending.discard(e);
                throw new BuildException(total, total, "write image" + (tag == null ? "" : " " + tag),
                        String.valueOf(e.getMessage()), e);
            }
        } finally {
            scratch.close();
            releaseLayers();
        }
    }

    /**
     * After a failed (or cancelled) step: the layers of the steps that succeeded go to the stores
     * and the build cache, as docker's and buildah's builders keep them, so that the next build
     * runs only from the failed step on. What cannot be kept is dropped, the failure naming why.
     */
    private void keepCompletedSteps(RuntimeException failure) {
        try {
            pending.finish(started, held::add);
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
            pending.discard(failure);
        }
    }

    private Lease leaseOrFail() {
        try {
            return images.lease();
        } catch (IOException e) {
            throw new BuildException(0, total, "lease", "cannot lease the image store: " + e.getMessage(), e);
        }
    }

    private int targetIndex(List<BuildStage> stages) {
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("a build needs at least one stage: call from(...)");
        }
        if (options.target() == null) {
            return stages.size() - 1;
        }
        for (int i = 0; i < stages.size(); i++) {
            if (options.target().equals(stages.get(i).name())) {
                return i;
            }
        }
        throw new IllegalArgumentException("target stage " + options.target() + " is not in the build");
    }

    private StageState runStage(BuildStage stage) {
        StageState st = step(stage.instruction(), stage.origins().get(0), () -> start(stage.base()));
        started.add(st);
        for (int i = 0; i < stage.steps().size(); i++) {
            BuildStep s = stage.steps().get(i);
            StageState current = st;
            step(s.instruction(), stage.origins().get(i + 1), () -> {
                apply(current, s);
                return current;
            });
        }
        return st;
    }

    private interface Body<T> {
        T run() throws Exception;
    }

    private <T> T step(String instruction, String origin, Body<T> body) {
        String named = origin.isEmpty() ? instruction : instruction + " (" + origin + ")";
        number++;
        options.listener().stepStarted(number, total, instruction);
        long t0 = System.nanoTime();
        try {
            T result = body.run();
            options.listener().stepFinished(number, total, instruction, Duration.ofNanos(System.nanoTime() - t0));
            return result;
        } catch (BuildException e) {
            throw e;
        } catch (RunCommand.Failure e) {
            throw new BuildException(number, total, named, e.getMessage(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildException(number, total, named, "interrupted", e);
        } catch (dev.berth.namespaces.launch.LaunchException e) {
            throw new BuildException(number, total, named, e.getMessage() + dev.berth.host.HostAssessment.launchHint(e), e);
        } catch (Exception e) {
            throw new BuildException(number, total, named, String.valueOf(e.getMessage()), e);
        }
    }

    private StageState start(String base) throws IOException {
        StageState stage = byName.get(base);
        if (stage != null) {
            return new StageState(stage);
        }
        if (base.equals("scratch")) {
            return StageState.scratch();
        }
        ImageDetails image = bases.resolve(base);
        StartupTrace.mark("build: base resolved");
        List<StoredLayer> unpacked = ImageLayers.unpack(images, layers, image);
        StartupTrace.mark("build: base unpacked");
        hold(unpacked.isEmpty() ? null : unpacked.get(0).chainId());
        StartupTrace.mark("build: base held");
        return StageState.of(image);
    }

    private void apply(StageState st, BuildStep s) throws Exception {
        if (s instanceof BuildStep.Configure c) {
            c.change().accept(st.config);
            st.history.add(new History(st.created, null, c.instruction(), null, true));
            st.cacheKey = CacheKey.next(st.cacheKey, c.instruction(), "");
        } else if (s instanceof BuildStep.Arg a) {
            for (BuildStep.Arg.Definition d : a.definitions()) {
                String value = options.buildArgs().getOrDefault(d.name(), d.defaultValue());
                if (value != null) {
                    st.args.put(d.name(), value);
                }
                st.cacheKey = CacheKey.next(st.cacheKey, "ARG " + d.name() + (value == null ? "" : "=" + value), "");
            }
        } else if (s instanceof BuildStep.Run r) {
            String mounted = new RunMounts(host.syscalls(), options, cacheMounts, byName, layers).inputs(r.mounts());
            layerStep(st, s, mounted, upper -> run(st, r, upper));
        } else if (s instanceof BuildStep.CopyFiles c) {
            copy(st, c);
        }
    }

    /** Makes a step's changes in its workspace; returns where they are (its upper, or a copied root). */
    private interface LayerMaker {
        ImageCommit.Changes make(Workspace w) throws Exception;
    }

    /** A step's scratch directories: upper (its changes), work and merged for the overlay. */
    record Workspace(Path dir, Path upper, Path work, Path merged) {
    }

    private void layerStep(StageState st, BuildStep s, String inputs, LayerMaker maker) throws Exception {
        String key = CacheKey.next(st.cacheKey, s.instruction(), inputs);
        LayerCommit commit = new LayerCommit(host, images, layers, pending);
        CacheRecord record = options.noCache() ? null : cache.get(key).filter(r -> images.hasBlob(r.blob())).orElse(null);
        StartupTrace.mark("build: cache looked up");
        if (record != null) {
            commit.reuse(record, st);
            StartupTrace.mark("build: cached layer reused");
            options.listener().stepCached(number, total, s.instruction());
        } else {
            Path dir = BuildScratch.next(scratchRoot);
            try {
                Workspace w = new Workspace(dir, Files.createDirectories(dir.resolve("upper")),
                        Files.createDirectories(dir.resolve("work")), Files.createDirectories(dir.resolve("merged")));
                ImageCommit.Changes changes = maker.make(w);
                StartupTrace.mark("build: step made");
                // Removed once the diff has read it, while the layer is applied (see ScratchRemoval).
                record = commit.commit(changes, st, stepTime(), () -> scratch.remove(dir));
            } finally {
                scratch.remove(dir);
            }
            pending.record(key, record);
        }
        st.addLayer(LayerCommit.descriptor(record), record.diffId(),
                new History(record.created(), null, s.instruction(), null, false));
        st.cacheKey = key;
        if (st.storedTop != null && st.storedTop.equals(st.top)) {
            hold(st.top);
        }
    }

    private ImageCommit.Changes run(StageState st, BuildStep.Run r, Workspace w) throws Exception {
        dev.berth.host.ContainerHost where = dev.berth.host.ContainerHost.detect(dev.berth.host.HostFiles.system(), scratchRoot);
        java.util.Optional<String> refused = where.rootRefusal();
        if (refused.isPresent()) {
            throw new UnsupportedOperationException("RUN runs in a container: " + refused.get());
        }
        if (where.homeOnOverlay() && !copyRoots) {
            // overlayfs refuses an overlay as its upper layer (EINVAL): say why, and the fix
            throw new UnsupportedOperationException("RUN needs an overlay with its upper directory in " + scratchRoot
                    + ", which is on an overlay (a container's own root file system), and the kernel refuses that;"
                    + " mount a volume (a Kubernetes emptyDir, podman -v) at BERTH_HOME");
        }
        List<Path> lowers = lowers(st);
        if (lowers.isEmpty()) {
            lowers = List.of(Files.createDirectories(w.dir().resolve("empty")));
        }
        RunMounts mounts = new RunMounts(host.syscalls(), options, cacheMounts, byName, layers);
        // Secrets shown only as an environment variable have no target, so no mount point.
        List<String> mountPoints = new ArrayList<>(r.mounts().stream().map(RunMount::target)
                .filter(java.util.Objects::nonNull).toList());
        // The copy driver (vfs): the step runs in a copy of its layers, compared with them afterwards,
        // as a container's root is made and committed with that driver; the copy lives in the
        // step's scratch directory and goes with it.
        ContainerRoot copied = copyRoots ? StorageDriver.copy(host).create(lowers, w.dir().resolve("root")) : null;
        Path changed = copied == null ? w.upper() : copied.mount();
        RootFs root = copied == null ? RootFs.overlay(lowers, w.upper(), w.work(), w.merged()).volatileUpper()
                : copied.rootFs();
        try (RunNetwork network = RunNetwork.open(host, networks, r.network(), w.dir())) {
            mountPoints.addAll(network.mountPoints());
            RunCommand.run(host, r, st, lowers, root, mounts.resolve(r.mounts(), w.dir()),
                    network, mounts.environment(r.mounts()), line -> options.listener().output(number, line));
        } finally {
            MountPoints.removeCreated(host.syscalls(), lowers, changed, mountPoints);
        }
        return copied == null ? ImageCommit.Changes.ofUpper(w.upper(), lowers(st)) // without the empty stand-in
                : ImageCommit.Changes.ofCopy(lowers, changed);
    }

    private void copy(StageState st, BuildStep.CopyFiles c) throws Exception {
        Copy copy = c.copy();
        List<Path> lowers = lowers(st);
        CopySources sources = new CopySources(host, options, copy, c.add(), byName, layers, bases, images);
        try (CopySources.Resolved resolved = sources.resolve(st, lowers)) {
            layerStep(st, c, resolved.inputs(), w -> {
                String warning = resolved.write(w.upper(), lowers, copy.chmod().orElse(null));
                if (warning != null) {
                    options.listener().warning(number, warning);
                }
                return ImageCommit.Changes.ofUpper(w.upper(), lowers);
            });
        }
    }

    private List<Path> lowers(StageState st) throws IOException {
        return st.lowers(layers);
    }

    /** SOURCE_DATE_EPOCH when set (reproducible builds), else now, in whole seconds. */
    private static Instant stepTime() {
        String epoch = System.getenv("SOURCE_DATE_EPOCH");
        if (epoch != null && !epoch.isBlank()) {
            return Instant.ofEpochSecond(Long.parseLong(epoch.trim()));
        }
        return Instant.ofEpochSecond(Instant.now().getEpochSecond());
    }

    private void hold(ChainId id) throws IOException {
        if (id != null && held.add(id)) {
            layers.retain(id, holder);
        }
    }

    private void releaseLayers() {
        for (ChainId id : held) {
            try {
                layers.release(id, holder);
            } catch (IOException e) {
                LoggerFactory.getLogger(ImageBuild.class).warn("cannot release build layer {}", id, e);
            }
        }
    }

    /** The context tree for {@code options}, with its .dockerignore rules. */
    static SourceTree contextTree(BuildOptions options) {
        if (options.context() == null) {
            throw new IllegalArgumentException("no build context: set one to COPY from it");
        }
        Predicate<String> excluded = options.excluded();
        return new ContextTree(options.context(), excluded, "context");
    }

    static LayerTree stageTree(Syscalls sys, StageState st, LayerStore layers, String description)
            throws IOException {
        return new LayerTree(sys, st.lowers(layers), description);
    }
}
