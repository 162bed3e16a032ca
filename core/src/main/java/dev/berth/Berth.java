package dev.berth;

import dev.berth.image.store.ImageStore;
import dev.berth.image.store.StoreLocation;
import dev.berth.overlayfs.store.LayerStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
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
    private final Set<Container> containers = ConcurrentHashMap.newKeySet();

    private Berth(Path home) throws IOException {
        this.home = home;
        this.images = ImageStore.open(StoreLocation.imageStore(home));
        this.layers = LayerStore.open(home.resolve("layers"));
    }

    /** Opens the default {@code BERTH_HOME} ({@code /var/lib/berth} for root; see {@link StoreLocation}). */
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
        RuntimeException failure = null;
        for (Container c : containers) {
            if (c.detached()) {
                continue;
            }
            try {
                c.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
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
