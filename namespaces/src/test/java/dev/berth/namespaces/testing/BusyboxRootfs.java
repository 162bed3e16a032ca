package dev.berth.namespaces.testing;

import dev.berth.namespaces.rootfs.BusyboxTree;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The {@link BusyboxTree} root for tests: skips the test when the host has no busybox. Tests
 * build it themselves; nothing comes from a registry.
 */
public final class BusyboxRootfs {
    private BusyboxRootfs() {
    }

    /** The host's busybox, skipping the test when there is none. */
    public static Path hostBusybox() {
        return BusyboxTree.hostBusybox().orElseGet(() -> {
            Assumptions.abort("busybox is not installed (apt-get install busybox-static)");
            return null;
        });
    }

    /** Builds the root file system in {@code dir} (created if missing) and returns it. */
    public static Path create(Path dir) throws IOException {
        hostBusybox();
        return BusyboxTree.create(dir);
    }
}
