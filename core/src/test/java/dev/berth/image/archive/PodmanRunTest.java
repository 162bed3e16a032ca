package dev.berth.image.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.image.store.ImageStore;
import dev.berth.image.testing.PodmanCli;
import dev.berth.image.testing.TestImages;
import dev.berth.namespaces.testing.BusyboxRootfs;
import dev.berth.namespaces.testing.RequiresRoot;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A docker-archive that Berth exports is loaded by {@code podman load} and runs there, with the
 * flags that work on this host (see {@link PodmanCli}).
 */
@RequiresRoot("podman runs the exported image in a container of its own")
class PodmanRunTest {
    @TempDir
    Path tmp;

    @Test
    void anImageBerthExportsIsLoadedByPodmanAndRunsThere() throws Exception {
        PodmanCli.assume();
        ImageStore store = ImageStore.open(tmp.resolve("store"));
        Path rootfs = BusyboxRootfs.create(tmp.resolve("rootfs"));
        String name = "localhost/berth-podman-run:1";
        TestImages.build(store, name, List.of(TestImages.tar(rootfs, tmp.resolve("busybox.tar"))), true);
        Path archive = tmp.resolve("busybox-archive.tar");
        DockerArchive.export(store, List.of(name), archive);
        try (PodmanCli podman = new PodmanCli(tmp)) {
            podman.load(archive);
            assertEquals("ran-in-podman", podman.runImage(name, "/bin/busybox", "echo", "ran-in-podman").strip());
        }
    }
}
