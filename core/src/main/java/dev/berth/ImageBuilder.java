package dev.berth;

import dev.berth.build.BuildConfig;
import dev.berth.build.BuildOptions;
import dev.berth.build.BuildStage;
import dev.berth.build.BuildStep;
import dev.berth.build.DockerfileStages;
import dev.berth.build.dockerfile.DockerIgnore;
import dev.berth.build.dockerfile.Dockerfile;
import dev.berth.build.ImageBuild;
import dev.berth.build.Quoting;
import dev.berth.build.RunMount;
import dev.berth.image.oci.Healthcheck;
import dev.berth.image.store.ImageDetails;
import dev.berth.image.store.ImageNotFoundException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Builds an image the way a Dockerfile does, from Java
 * (<a href="https://docs.docker.com/reference/dockerfile/">Dockerfile reference</a>): each call
 * adds one instruction to the current stage; {@link #from} starts a stage; {@link #build} runs
 * them. RUN steps run in real containers on overlay, each on the default bridge with outbound
 * network as docker build gives them (see {@link #network}); COPY and ADD read the {@link #context build context}; every step that makes a
 * layer is cached by its parent, its instruction and the content it reads, so an unchanged
 * rebuild runs nothing.
 *
 * <pre>{@code
 * Image app = berth.imageBuilder().context(dir)
 *     .from("busybox").as("build").run("make")
 *     .from("busybox")
 *     .copy(Copy.of("/out/app").from("build").to("/usr/local/bin/"))
 *     .cmd("app")
 *     .build("app:1");
 * }</pre>
 */
public final class ImageBuilder {
    private final Berth berth;
    private final List<BuildStage> stages = new ArrayList<>();
    private final Map<String, String> buildArgs = new LinkedHashMap<>();
    private final Map<String, Path> secrets = new LinkedHashMap<>();
    private final Map<String, Path> sshSockets = new LinkedHashMap<>();
    private String stageName;
    private String stageBase;
    private List<BuildStep> steps;
    private Path context;
    private Predicate<String> excluded = p -> false;
    private String network = "default";
    private String target;
    private BuildListener listener = BuildListener.NONE;
    private Dockerfile dockerfile;
    /** The context's {@code .dockerignore} as read, for the CopyIgnoredFile check; null when it has none. */
    private DockerIgnore dockerIgnore;
    private String dockerfileName;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private boolean noCache;
    private boolean pullBases;
    /** Credentials for pulling bases, by registry host ({@code docker.io}, {@code localhost:5000}). */
    private final Map<String, RegistryAuth> registryAuths = new LinkedHashMap<>();
    /** The bases this build has pulled already (a base named by two stages is pulled once). */
    private final java.util.Set<String> pulled = new java.util.HashSet<>();
    /** The bases this build has resolved, by reference (cleared when a build ends). */
    private final Map<String, ImageDetails> resolved = new java.util.HashMap<>();
    /** A context this builder unpacked from an archive: deleted once the build ends. */
    private Path unpackedContext;

    ImageBuilder(Berth berth) {
        this.berth = berth;
    }

    /**
     * Takes the stages from a Dockerfile ({@code docker build -f dockerfile context}): its
     * {@code .dockerignore} (in {@code context}) hides files from COPY and ADD; {@link #buildArg},
     * {@link #target}, {@link #network} and {@link #listener} apply. Steps cannot be added in code too.
     *
     * @throws dev.berth.build.dockerfile.DockerfileException naming the line of a syntax error
     */
    public ImageBuilder fromDockerfile(Path dockerfile, Path context) {
        if (steps != null || !stages.isEmpty()) {
            throw new IllegalStateException("a builder takes its steps from code or from a Dockerfile, not both");
        }
        this.dockerfile = Dockerfile.parse(dockerfile);
        this.dockerfileName = dockerfile.getFileName().toString();
        context(context);
        DockerIgnore ignore = DockerIgnore.read(this.context);
        this.dockerIgnore = ignore.patterns().isEmpty() ? null : ignore;
        return exclude(ignore::excluded);
    }

    /**
     * {@code docker build -} with a tar context (the Engine API's {@code POST /build}): unpacks
     * {@code contextArchive} (plain, gzip, bzip2, xz or zstd) into the home's build scratch space
     * and takes {@code dockerfilePath} inside it ({@code Dockerfile} when null or empty) as
     * {@link #fromDockerfile} does. The unpacked context is deleted when {@link #build} ends.
     *
     * @throws BuildException when the archive cannot be read or holds no such Dockerfile
     *     ({@code Cannot locate specified Dockerfile: PATH}, as Docker says)
     */
    public ImageBuilder fromContextArchive(java.io.InputStream contextArchive, String dockerfilePath) {
        String name = dockerfilePath == null || dockerfilePath.isEmpty() ? "Dockerfile" : dockerfilePath;
        Path dir;
        try {
            dir = dev.berth.build.ContextArchive.unpack(berth.host(), contextArchive, berth.home().resolve("build-tmp"));
        } catch (IOException e) {
            throw new BuildException(e.getMessage(), e);
        }
        this.unpackedContext = dir;
        Path file = dir.resolve(name.startsWith("/") ? name.substring(1) : name).normalize();
        if (!file.startsWith(dir) || !java.nio.file.Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            deleteUnpackedContext();
            throw new BuildException("Cannot locate specified Dockerfile: " + name, null);
        }
        try {
            return fromDockerfile(file, dir);
        } catch (RuntimeException e) {
            deleteUnpackedContext();
            throw e;
        }
    }

    /**
     * {@code docker build --label}: labels set on the image built (the target stage), after
     * every instruction, as Docker sets them.
     */
    public ImageBuilder labels(Map<String, String> labels) {
        this.labels.putAll(labels);
        return this;
    }

    /** The build context COPY and ADD read from (a directory). */
    public ImageBuilder context(Path dir) {
        this.context = dir.toAbsolutePath().normalize();
        return this;
    }

    /** Context paths (relative, e.g. {@code target/x.jar}) that COPY and ADD must not see, as .dockerignore gives them. */
    public ImageBuilder exclude(Predicate<String> excludedPaths) {
        this.excluded = Objects.requireNonNull(excludedPaths);
        return this;
    }

    /** Starts a stage FROM {@code image}: a reference (pulled if the store lacks it), a digest, an earlier stage's name, or {@code scratch}. */
    public ImageBuilder from(String image) {
        endStage();
        stageBase = Objects.requireNonNull(image, "image");
        stageName = null;
        steps = new ArrayList<>();
        return this;
    }

    /** Starts a stage FROM {@code image}, pinned to its manifest digest. */
    public ImageBuilder from(Image image) {
        return from(image.digest());
    }

    /** Names the current stage ({@code FROM ... AS name}), for {@code Copy.from} and {@link #target}. */
    public ImageBuilder as(String name) {
        current();
        if (!name.matches("[a-zA-Z][a-zA-Z0-9_.-]*")) {
            throw new IllegalArgumentException("invalid stage name \"" + name + "\"");
        }
        this.stageName = name;
        return this;
    }

    /** {@code RUN} in shell form: {@code command} runs under the stage's shell ({@code /bin/sh -c}). */
    public ImageBuilder run(String command) {
        return add(new BuildStep.Run(List.of(command), true, network, List.of()));
    }

    /** {@code RUN} in exec form: {@code argv} as it is. */
    public ImageBuilder run(List<String> argv) {
        return add(new BuildStep.Run(argv, false, network, List.of()));
    }

    /** {@code RUN --mount=type=cache,target=...}: shell form with a cache directory kept across builds at each target. */
    public ImageBuilder runWithCache(String command, String... cacheTargets) {
        List<RunMount> mounts = new ArrayList<>();
        for (String t : cacheTargets) {
            mounts.add(RunMount.cache(t));
        }
        return add(new BuildStep.Run(List.of(command), true, network, mounts));
    }

    /**
     * The network of the RUN steps added after this call, and of a Dockerfile's RUN steps that do
     * not choose one ({@code docker build --network}): {@code default} (as docker's, and the
     * default: an endpoint of the step's own on the default bridge, its outbound traffic
     * masqueraded, the host's nameservers; {@code bridge} means the same; without root,
     * slirp4netns), {@code none} (loopback only) or {@code host} (the host's network).
     */
    public ImageBuilder network(String mode) {
        String m = mode.equals("bridge") ? "default" : mode;
        if (!List.of("default", "none", "host").contains(m)) {
            throw new IllegalArgumentException("invalid build network \"" + mode
                    + "\": it must be default, bridge, none or host");
        }
        this.network = m;
        return this;
    }

    /** {@code COPY src dest} from the build context. */
    public ImageBuilder copy(String source, String destination) {
        return copy(Copy.of(source).to(destination));
    }

    /** Copies a file or directory of the host (no build context needed) to {@code destination}. */
    public ImageBuilder copy(Path hostPath, String destination) {
        return copy(Copy.of(hostPath).to(destination));
    }

    /** {@code COPY} with options. */
    public ImageBuilder copy(Copy copy) {
        copy.destination();
        return add(new BuildStep.CopyFiles(copy, false));
    }

    /** {@code ADD src dest}: as COPY, but local tar archives are unpacked. */
    public ImageBuilder add(String source, String destination) {
        return add(Copy.of(source).to(destination));
    }

    /** {@code ADD} with options (a URL with its checksum, archives unpacked). */
    public ImageBuilder add(Copy copy) {
        copy.destination();
        return add(new BuildStep.CopyFiles(copy, true));
    }

    /** {@code ENV name=value}. */
    public ImageBuilder env(String name, String value) {
        if (name.isEmpty() || name.contains("=")) {
            throw new IllegalArgumentException("invalid environment variable name \"" + name + "\"");
        }
        return configure("ENV " + name + "=" + value, c -> c.env.put(name, value));
    }

    /** {@code ARG name}: a build argument without default, seen by later RUN steps when {@link #buildArg} sets it. */
    public ImageBuilder arg(String name) {
        return add(new BuildStep.Arg(name, null));
    }

    /** {@code ARG name=default}. */
    public ImageBuilder arg(String name, String defaultValue) {
        return add(new BuildStep.Arg(name, defaultValue));
    }

    /** {@code --build-arg name=value}. */
    public ImageBuilder buildArg(String name, String value) {
        buildArgs.put(name, value);
        return this;
    }

    /** {@code WORKDIR}: relative paths are taken from the current one. */
    public ImageBuilder workdir(String dir) {
        return configure("WORKDIR " + dir, c -> {
            String base = c.workingDir == null || c.workingDir.isEmpty() ? "/" : c.workingDir;
            c.workingDir = dir.startsWith("/") ? dir : (base.endsWith("/") ? base : base + "/") + dir;
        });
    }

    /** {@code USER user[:group]}. */
    public ImageBuilder user(String user) {
        return configure("USER " + user, c -> c.user = user);
    }

    /** {@code LABEL key=value}. */
    public ImageBuilder label(String key, String value) {
        return configure("LABEL " + key + "=" + value, c -> c.labels.put(key, value));
    }

    /** {@code EXPOSE port[/protocol]} ({@code 8080} means {@code 8080/tcp}). */
    public ImageBuilder expose(String port) {
        String p = port.contains("/") ? port : port + "/tcp";
        if (!p.matches("\\d{1,5}/(tcp|udp|sctp)")) {
            throw new IllegalArgumentException("invalid port \"" + port + "\"");
        }
        return configure("EXPOSE " + p, c -> c.exposedPorts.add(p));
    }

    /** {@code VOLUME path}. */
    public ImageBuilder volume(String path) {
        return configure("VOLUME [\"" + path + "\"]", c -> c.volumes.add(path));
    }

    /** {@code ENTRYPOINT} in exec form; clears a CMD inherited from the base, as Docker does. */
    public ImageBuilder entrypoint(String... argv) {
        List<String> e = List.of(argv);
        return configure("ENTRYPOINT " + json(e), c -> {
            c.entrypoint = e;
            c.cmd = null;
        });
    }

    /** {@code CMD} in exec form. */
    public ImageBuilder cmd(String... argv) {
        List<String> cmd = List.of(argv);
        return configure("CMD " + json(cmd), c -> c.cmd = cmd);
    }

    /** {@code HEALTHCHECK CMD-SHELL command} with its options (null durations: Docker's defaults). */
    public ImageBuilder healthcheck(String command, Duration interval, Duration timeout, Duration startPeriod,
            Integer retries) {
        Healthcheck h = new Healthcheck(List.of("CMD-SHELL", command), interval, timeout, startPeriod, null, retries);
        String options = (interval == null ? "" : "--interval=" + interval.toMillis() + "ms ")
                + (timeout == null ? "" : "--timeout=" + timeout.toMillis() + "ms ")
                + (startPeriod == null ? "" : "--start-period=" + startPeriod.toMillis() + "ms ")
                + (retries == null ? "" : "--retries=" + retries + " ");
        return configure("HEALTHCHECK " + options + "CMD " + command, c -> c.healthcheck = h);
    }

    /** {@code HEALTHCHECK NONE}. */
    public ImageBuilder healthcheckNone() {
        Healthcheck h = new Healthcheck(List.of("NONE"), null, null, null, null, null);
        return configure("HEALTHCHECK NONE", c -> c.healthcheck = h);
    }

    /** {@code STOPSIGNAL}. */
    public ImageBuilder stopSignal(String signal) {
        return configure("STOPSIGNAL " + signal, c -> c.stopSignal = signal);
    }

    /** {@code SHELL}: the shell of later shell-form RUN, CMD and ENTRYPOINT. */
    public ImageBuilder shell(String... argv) {
        List<String> s = List.of(argv);
        if (s.isEmpty()) {
            throw new IllegalArgumentException("SHELL needs at least one argument");
        }
        return configure("SHELL " + json(s), c -> c.shell = s);
    }

    /**
     * {@code ONBUILD instruction}: a trigger stored in the image, run by Dockerfile builds FROM it
     * (a builder whose steps come from code does not run its base's triggers: they are Dockerfile text).
     */
    public ImageBuilder onBuild(String instruction) {
        return configure("ONBUILD " + instruction, c -> c.onBuild.add(instruction));
    }

    /** The stage to build ({@code --target}); by default the last. */
    public ImageBuilder target(String stage) {
        this.target = Objects.requireNonNull(stage);
        return this;
    }

    /**
     * {@code docker build --no-cache}: runs every step again instead of reusing the build cache.
     * The results are cached for later builds, as Docker's classic builder does.
     */
    public ImageBuilder noCache(boolean on) {
        this.noCache = on;
        return this;
    }

    /**
     * {@code docker build --pull}: pulls each base image ({@code FROM}) from its registry even
     * when the store has it, so that a moved tag is seen; without it, a base is pulled only when missing.
     */
    public ImageBuilder pullBases(boolean on) {
        this.pullBases = on;
        return this;
    }

    /**
     * Credentials for pulling bases from {@code registry} (a host with its port if any, as
     * {@link dev.berth.image.ImageReference#registry()} names it: {@code docker.io},
     * {@code localhost:5000}), as the docker CLI sends them in {@code X-Registry-Config}.
     */
    public ImageBuilder registryAuth(String registry, RegistryAuth auth) {
        registryAuths.put(Objects.requireNonNull(registry, "registry"), Objects.requireNonNull(auth, "auth"));
        return this;
    }

    /** Where progress goes. */
    public ImageBuilder listener(BuildListener l) {
        this.listener = Objects.requireNonNull(l);
        return this;
    }

    /**
     * {@code docker build --secret id=ID,src=FILE}: the file a {@code RUN --mount=type=secret,id=ID}
     * shows (read when the step runs); its content is never in a layer, the history or the cache key
     * (<a href="https://docs.docker.com/build/building/secrets/">Build secrets</a>).
     */
    public ImageBuilder secret(String id, Path file) {
        secrets.put(Objects.requireNonNull(id, "id"), file.toAbsolutePath());
        return this;
    }

    /**
     * {@code docker build --ssh ID=SOCKET}: the SSH agent socket a {@code RUN --mount=type=ssh,id=ID}
     * shows ({@code default} is the id a mount without one asks for).
     */
    public ImageBuilder ssh(String id, Path agentSocket) {
        sshSockets.put(Objects.requireNonNull(id, "id"), agentSocket.toAbsolutePath());
        return this;
    }

    /** Builds and tags the image {@code tag}. */
    public Image build(String tag) {
        return execute(Objects.requireNonNull(tag, "tag"));
    }

    /** Builds the image untagged (found by its digest). */
    public Image build() {
        return execute(null);
    }

    private Image execute(String tag) {
        try {
            return executePlan(tag);
        } finally {
            resolved.clear();
            deleteUnpackedContext();
        }
    }

    private void deleteUnpackedContext() {
        if (unpackedContext != null) {
            try {
                dev.berth.build.ContextArchive.delete(unpackedContext);
            } catch (IOException e) {
                org.slf4j.LoggerFactory.getLogger(ImageBuilder.class).warn("cannot delete the build context {}",
                        unpackedContext, e);
            }
            unpackedContext = null;
        }
    }

    /** The plan with the {@link #labels} added at the end of the stage that is built. */
    private List<BuildStage> withLabels(List<BuildStage> plan, String stageTarget) {
        if (labels.isEmpty() || plan.isEmpty()) {
            return plan;
        }
        int index = plan.size() - 1;
        for (int i = 0; stageTarget != null && i < plan.size(); i++) {
            if (stageTarget.equalsIgnoreCase(plan.get(i).name())) {
                index = i;
            }
        }
        BuildStage stage = plan.get(index);
        List<BuildStep> steps = new ArrayList<>(stage.steps());
        List<String> origins = new ArrayList<>(stage.origins());
        labels.forEach((k, v) -> {
            steps.add(new BuildStep.Configure("LABEL " + k + "=" + v, c -> c.labels.put(k, v)));
            origins.add("--label");
        });
        List<BuildStage> out = new ArrayList<>(plan);
        out.set(index, new BuildStage(stage.name(), stage.base(), steps, origins));
        return out;
    }

    private Image executePlan(String tag) {
        endStage();
        List<BuildStage> plan = List.copyOf(stages);
        String stageTarget = target;
        if (dockerfile != null) {
            stageTarget = target == null ? null : target.toLowerCase(java.util.Locale.ROOT);
            dev.berth.build.dockerfile.CheckDirective checkConfig;
            try {
                checkConfig = dockerfile.checkConfig(buildArgs); // refused before any base is pulled, as BuildKit
            } catch (RuntimeException e) {
                throw new BuildException(dockerfileName + ": " + e.getMessage(), e);
            }
            try {
                plan = new DockerfileStages(dockerfile, dockerfileName, buildArgs, this::resolveBase, network)
                        .stages(stageTarget);
            } catch (IOException | RuntimeException e) {
                throw new BuildException(dockerfileName + ": " + e.getMessage(), e);
            }
            // After planning: the bases are resolved then, and UndefinedVar needs their Env.
            reportChecks(stageTarget, checkConfig);
            dev.berth.namespaces.host.StartupTrace.mark("build: checked");
        }
        plan = withLabels(plan, stageTarget);
        dev.berth.namespaces.host.StartupTrace.mark("build: planned");
        BuildOptions options = new BuildOptions(context, excluded, buildArgs, stageTarget, listener, noCache, secrets,
                sshSockets);
        ImageBuild b = new ImageBuild(berth.host(), berth.store(), berth.layers(), berth.networks(), this::resolveBase,
                berth.home(), options, berth.storageDriver() == LayerStorage.VFS);
        ImageDetails details = b.build(plan, tag);
        dev.berth.namespaces.host.StartupTrace.mark("build: built");
        stages.clear();
        Image image = new Image(tag, details);
        if (tag != null) {
            // As Docker's builder: the tag a build gives is a tag event.
            berth.events().record(ImageEvents.tagged(image, image.reference().orElse(tag)));
        }
        return image;
    }

    /**
     * The Dockerfile's failed build checks for this build (those needing the bases' Env included),
     * each a warning to the listener before the first step, as docker prints them; with
     * {@code # check=error=true} (or the {@code BUILDKIT_DOCKERFILE_CHECK} build arg) they fail
     * the build, as BuildKit's do.
     */
    private void reportChecks(String stageTarget, dev.berth.build.dockerfile.CheckDirective config) {
        List<dev.berth.build.dockerfile.BuildCheck> checks = dockerfile.buildChecks(buildArgs, stageTarget, ref -> {
            var env = resolveBase(ref).config().value().config().env();
            return env == null ? List.of() : env;
        }, dockerIgnore);
        checks.forEach(c -> listener.warning(0, c.toString()));
        if (!checks.isEmpty() && config.error()) {
            throw new BuildException(dockerfileName + ": lint violation found for rules: " + String.join(", ",
                    checks.stream().map(dev.berth.build.dockerfile.BuildCheck::rule).distinct().toList()), null);
        }
    }

    /**
     * The image {@code reference} names for this build: the plan and the stage that starts from
     * it (and a COPY --from of it) see the same image, read once.
     */
    private ImageDetails resolveBase(String reference) throws IOException {
        ImageDetails known = resolved.get(reference);
        if (known != null) {
            return known;
        }
        ImageDetails image;
        if (pullBases && pulled.add(reference)) {
            image = pullBase(reference);
        } else {
            try {
                image = berth.store().inspect(reference);
            } catch (ImageNotFoundException e) {
                image = pullBase(reference);
            }
        }
        resolved.put(reference, image);
        return image;
    }

    /** Pulls a base with the credentials given for its registry, if any. */
    private ImageDetails pullBase(String reference) throws IOException {
        RegistryAuth auth;
        try {
            auth = registryAuths.getOrDefault(dev.berth.image.ImageReference.parse(reference).registry(), RegistryAuth.none());
        } catch (IllegalArgumentException invalid) {
            auth = RegistryAuth.none(); // the pull names what is wrong with it
        }
        return berth.pull(reference, auth, dev.berth.image.ProgressListener.NONE).details();
    }

    private ImageBuilder configure(String instruction, Consumer<BuildConfig> change) {
        return add(new BuildStep.Configure(instruction, change));
    }

    private ImageBuilder add(BuildStep step) {
        current().add(step);
        return this;
    }

    private List<BuildStep> current() {
        if (dockerfile != null) {
            throw new IllegalStateException("this builder takes its steps from " + dockerfileName);
        }
        if (steps == null) {
            throw new IllegalStateException("no stage: call from(...) first");
        }
        return steps;
    }

    private void endStage() {
        if (steps != null) {
            stages.add(new BuildStage(stageName, stageBase, steps));
            steps = null;
        }
    }

    private static String json(List<String> args) {
        return Quoting.json(args);
    }
}
