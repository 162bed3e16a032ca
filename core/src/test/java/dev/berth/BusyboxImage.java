package dev.berth;

import dev.berth.image.oci.RuntimeConfig;
import dev.berth.image.store.ImageStore;
import dev.berth.image.store.PrivateDirectories;
import dev.berth.image.store.StoreLocation;
import dev.berth.image.testing.TestImages;
import dev.berth.namespaces.testing.BusyboxRootfs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A busybox image stored (as blobs only, nothing unpacked) in a Berth home: one layer, the host's
 * static busybox, with a config that sets Env, Cmd, WorkingDir, User (by name), a label and an
 * exposed port, so that every config rule has something to act on.
 */
public final class BusyboxImage {
    public static final String REFERENCE = "berth.test/busybox:1";

    private BusyboxImage() {
    }

    /** Stores the image in {@code home}'s image store, building its layer in {@code scratch}. */
    public static void store(Path home, Path scratch) throws IOException {
        RuntimeConfig config = new RuntimeConfig("user", Set.of("8080/tcp"),
                List.of("PATH=/usr/sbin:/usr/bin:/sbin:/bin", "FROM_IMAGE=image", "SHARED=image"), null, List.of("sh"),
                null, "/srv/app", Map.of("org.example.origin", "image"), null, null, null, null, null);
        store(home, scratch, REFERENCE, config, List.of());
    }

    /** Stores busybox with {@code config} and {@code moreLayers} (tars) on top as {@code reference}. */
    public static void store(Path home, Path scratch, String reference, RuntimeConfig config, List<Path> moreLayers)
            throws IOException {
        // Made as Berth makes a home (owner-only), so that the Berth that opens it later has
        // nothing to tighten and to warn about.
        PrivateDirectories.secureHome(home);
        Path rootfs = BusyboxRootfs.create(scratch.resolve("rootfs"));
        List<Path> layers = new ArrayList<>(List.of(TestImages.tar(rootfs, scratch.resolve("rootfs.tar"))));
        layers.addAll(moreLayers);
        TestImages.build(ImageStore.open(StoreLocation.imageStore(home)), reference, layers, true, config);
    }
}
