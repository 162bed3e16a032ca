package dev.berth;

import dev.berth.bundle.BundleDirectory;
import dev.berth.bundle.OciToLaunch;
import dev.berth.build.BuildScratch;
import dev.berth.events.EventLog;
import dev.berth.image.ImageReference;
import dev.berth.image.oci.Platform;
import dev.berth.image.archive.DockerArchiveDestination;
import dev.berth.image.archive.DockerArchiveSource;
import dev.berth.image.archive.OciLayoutDestination;
import dev.berth.image.archive.OciLayoutSource;
import dev.berth.image.remote.RegistryDestination;
import dev.berth.image.remote.RegistrySource;
import dev.berth.image.remote.RegistryClients;
import dev.berth.image.store.ImageStore;
import dev.berth.image.store.PrivateDirectories;
import dev.berth.image.store.StoreDestination;
import dev.berth.image.store.StoreLocation;
import dev.berth.namespaces.host.Host;
import dev.berth.image.store.StoreSource;
import dev.berth.image.transport.ImageCopy;
import dev.berth.image.transport.ImageDestination;
import dev.berth.image.transport.ImageSource;
import dev.berth.image.transport.NamedImage;
import dev.berth.image.transport.TransportReference;
import dev.berth.namespaces.host.StartupTrace;
import dev.berth.network.NetworkRecord;
import dev.berth.network.Networks;
import dev.berth.runtime.HostResolvConf;
import dev.berth.network.Subnet;
import dev.berth.namespaces.launch.LaunchException;
import dev.berth.namespaces.launch.ProcessSpec;
import dev.berth.host.ContainerHost;
import dev.berth.host.HostAssessment;
import dev.berth.host.HostFiles;
import dev.berth.overlayfs.driver.StorageDriver;
import dev.berth.overlayfs.store.LayerStore;
import dev.berth.image.ProgressListener;
import dev.berth.registry.CredentialSource;
import dev.berth.registry.Credentials;
import dev.berth.registry.DockerConfigCredentials;
import dev.berth.registry.RegistryClient;
import dev.berth.runtime.ContainerExec;
import dev.berth.volume.VolumeStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * The engine: one {@code BERTH_HOME} with its image store ({@code images/}, OCI image layout),
 * its unpacked layers ({@code layers/}) and its containers ({@code containers/ID/}), used from
 * inside this JVM with no daemon. The entry point, as Testcontainers' {@code DockerClientFactory}
 * and Jib's {@code Containerizer} are theirs
 * (<a href="https://docs.docker.com/reference/cli/docker/">docker CLI</a> for what each call
 * mirrors). Closing it stops and removes every container it started that is not detached.
 *
 * <pre>{@code
 * try (Berth berth = Berth.open();
 *      Container c = berth.container("busybox").command("sleep", "60").start()) {
 *     ExecResult r = c.exec("ps");
 * }
 * }</pre>
 */
public final class Berth implements AutoCloseable {
    private final Host host;
    private final Path home;
    private final Path runtime;
    private final ImageStore images;
    private final LayerStore layers;
    private final RegistryClients registries;
    private final Networks networks;
    /** Whether {@link #networks()} has run the networks' recovery of this open. */
    private volatile boolean networksRecovered;
    /** The host's resolv.conf, which every container's is made from. */
    private final HostResolvConf resolvConf = HostResolvConf.system();
    /** As asked (AUTO until the first container needs it decided). */
    private LayerStorage storageDriver;
    private final ContainerIndex containers;
    private volatile boolean closed;
    /** The home's event log, which every JVM on the home appends to. */
    private final EventLog events;
    /** What this open made owner-only ("PATH MODE -> 0700"), for {@link #check()}. */
    private final List<String> tightened;

    private final Thread shutdownHook = new Thread(this::closeAtExit, "berth-shutdown");
    /** Where removed containers' directories are deleted off the remover's path. */
    private final dev.berth.runtime.RemovedContainers removedContainers;

