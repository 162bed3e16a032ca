package dev.berth;

import dev.berth.image.store.ImageStore;
import dev.berth.image.store.StoreLocation;
import dev.berth.network.NetworkRecord;
import dev.berth.network.Networks;
import dev.berth.network.Subnet;
import dev.berth.overlayfs.store.LayerStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
    private final Path home;
    private final ImageStore images;
    private final LayerStore layers;
    private final Networks networks;
    private final Set<Container> containers = ConcurrentHashMap.newKeySet();

    private final Thread shutdownHook = new Thread(this::closeAtExit, "berth-shutdown");

    private Berth(Path home) throws IOException {
        this.home = home;
        this.images = ImageStore.open(StoreLocation.imageStore(home));
        this.layers = LayerStore.open(home.resolve("layers"));
        this.networks = new Networks(home, containersDirectory());
        new ContainerRecovery(this).run();
        networks.recover(id -> Files.isDirectory(containersDirectory().resolve(id)));
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * At JVM exit, containers that are not detached are stopped with a short grace (the JVM is
     * going; the stage-1 helper's die-with-parent would kill them anyway, without a stop signal).
     */
    private void closeAtExit() {
        for (Container c : containers) {
            if (!c.detached()) {
                try {
                    c.stop(Duration.ofSeconds(2));
                    c.remove();
                } catch (RuntimeException e) {
                    System.getLogger(Berth.class.getName()).log(System.Logger.Level.WARNING,
                            "cannot remove " + c + " at exit", e);
                }
            }
        }
    }

    /**
     * Opens the default {@code BERTH_HOME} ({@code /var/lib/berth} for root; see {@link StoreLocation}),
     * first removing the containers, processes and cgroups of JVMs that died without closing
     * theirs. Several JVMs may have one home open at once.
     */
    public static Berth open() throws IOException {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The home directory. */
    public Path home() {
        return home;
    }

    /** The image store: list, inspect, tag, remove ({@code docker image ...}). */
    public ImageStore images() {
        return images;
    }

    /** A builder for a container of {@code image}: a reference, a digest or an image ID in the store. */
    public ContainerBuilder<?> container(String image) {
        return new ContainerBuilder.Generic(this, image);
    }

    /** The containers this Berth started that have not been removed. */
    public List<Container> containers() {
        return List.copyOf(containers);
    }

    /** Where named volumes live: {@code volumes/NAME/_data}, as in Docker's {@code /var/lib/docker/volumes}. */
    Path volumeDirectory(String name) {
        return home.resolve("volumes").resolve(name).resolve("_data");
    }

    /**
     * {@code docker network create --subnet}: a bridge network whose containers reach each
     * other by name. {@code subnet} is IPv4 CIDR, e.g. {@code 10.90.0.0/24}.
     *
     * @throws IllegalArgumentException for an invalid name or subnet, or a subnet that overlaps
     *         another network
     */
    public Network createNetwork(String name, String subnet) throws IOException {
        return toNetwork(networks.create(name, Objects.requireNonNull(subnet, "subnet")));
    }

    /** {@code docker network create}: a bridge network on a free /24 of 10.231.0.0/16. */
    public Network createNetwork(String name) throws IOException {
        return toNetwork(networks.create(name, null));
    }

    /** The network named {@code name}, if it exists. */
    public Optional<Network> network(String name) throws IOException {
        return networks.find(name).map(Berth::toNetwork);
    }

    /**
     * {@code docker network rm}.
     *
     * @throws IllegalStateException while containers are attached
     */
    public void removeNetwork(String name) throws IOException {
        networks.remove(name);
    }

    private static Network toNetwork(NetworkRecord r) {
        Subnet s = Subnet.parse(r.subnet());
        return new Network(r.name(), r.subnet(), s.gateway().getHostAddress(), r.bridge(),
                r.endpoints().stream().map(NetworkRecord.Endpoint::name).toList());
    }

    Networks networks() {
        return networks;
    }

    LayerStore layers() {
        return layers;
    }

    Path containersDirectory() {
        return home.resolve("containers");
    }

    void started(Container c) {
        containers.add(c);
    }

    void removed(Container c) {
        containers.remove(c);
    }

    /** Stops and removes every container this Berth started that is not detached. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException exiting) {
            // called from another shutdown hook: ours runs too, and finds nothing left
        }
        Container.closeAll(List.copyOf(containers));
    }

    /** Chooses the home; {@link #build()} opens it. */
    public static final class Builder {
        private Path home;

        private Builder() {
        }

        /** The home directory (created if missing); {@code BERTH_HOME}'s default if not set. */
        public Builder home(Path home) {
            this.home = Objects.requireNonNull(home, "home");
            return this;
        }

        public Berth build() throws IOException {
            return new Berth(home != null ? home : StoreLocation.berthHome());
        }
    }
}