    private Berth(Host host, Path home, Path runtime, RegistryClients registries, LayerStorage storageDriver)
            throws IOException {
        this.host = host;
        this.home = home;
        this.runtime = runtime;
        this.registries = registries;
        StartupTrace.mark("open: start");
        this.tightened = makePrivate(home, runtime);
        this.events = EventLog.in(home);
        this.containers = new ContainerIndex(this, containersDirectory());
        this.images = ImageStore.open(StoreLocation.imageStore(home));
        StartupTrace.mark("open: image store");
        this.layers = LayerStore.open(home.resolve("layers"), host);
        StartupTrace.mark("open: layer store");
        this.networks = new Networks(host, home, containersDirectory(), runtime, resolvConf);
        this.removedContainers = new dev.berth.runtime.RemovedContainers(home);
        this.storageDriver = storageDriver;
        StartupTrace.mark("open: networks");
        new ContainerRecovery(this).run();
        StartupTrace.mark("open: container recovery");
        BuildScratch.removeAbandoned(home.resolve("build-tmp"));
        // The networks' recovery waits for the first use of a network (networks()): a ps or an
        // images neither needs it nor should pay for bridges, netlink and nft (#17).
        List<String> removed = new ArrayList<>(new StoreChecker(this).removeLeftovers());
        removedContainers.sweep().forEach(p -> removed.add(p.toString()));
        StartupTrace.mark("open: store check");
        if (!removed.isEmpty()) {
            LoggerFactory.getLogger(Berth.class).info("removed what crashed JVMs left in {}: {}", home, removed);
        }
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Makes the home and the runtime directory reachable by this user only, tightening those an
     * earlier Berth made with the umask's mode, and says so (see {@link PrivateDirectories}).
     */
    private static List<String> makePrivate(Path home, Path runtime) throws IOException {
        List<String> tightened = new ArrayList<>(PrivateDirectories.secureHome(home));
        PrivateDirectories.secureRuntime(runtime).ifPresent(tightened::add);
        if (!tightened.isEmpty()) {
            LoggerFactory.getLogger(Berth.class).warn("other host users could reach "
                    + "layer contents, containers' files, volumes or logs in " + home + "; made owner-only: "
                    + String.join(", ", tightened));
        }
        if (Files.isDirectory(runtime) && !PrivateDirectories.ownRuntimeDirectory(runtime)) {
            LoggerFactory.getLogger(Berth.class).warn("the runtime directory " + runtime
                    + " belongs to another user: sockets go to each container's directory instead");
        }
        return List.copyOf(tightened);
    }

    /** What opening this Berth made owner-only ("PATH MODE -> 0700"). */
    List<String> tightenedOnOpen() {
        return tightened;
    }

    /**
     * "auto": overlay unless a trial overlay mount fails (a file system overlay cannot use for
     * its upper, an old kernel): as root here; without root in a user namespace, where
     * containers mount it, through a trial launch (a kernel before 5.11 refuses it there). The
     * choice is kept in the home for this kernel ({@link StorageDriverChoice}).
     */
    private String chooseDriver() throws IOException {
        if (containerHost().homeOnOverlay()) {
            // overlayfs refuses an overlay as its upper layer: no trial mount, the reason said once
            LoggerFactory.getLogger(Berth.class).info("BERTH_HOME {} is on an overlay (a container's root): the copy"
                    + " driver (vfs) is used; mount a volume at BERTH_HOME for the overlay driver", home);
            return StorageDriver.copy(host).name();
        }
        StorageDriverChoice choice = new StorageDriverChoice(home);
        Optional<String> recorded = choice.recorded();
        if (recorded.isPresent()) {
            return recorded.get(); // chosen by an earlier process on this kernel
        }
        Path scratch = Files.createDirectories(home.resolve("tmp"));
        String chosen = (host.isRoot() ? StorageDriver.detect(host, scratch)
                : StorageDriver.detectInUserNamespace(host, scratch)).name();
        choice.record(chosen);
        return chosen;
    }

    private volatile Optional<String> rootRefusal;

    /** Why root cannot start containers on this host (see ContainerHost#rootRefusal), read once. */
    Optional<String> hostRootRefusal() {
        Optional<String> r = rootRefusal;
        if (r == null) {
            r = host.isRoot() ? containerHost().rootRefusal() : Optional.empty();
            rootRefusal = r;
        }
        return r;
    }

    private ContainerHost containerHost() {
        return ContainerHost.detect(HostFiles.system(), home);
    }

    /**
     * What Berth detected about the host it runs on (an overlay root, a cgroup namespace, a user
     * namespace, missing capabilities, {@code /dev/fuse}) and what it does about each: which
     * storage driver and why, the leaf a nested cgroup v2 root's processes move to, the rootless
     * path, the network. Decides the storage driver if that was not done yet.
     */
    public HostReport hostReport() {
        ContainerHost h = containerHost();
        return new HostReport(HostAssessment.detected(h),
                HostAssessment.consequences(h, storageDriver().name().toLowerCase(java.util.Locale.ROOT)));
    }

    /**
     * The storage containers get their root from: {@link LayerStorage#OVERLAY} or
     * {@link LayerStorage#VFS}; {@link LayerStorage#AUTO} is decided on the first call.
     */
    public synchronized LayerStorage storageDriver() {
        if (storageDriver == LayerStorage.AUTO) {
            try {
                storageDriver = LayerStorage.of(chooseDriver());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot choose a storage driver in " + home, e);
            }
        }
        return storageDriver;
    }

    /**
     * At JVM exit, containers that are not detached are stopped with a short grace (the JVM is
     * going; the stage-1 helper's die-with-parent would kill them anyway, without a stop signal).
     */
    private void closeAtExit() {
        for (Container c : containers.started()) {
            if (!c.detached()) {
                try {
                    c.stop(Duration.ofSeconds(2));
                    c.remove();
                } catch (RuntimeException e) {
                    LoggerFactory.getLogger(Berth.class).warn("cannot remove {} at exit", c, e);
                }
            }
        }
        networks.closeIdleBridges(); // later removals (another hook's) delete their bridges at once
        removedContainers.close(); // the same for their directories
    }

    /**
     * Opens the default {@code BERTH_HOME} ({@code /var/lib/berth} for root; see {@link StoreLocation}),
     * first removing the containers, processes and cgroups of JVMs that died without closing
     * theirs, and what crashed writers left in the stores (staging files, half-applied layers,
     * layer references of dead pulls and containers; see {@link #check()}). What dead JVMs left
     * of networks (endpoints, bridges, NAT rules) is removed when this Berth first uses a network.
     * Several JVMs may have one home open at once.
     */
    public static Berth open() throws IOException {
        return builder().build();
    }

    /**
     * Why Berth containers cannot run on this host, or empty when they can: the stage-1 helper
     * must start, and the process must be root or able to create a user namespace (rootless).
     * Checked once per JVM; the JUnit extension skips its tests with this reason.
     */
    public static Optional<String> hostUnsupportedReason() {
        return HostSupport.missing();
    }

    /**
     * Stores credentials for a registry where Berth, Docker and Podman read them:
     * {@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}, under {@code auths}
     * (<a href="https://docs.docker.com/reference/cli/docker/login/">docker login</a>). Docker
     * Hub ({@code docker.io}) is keyed by its v1 index URL. The credentials are checked first,
     * as {@code docker login} checks them ({@code GET /v2/} with Basic authentication or a token
     * from the registry's realm); refused ones are not stored.
     *
     * @return the file written
     * @throws LoginRefusedException when the registry refuses the credentials
     * @throws IOException when the registry cannot be reached or the file written
     */
    public static Path login(String server, String username, String password) throws IOException {
        if (username == null || username.isEmpty() || password == null || password.isEmpty()) {
            throw new IllegalArgumentException("login to " + server + " needs a username and a password");
        }
        String host = DockerConfigCredentials.normalize(server);
        dev.berth.registry.RegistryClient client = dev.berth.registry.RegistryClient.builder(host.equals("index.docker.io") ? "docker.io" : host)
                .credentials(dev.berth.registry.Credentials.basic(username, password)).build();
        try {
            client.checkLogin();
        } catch (dev.berth.registry.RegistryException e) {
            if (e.statusCode() == 401 || e.statusCode() == 403) {
                throw new LoginRefusedException("login attempt to " + client.endpoint().apiBase() + " failed with status: "
                        + e.statusCode() + (e.statusCode() == 401 ? " Unauthorized" : " Forbidden"), e);
            }
            throw e;
        }
        DockerConfigCredentials config = DockerConfigCredentials.fromEnvironment();
        config.store(server, username, password);
        return config.configFile();
    }

    /**
     * Removes the stored credentials of a registry ({@code docker logout}) from the file
     * {@link #login} writes; Docker Hub's for {@code docker.io}. Returns the file, which keeps
     * every other entry.
     */
    public static Path logout(String server) throws IOException {
        DockerConfigCredentials config = DockerConfigCredentials.fromEnvironment();
        config.remove(server);
        return config.configFile();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The home directory. */
    public Path home() {
        return home;
    }

    /**
     * Where files that live only while containers start or run go (sockets): by default
     * {@code $XDG_RUNTIME_DIR/berth} for users and {@code /run/berth} for root
     * ({@link StoreLocation#runtimeDirectory()}). The store, containers' state and logs included,
     * stays under {@link #home()}, so every JVM on the home sees the same containers, as Docker
     * keeps them in {@code /var/lib/docker}.
     */
    public Path runtimeDirectory() {
        return runtime;
    }

    /** The images in the store: list, inspect, tag, untag, remove, prune ({@code docker image ...}). */
    public Images images() {
        return new Images(this, images);
    }

    /** The image store itself, for the engine's own classes. */
    ImageStore store() {
        return images;
    }

    /**
     * {@code berth system check}: verifies every blob's digest and every reference in this home
     * (images to manifests, configs and layers; containers and images to unpacked layers; each
     * layer's parent and files) and lists what crashed JVMs left behind, the home's and runtime
     * directory's paths that other host users could reach (a problem each) and those this open
     * made owner-only. Read-only: the leftovers are removed, and loose modes tightened, by the
     * next {@link #open()}. Takes time proportional to the bytes stored.
     */
    public StoreCheck check() throws IOException {
        return new StoreChecker(this).check();
    }

    /**
     * {@code docker rmi}: removes the tag (or, by digest or ID, every tag of the image) and then
     * collects what no longer has a reference ({@link #collectGarbage()}); returns the
     * references and digests untagged.
     */
    public List<String> removeImage(String referenceOrDigest) throws IOException {
        Image image = image(referenceOrDigest);
        String id = image.id();
        List<String> untagged = images().untag(referenceOrDigest);
        collectGarbage();
        for (int i = 0; i < untagged.size(); i++) {
            events.record(ImageEvents.untagged(image));
        }
        events.record(Event.image("delete", id, Map.of("name", referenceOrDigest)));
        return untagged;
    }

    /**
     * {@code docker image prune}: removes the image blobs that no tag references, then the
     * references of images and containers that are gone, then the unpacked layers that nothing
     * references and no other layer is built on. What is being pulled, unpacked or run stays.
     */
    public Pruned collectGarbage() throws IOException {
        var blobs = images.gc();
        new StoreChecker(this).removeLeftovers();
        List<String> layersRemoved = layers.collectGarbage().stream().map(Object::toString).toList();
        return new Pruned(blobs.removed().stream().map(Object::toString).toList(), blobs.bytesFreed(), layersRemoved);
    }

    /** A builder for a container of {@code image}: a reference, a digest or an image ID in the store. */
    public ContainerBuilder<?> container(String image) {
        return new ContainerBuilder.Generic(this, image);
    }

    /** A builder for a container of {@code image}, pinned to its manifest digest. */
    public ContainerBuilder<?> container(Image image) {
        return new ContainerBuilder.Generic(this, image.digest());
    }

    /**
     * A builder that writes {@code image} as an OCI bundle, which runc and crun run
     * ({@code berth bundle IMAGE DIR}).
     */
    public BundleBuilder bundle(String image) {
        return new BundleBuilder(this, image);
    }

    /**
     * Runs the OCI bundle at {@code dir} (its {@code config.json} and root) to its end, as
     * {@code runc run} would, and returns its exit code and output. Needs root; a bundle asking
     * for what Berth cannot run (hooks, mounts other than bind and tmpfs) is refused with the
     * field named. With {@code process.terminal} its stdio is a new pty of the container's own
     * devpts, as {@code runc run} makes one; this JVM holds the master (there is no host terminal
     * to need, unlike {@code runc run}, which refuses without one), so the result's stdout is what
     * the terminal showed, stdout and stderr as one with the terminal's {@code \r\n}, and its
     * stderr is empty; the terminal's input stays open and empty.
     *
     * @throws IOException if {@code dir} holds no readable {@code config.json}
     * @throws IllegalArgumentException naming a field of the config Berth cannot run
     */
    public ExecResult runBundle(Path dir) throws IOException, InterruptedException {
        BundleDirectory bundle = BundleDirectory.at(dir);
        ProcessSpec spec = bundleSpec(bundle);
        try {
            return ContainerExec.runToEnd(host.launcher(), spec, new ContainerExec.Streams(spec.io().console(), null));
        } catch (LaunchException e) {
            throw ContainerException.launchFailed(spec.name(), bundle.path().toString(), "", e);
        }
    }

    /**
     * Starts the OCI bundle at {@code dir} as {@link #runBundle} runs it and returns at once:
     * the caller reads its stdout and stderr, or with {@code process.terminal} drives the
     * master of its terminal ({@link ExecProcess#terminal()}), as {@code berth bundle run}
     * connects it to the host's; then waits for it and closes it.
     *
     * @throws IOException if {@code dir} holds no readable {@code config.json}
     * @throws IllegalArgumentException naming a field of the config Berth cannot run
     */
    public ExecProcess startBundle(Path dir) throws IOException {
        BundleDirectory bundle = BundleDirectory.at(dir);
        ProcessSpec spec = bundleSpec(bundle);
        try {
            return new ExecProcess(host.launcher().launch(spec));
        } catch (LaunchException e) {
            throw ContainerException.launchFailed(spec.name(), bundle.path().toString(), "", e);
        }
    }

    private static ProcessSpec bundleSpec(BundleDirectory bundle) throws IOException {
        return OciToLaunch.fromOci(bundle.readConfig(), bundle.path())
                .name("berth-bundle-" + Long.toHexString(System.nanoTime()))
                .build();
    }

    /**
     * An image already in the store, found by tag ({@code alpine} means
     * {@code docker.io/library/alpine:latest}), digest, image ID or a unique prefix of either;
     * through an index, the manifest for this machine's platform.
     *
     * @throws dev.berth.image.store.ImageNotFoundException naming {@code referenceOrDigest}
     */
    public Image image(String referenceOrDigest) throws IOException {
        return new Image(images.tagNamedBy(referenceOrDigest).map(Object::toString).orElse(null),
                images.inspect(referenceOrDigest));
    }

    /** A builder for an image made from a base by RUN, COPY and config steps, as a Dockerfile makes one. */
    public ImageBuilder imageBuilder() {
        return new ImageBuilder(this);
    }

    /**
     * {@code docker build contextDir}: a builder for the image {@code contextDir/Dockerfile}
     * describes, with that context; set build args, target or listener on it and call
     * {@link ImageBuilder#build(String)}.
     */
    public ImageBuilder build(Path contextDir) {
        return imageBuilder().fromDockerfile(contextDir.resolve("Dockerfile"), contextDir);
    }

    /** {@link #pull(String, ProgressListener)} without progress. */
    public Image pull(String reference) throws IOException {
        return pull(reference, ProgressListener.NONE);
    }

    /**
     * {@code docker pull}: fetches {@code reference} for this machine's platform from its registry
     * into the store, unpacking its layers as they arrive, and tags it. A failed pull leaves the
     * store as it was.
     *
     * @throws dev.berth.image.InvalidReferenceException when {@code reference} is not a valid reference
     * @throws dev.berth.image.remote.ImageTransferException naming the reference and registry
     */
    public Image pull(String reference, ProgressListener listener) throws IOException {
        return pull(reference, RegistryAuth.none(), listener);
    }

    /**
     * {@link #pull(String, ProgressListener)} with {@code auth} for this pull only (the Engine
     * API's {@code X-Registry-Auth}); {@link RegistryAuth#none()} uses this Berth's credentials.
     */
    public Image pull(String reference, RegistryAuth auth, ProgressListener listener) throws IOException {
        ImageReference ref = ImageReference.parse(reference);
        copy(RegistrySource.of(registriesFor(auth), ref, Platform.host(), listener), () -> StoreDestination.pulled(images, layers));
        events.record(Event.image("pull", ref.toString(), Map.of("name", ref.toString())));
        return new Image(ref.tag().isPresent() ? ref.toString() : null, images.inspect(ref.toString()));
    }

    /** {@code docker tag}: names {@code image} {@code reference} too (moving the tag if it named another image). */
    public Image tag(Image image, String reference) throws IOException {
        ImageReference ref = ImageReference.parse(reference);
        images.tag(ref, image.details().resolved().digest());
        events.record(ImageEvents.tagged(image, ref.toString()));
        return new Image(ref.toString(), image.details());
    }

    /** {@link #push(String, ProgressListener)} without progress. */
    public void push(String reference) throws IOException {
        push(reference, ProgressListener.NONE);
    }

    /**
     * {@code docker push}: uploads the stored image {@code reference} (a tag such as
     * {@code registry.example:5000/app:1}) to the registry it names: blobs the registry lacks,
     * mounted from another repository where it has them, then the manifest (and index) and the tag.
     *
     * @throws dev.berth.image.remote.ImageTransferException naming the reference and registry
     */
    public void push(String reference, ProgressListener listener) throws IOException {
        push(reference, RegistryAuth.none(), listener);
    }

    /**
     * {@link #push(String, ProgressListener)} with {@code auth} for this push only (the Engine
     * API's {@code X-Registry-Auth}); returns the image pushed, whose {@link Image#digest()} and
     * manifest bytes are the registry's, since a push keeps them.
     */
    public Image push(String reference, RegistryAuth auth, ProgressListener listener) throws IOException {
        ImageReference ref = ImageReference.parse(reference);
        Image image = image(reference);
        copy(StoreSource.of(images, List.of(reference)), () -> RegistryDestination.of(registriesFor(auth), ref, listener));
        if (ref.tag().isPresent()) {
            images.tag(ref, image.details().resolved().digest(), true); // the registry has it now: Docker's RepoDigests
        }
        events.record(Event.image("push", ref.toString(), Map.of("name", ref.toString())));
        return image(reference);
    }

    /** This Berth's clients, or fresh ones presenting {@code auth} to every registry. */
    private RegistryClients registriesFor(RegistryAuth auth) {
        if (auth == null || auth.isEmpty()) {
            return registries;
        }
        Credentials credentials = auth.identityToken().isEmpty() ? Credentials.basic(auth.username(), auth.password())
                : Credentials.identityToken(auth.username(), auth.identityToken());
        return RegistryClients.caching(host -> RegistryClient.builder(host)
                .credentialSource(CredentialSource.of(credentials)).build());
    }

    /** {@link #copy(String, String, ProgressListener)} without progress. */
    public List<String> copy(String source, String destination) throws IOException {
        return copy(source, destination, ProgressListener.NONE);
    }

    /**
     * {@code skopeo copy}: copies the images {@code source} names to {@code destination}, both in
     * skopeo's transport syntax: {@code docker://REF} (a registry), {@code oci:DIR[:REF]},
     * {@code oci-archive:PATH[:REF]}, {@code docker-archive:PATH[:REF]}, and this Berth's store as
     * {@code berth:REF} or a bare reference. Blobs the destination has are skipped, every other one is
     * streamed and checked against its digest, and manifests keep their bytes, so digests are preserved.
     * Returns the digests of the manifests or indexes copied.
     *
     * @throws dev.berth.image.transport.InvalidTransportReferenceException naming a reference that cannot be read
     */
    public List<String> copy(String source, String destination, ProgressListener listener) throws IOException {
        TransportReference from = TransportReference.parse(source);
        TransportReference to = TransportReference.parse(destination);
        ImageTransports transports = new ImageTransports(images, layers, registries);
        return copy(transports.source(from, listener), () -> transports.destination(to, listener)).stream()
                .map(i -> i.top().digest().toString()).toList();
    }

    /** Opens a destination once its source is open. */
    private interface DestinationOpener {
        ImageDestination open() throws IOException;
    }

    /**
     * The one copy under pull, push, load, save and copy; closes both ends, the source also when the
     * destination cannot be opened.
     */
    private static List<NamedImage> copy(ImageSource source, DestinationOpener destination) throws IOException {
        try (source; ImageDestination to = destination.open()) {
            return ImageCopy.copy(source, to);
        }
    }

    /**
     * {@code docker load}: loads every image of {@code archive}, a {@code docker save} archive or an
     * OCI archive (told apart by what it holds), into the store, checking each blob against its
     * digest; tags what the archive names. Returns one image per tag loaded, and one per untagged
     * image. On error the store's tags are as they were.
     */
    public List<Image> load(Path archive) throws IOException {
        ImageSource source = OciLayoutSource.isOciArchive(archive) ? OciLayoutSource.archive(archive, null)
                : DockerArchiveSource.open(archive, null);
        List<NamedImage> loaded = copy(source, () -> StoreDestination.of(images, layers, null));
        List<Image> out = new ArrayList<>();
        for (NamedImage image : loaded) {
            List<ImageReference> tags = image.references();
            String digest = image.top().digest().toString();
            if (tags.isEmpty()) {
                out.add(new Image(null, images.inspect(digest)));
            }
            for (ImageReference tag : tags) {
                out.add(new Image(tag.toString(), images.inspect(digest)));
            }
        }
        for (Image image : out) {
            events.record(Event.image("load", image.id(), Map.of("name", image.reference().orElse(image.id()))));
        }
        return out;
    }

    /**
     * {@code docker import}: a new one-layer image whose layer is {@code rootfsTar} (a tar of a
     * root file system; gzip, bzip2 or xz compressed, or plain), stored uncompressed, with the
     * options' tag (or none), comment ({@code Imported from -} by default, as Docker's) and
     * {@code --change} instructions as its config
     * (<a href="https://docs.docker.com/reference/cli/docker/image/import/">docker import</a>).
     * The tar is not unpacked here; the layer applier checks it when a container first uses it.
     */
    public Image importImage(java.io.InputStream rootfsTar, CommitOptions options) throws IOException {
        String reference = options.reference().orElse(null);
        var config = dev.berth.build.CommitChanges.apply(null, options.changes());
        java.io.InputStream tar = dev.berth.build.ContextArchive.uncompressed(rootfsTar);
        dev.berth.image.Digest digest = dev.berth.runtime.ImageCommit.commit(host, images, null, (diff, out) -> {
            java.security.MessageDigest sha;
            try {
                sha = java.security.MessageDigest.getInstance("SHA-256");
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            long size = 0;
            byte[] buffer = new byte[65536];
            for (int n = tar.read(buffer); n >= 0; n = tar.read(buffer)) {
                sha.update(buffer, 0, n);
                out.write(buffer, 0, n);
                size += n;
            }
            String id = "sha256:" + java.util.HexFormat.of().formatHex(sha.digest());
            return new dev.berth.overlayfs.diff.DiffResult(id, id, size, 0);
        }, reference, "", options.comment().orElse("Imported from -"), options.author().orElse(null), config);
        Image image = image(digest.toString());
        events.record(Event.image("import", image.id(), Map.of("name", reference == null ? image.id() : reference)));
        return image;
    }

    /**
     * {@code docker load} from a stream (the Engine API's {@code POST /images/load}): the archive
     * is first written to the home's scratch space, then loaded as {@link #load(Path)} does.
     */
    public List<Image> load(java.io.InputStream archive) throws IOException {
        Path file = scratchFile("load");
        try {
            Files.copy(archive, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return load(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * {@code docker save} to a stream (the Engine API's {@code GET /images/get}): the archive is
     * written to the home's scratch space, then copied to {@code out}, so an image that cannot
     * be saved fails before any byte is written.
     */
    public void save(List<String> images, java.io.OutputStream out, ArchiveFormat format) throws IOException {
        Path file = scratchFile("save");
        try {
            save(images, file, format);
            Files.copy(file, out);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private Path scratchFile(String purpose) throws IOException {
        Path dir = Files.createDirectories(home.resolve("tmp"));
        return dir.resolve(purpose + "-" + java.util.UUID.randomUUID() + ".tar");
    }

    /**
     * {@code docker save}: writes {@code images} (tags, digests or image IDs in the store) to
     * {@code archive} in {@code format}, replacing the file only when it is complete. A tag goes into
     * the archive with the image; an image given by digest is written untagged.
     */
    public void save(List<String> images, Path archive, ArchiveFormat format) throws IOException {
        copy(StoreSource.of(this.images, images), () -> format == ArchiveFormat.OCI
                ? OciLayoutDestination.archive(archive, null) : DockerArchiveDestination.create(archive, null));
        for (String name : images) {
            events.record(Event.image("save", image(name).id(), Map.of("name", name)));
        }
    }

    /**
     * {@code docker container prune}: removes every container that is neither running nor
     * paused (created or exited) that {@code which} accepts, as dockerd's ContainerPrune. A
     * container another process starts or removes meanwhile is skipped.
     */
    public PrunedContainers pruneContainers(java.util.function.Predicate<Container> which) throws IOException {
        java.util.Map<String, Long> sizes = new java.util.HashMap<>();
        for (DiskUsage.ContainerUsage u : diskUsage().containers()) {
            sizes.put(u.container().id(), u.sizeRw());
        }
        List<String> deleted = new ArrayList<>();
        long reclaimed = 0;
        for (Container c : listContainers()) {
            ContainerState.Status s = c.state().status();
            if (s == ContainerState.Status.RUNNING || s == ContainerState.Status.PAUSED || !which.test(c)) {
                continue;
            }
            try {
                c.remove();
            } catch (RuntimeException raced) {
                continue; // started or removed by another process meanwhile: dockerd skips it too
            }
            deleted.add(c.id());
            reclaimed += sizes.getOrDefault(c.id(), 0L);
        }
        return new PrunedContainers(deleted, reclaimed);
    }

    /**
     * {@code docker system df}: the sizes of the unpacked layers, of each image (with the bytes
     * it shares with others and the containers using it), of what each container wrote and of
     * each named volume. Walks the containers' and volumes' files, so it takes time proportional
     * to them.
     */
    public DiskUsage diskUsage() throws IOException {
        long layersSize = 0;
        for (var layer : layers.list()) {
            layersSize += layer.contentSizeOrTarSize();
        }
        List<Container> all = listContainers();
        List<Image> imageList = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (ListedImage listed : images().list()) {
            Image image;
            try {
                image = image(listed.digest());
            } catch (IOException | RuntimeException e) {
                continue; // an index without this platform's manifest
            }
            if (seen.add(image.id())) {
                imageList.add(image);
            }
        }
        // As dockerd: an image's size is the sum of its unpacked layers, measured as LayersSize
        // measures them, so that LayersSize minus what used images alone hold is never negative.
        Map<String, Map<String, Long>> imageLayers = new HashMap<>();
        Map<String, Integer> layerUse = new HashMap<>();
        for (Image image : imageList) {
            Map<String, Long> sizes = unpackedLayerSizes(image);
            imageLayers.put(image.id(), sizes);
            sizes.keySet().forEach(chain -> layerUse.merge(chain, 1, Integer::sum));
        }
        List<DiskUsage.ImageUsage> imageUsage = new ArrayList<>();
        Map<String, Long> imageSizes = new HashMap<>();
        for (Image image : imageList) {
            long size = 0;
            long shared = 0;
            for (var layer : imageLayers.get(image.id()).entrySet()) {
                size += layer.getValue();
                if (layerUse.get(layer.getKey()) > 1) {
                    shared += layer.getValue();
                }
            }
            int users = (int) all.stream().filter(c -> c.imageDigest().equals(image.digest())).count();
            imageUsage.add(new DiskUsage.ImageUsage(image, size, shared, users));
            imageSizes.put(image.digest(), size);
        }
        List<DiskUsage.ContainerUsage> containerUsage = new ArrayList<>();
        for (Container c : all) {
            long rw = treeSize(c.writableLayer());
            containerUsage.add(new DiskUsage.ContainerUsage(c, rw, rw + imageSizes.getOrDefault(c.imageDigest(), 0L)));
        }
        List<DiskUsage.VolumeUsage> volumeUsage = new ArrayList<>();
        for (Volume v : volumes().list()) {
            volumeUsage.add(new DiskUsage.VolumeUsage(v, treeSize(v.mountpoint()), volumes().usedBy(v.name()).size()));
        }
        return new DiskUsage(layersSize, imageUsage, containerUsage, volumeUsage);
    }

    /**
     * The unpacked size of each of {@code image}'s layers, base first, keyed by chain ID (the layer
     * store's key, so equal layers of two images are one): the bytes of its files and symlink
     * targets, as dockerd sizes layers; a layer not unpacked yet counts its blob size.
     */
    Map<String, Long> unpackedLayerSizes(Image image) {
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        var blobs = image.details().manifest().value().layers();
        List<dev.berth.overlayfs.store.ChainId> chains = chainIds(image);
        for (int i = 0; i < chains.size(); i++) {
            long blobSize = i < blobs.size() ? blobs.get(i).size() : 0;
            out.put(chains.get(i).digest(), layers.get(chains.get(i)).map(l -> l.contentSizeOrTarSize()).orElse(blobSize));
        }
        return out;
    }

    /** The chain IDs of {@code image}'s layers, base first. */
    private static List<dev.berth.overlayfs.store.ChainId> chainIds(Image image) {
        List<dev.berth.overlayfs.store.ChainId> out = new ArrayList<>();
        dev.berth.overlayfs.store.ChainId chain = null;
        for (var diffId : image.details().config().value().rootfs().diffIds()) {
            chain = dev.berth.overlayfs.store.ChainId.of(chain, diffId.toString());
            out.add(chain);
        }
        return out;
    }

    /**
     * The unpacked directories of {@code image}'s layers, top first, as overlayfs stacks them
     * (what {@code docker image inspect} shows as {@code GraphDriver.Data}); a layer not unpacked
     * yet (never run) is left out.
     */
    public List<Path> layerDirectories(Image image) {
        List<Path> out = new ArrayList<>();
        for (var chain : chainIds(image)) {
            layers.get(chain).ifPresent(l -> out.add(0, l.diff()));
        }
        return out;
    }

    /** Bytes of the regular files below {@code dir} (0 when it is missing), not following links. */
    private static long treeSize(Path dir) throws IOException {
        if (!Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        long[] total = new long[1];
        Files.walkFileTree(dir, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    total[0] += attrs.size();
                }
                return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) {
                return java.nio.file.FileVisitResult.CONTINUE; // removed while walking, or unreadable
            }
        });
        return total[0];
    }

    /** The containers this Berth started that have not been removed. */
    public List<Container> containers() {
        return containers.started();
    }

    /**
     * {@code docker ps -a}: every container in this home, running or exited, whichever JVM
     * started it; those this Berth started are the same objects {@link #containers()} holds.
     * Containers still being created or removed are left out.
     */
    public List<Container> listContainers() throws IOException {
        return containers.list();
    }

    /**
     * The container named {@code idOrName}: its name, its id, or a prefix of the id that only
     * it has, as {@code docker} commands accept. Only the one found is reattached.
     *
     * @throws IllegalArgumentException when the prefix names several containers
     */
    public Optional<Container> findContainer(String idOrName) throws IOException {
        return containers.find(idOrName);
    }

    /**
     * {@code docker events}: the events of every JVM on this home (containers created, started,
     * died, destroyed; images pulled, tagged, deleted...) that {@code query} selects, from its
     * start on and, when it follows, as they are recorded. The home keeps the latest few thousand.
     * The caller closes the stream.
     */
    public EventStream events(EventQuery query) {
        return events.read(Objects.requireNonNull(query, "query"));
    }

    /** The recorder the engine's actions report to ({@code events().record(Event.container(...))}). */
    EventLog events() {
        return events;
    }

    /**
     * The volumes of this home ({@code docker volume ...}): create, inspect, list, remove, prune.
     * They live in {@code volumes/NAME/_data}, as in Docker's {@code /var/lib/docker/volumes}.
     */
    public Volumes volumes() {
        return new Volumes(new VolumeStore(home.resolve("volumes")), containersDirectory(), events);
    }

    /**
     * {@code docker network create --subnet}: a bridge network whose containers reach each
     * other by name. {@code subnet} is IPv4 CIDR, e.g. {@code 10.90.0.0/24}.
     *
     * @throws IllegalArgumentException for an invalid name or subnet, or a subnet that overlaps
     *         another network
     * @throws IllegalStateException if a network of that name exists
     */
    public Network createNetwork(String name, String subnet) throws IOException {
        return createNetwork(name, NetworkSpec.defaults().withSubnet(Objects.requireNonNull(subnet, "subnet")));
    }

    /** {@code docker network create}: a bridge network on a free /24 of 10.231.0.0/16. */
    public Network createNetwork(String name) throws IOException {
        return createNetwork(name, NetworkSpec.defaults());
    }

    /**
     * {@code docker network create} with labels, options, {@code --internal} (see {@link NetworkSpec}).
     *
     * @throws IllegalArgumentException for an invalid name or subnet, or a subnet that overlaps
     *         another network
     * @throws IllegalStateException if a network of that name exists ({@link Network#DEFAULT} always does)
     */
    public Network createNetwork(String name, NetworkSpec spec) throws IOException {
        Network n = toNetwork(networks().create(name, new Networks.Spec(spec.subnet(), spec.labels(), spec.options(),
                spec.internal(), spec.attachable())));
        networkEvent("create", n, null);
        return n;
    }

    /**
     * The network {@code idOrName} names: its id, its name, or a prefix of the id only it has.
     * {@link Network#DEFAULT} always exists (made when first needed).
     *
     * @throws IllegalArgumentException when the prefix names several networks
     */
    public Optional<Network> network(String idOrName) throws IOException {
        return networks().find(idOrName).map(Berth::toNetwork);
    }

    /** {@code docker network ls}: every network of the home, {@link Network#DEFAULT} included. */
    public List<Network> listNetworks() throws IOException {
        return networks().list().stream().map(Berth::toNetwork).toList();
    }

    /**
     * {@code docker network rm}: the network {@code idOrName} names.
     *
     * @throws IllegalArgumentException if there is none
     * @throws IllegalStateException while containers are attached, or for {@link Network#DEFAULT}
     */
    public void removeNetwork(String idOrName) throws IOException {
        Optional<Network> n = network(idOrName);
        networks().remove(idOrName);
        n.ifPresent(gone -> networkEvent("destroy", gone, null));
    }

    /** Records a network event: {@code create}, {@code destroy}, {@code connect} or {@code disconnect} (of {@code containerId}). */
    void networkEvent(String action, Network n, String containerId) {
        Map<String, String> attributes = new HashMap<>(Map.of("name", n.name(), "type", Network.DRIVER));
        if (containerId != null) {
            attributes.put("container", containerId);
        }
        events.record(Event.network(action, n.id(), attributes));
    }

    /**
     * {@code docker network prune}: removes the networks without containers that {@code which}
     * selects, never {@link Network#DEFAULT}; returns their names.
     */
    public List<String> pruneNetworks(java.util.function.Predicate<Network> which) throws IOException {
        List<Network> pruned = new ArrayList<>();
        networks().prune(r -> {
            Network n = toNetwork(r);
            boolean selected = which.test(n);
            if (selected) {
                pruned.add(n);
            }
            return selected;
        });
        pruned.forEach(n -> networkEvent("destroy", n, null));
        return pruned.stream().map(Network::name).toList();
    }

    static Network toNetwork(NetworkRecord r) {
        Subnet s = Subnet.parse(r.subnet());
        List<NetworkEndpoint> endpoints = r.endpoints().stream().map(e -> endpoint(r, e)).toList();
        return new Network(r.id(), r.name(), java.time.Instant.parse(r.created()), r.subnet(),
                s.gateway().getHostAddress(), r.bridge(), r.labels(), r.options(), r.internal(), r.attachable(), endpoints);
    }

    static NetworkEndpoint endpoint(NetworkRecord r, NetworkRecord.Endpoint e) {
        Subnet s = Subnet.parse(r.subnet());
        return new NetworkEndpoint(r.name(), r.id(), e.containerId(), e.name(), e.endpointId(), e.address(),
                s.prefixLength(), s.gateway().getHostAddress(), e.mac(), e.aliases(), e.ifname());
    }

    /** The host this engine runs on: its system calls, launcher, cgroups and process watcher. */
    Host host() {
        return host;
    }

    Networks networks() {
        if (!networksRecovered) {
            recoverNetworks();
        }
        return networks;
    }

    /**
     * The networks as recorded, without their recovery: enough to read the endpoints of a
     * container that exists, which recovery never changes.
     */
    Networks recordedNetworks() {
        return networks;
    }

    /**
     * Once per open, before networks are first used: frees the endpoints of containers that are
     * gone and deletes the bridges dead JVMs left, and those of deleted homes. A failure is a
     * warning: what it would have freed stays as a crash left it.
     */
    private synchronized void recoverNetworks() {
        if (networksRecovered) {
            return;
        }
        networksRecovered = true;
        try {
            // A build step's endpoint belongs to no container: it lives as long as the step's scratch directory.
            networks.recover(id -> Files.isDirectory(containersDirectory().resolve(id))
                    || BuildScratch.holdsEndpoint(home.resolve("build-tmp"), id));
        } catch (IOException | RuntimeException e) {
            LoggerFactory.getLogger(Berth.class).warn("cannot recover the networks of {}", home, e);
        }
    }

    HostResolvConf hostResolvConf() {
        return resolvConf;
    }

    LayerStore layers() {
        return layers;
    }

    Path containersDirectory() {
        return home.resolve("containers");
    }

    void started(Container c) {
        containers.started(c);
    }

    void removed(Container c) {
        containers.removed(c);
    }

    /** Whether {@link #close()} has not run: restart policies apply only while it is open. */
    boolean isOpen() {
        return !closed;
    }

    /** Stops and removes every container this Berth started that is not detached. */
    @Override
    public void close() {
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException exiting) {
            // called from another shutdown hook: ours runs too, and finds nothing left
        }
        try {
            Container.closeAll(containers.started());
        } finally {
            networks.closeIdleBridges();
            removedContainers.close();
        }
    }

    /** Where removed containers' directories go to be deleted. */
    dev.berth.runtime.RemovedContainers removedContainers() {
        return removedContainers;
    }

    /** Chooses the home; {@link #build()} opens it. */
    public static final class Builder {
        private Path home;
        private Path runtime;
        private final Map<String, Credentials> credentials = new HashMap<>();
        private boolean dockerConfig = true;
        private LayerStorage storageDriver = LayerStorage.AUTO;
        private Host host = Host.system();

        private Builder() {
        }

        /** The host to run on (tests pass one that records system calls); this machine if not set. */
        Builder host(Host host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /**
         * The home directory (created, mode 0700, if missing; made owner-only if other users could
         * reach it); {@code BERTH_HOME}'s default if not set.
         */
        public Builder home(Path home) {
            this.home = Objects.requireNonNull(home, "home");
            return this;
        }

        /**
         * The runtime directory (see {@link Berth#runtimeDirectory()}); made, mode 0700, when first
         * needed, made owner-only on open if other users could reach it, and not used when another
         * user owns it.
         */
        public Builder runtimeDirectory(Path dir) {
            this.runtime = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /**
         * Credentials for {@code registry} ({@code host[:port]} as references name it;
         * {@code docker.io} for Docker Hub), presented with Basic or token authentication. They
         * take the place of the docker config's for that registry, as Jib's
         * {@code RegistryImage.addCredential} does.
         */
        public Builder registryCredentials(String registry, String username, String password) {
            Objects.requireNonNull(registry, "registry");
            if (username == null || username.isEmpty() || password == null) {
                throw new IllegalArgumentException("credentials for " + registry + " need a username and a password");
            }
            credentials.put(DockerConfigCredentials.normalize(registry), Credentials.basic(username, password));
            return this;
        }

        /**
         * Reads neither {@code ~/.docker/config.json} ({@code $DOCKER_CONFIG}) nor its credential
         * helpers: registries are reached anonymously, except those given
         * {@link #registryCredentials}. By default the docker config is read, as the docker CLI does.
         */
        public Builder withoutDockerConfig() {
            this.dockerConfig = false;
            return this;
        }

        private RegistryClients registryClients() {
            Map<String, Credentials> given = Map.copyOf(credentials);
            CredentialSource explicit = host -> Optional.ofNullable(given.get(DockerConfigCredentials.normalize(host)));
            CredentialSource source = explicit.orElse(dockerConfig ? DockerConfigCredentials.fromEnvironment() : CredentialSource.none());
            return RegistryClients.caching(host -> RegistryClient.builder(host).credentialSource(source).build());
        }

        /**
         * The storage driver: {@link LayerStorage#OVERLAY}, {@link LayerStorage#VFS} (copies, for
         * where overlay cannot be mounted) or {@link LayerStorage#AUTO} (the default: overlay
         * where a trial mount works).
         */
        public Builder storageDriver(LayerStorage storage) {
            this.storageDriver = Objects.requireNonNull(storage, "storage");
            return this;
        }

        public Berth build() throws IOException {
            return new Berth(host, home != null ? home : StoreLocation.berthHome(),
                    runtime != null ? runtime : StoreLocation.runtimeDirectory(), registryClients(), storageDriver);
        }
    }
}
