package dev.berth.image.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.image.store.ImageStore;
import dev.berth.image.testing.TestImages;
import dev.berth.namespaces.testing.BusyboxRootfs;
import dev.berth.namespaces.testing.Root;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A docker-archive that Berth exports is loaded by {@code podman load} and runs there. Podman
 * uses its own store in a temporary directory (vfs, so it leaves no mounts), runc (crun 1.8
 * refuses this host's hybrid cgroups) and rlimits at or below the inherited hard limits (root
 * lacks CAP_SYS_RESOURCE here), as ../shared/peers found.
 */
class PodmanRunTest {
    @TempDir
    Path tmp;

    @Test
    void anImageBerthExportsIsLoadedByPodmanAndRunsThere() throws Exception {
        Root.require();
        TestImages.assumeTool("podman", "podman");
        TestImages.assumeTool("runc", "runc");
        ImageStore store = ImageStore.open(tmp.resolve("store"));
        Path rootfs = BusyboxRootfs.create(tmp.resolve("rootfs"));
        String name = "localhost/berth-podman-run:1";
        TestImages.build(store, name, List.of(TestImages.tar(rootfs, tmp.resolve("busybox.tar"))), true);
        Path archive = tmp.resolve("busybox-archive.tar");
        DockerArchive.export(store, List.of(name), archive);

        List<String> podman = List.of("podman", "--root", tmp.resolve("podman-root").toString(),
                "--runroot", tmp.resolve("podman-run").toString(), "--storage-driver", "vfs",
                "--cgroup-manager", "cgroupfs", "--events-backend", "file");
        try {
            run(podman, "load", "-q", "-i", archive.toString());
            String out = run(podman, "run", "--rm", "--runtime", "runc", "--network", "none",
                    "--ulimit", "nofile=" + hardLimit("Max open files", 1 << 20) + ":" + hardLimit("Max open files", 1 << 20),
                    "--ulimit", "nproc=" + hardLimit("Max processes", 32768) + ":" + hardLimit("Max processes", 32768),
                    name, "/bin/busybox", "echo", "ran-in-podman");
            assertEquals("ran-in-podman", out.strip());
        } finally {
            try {
                run(podman, "rmi", "-a", "-f");
            } catch (IOException ignored) {
                // the store goes with the temporary directory anyway
            }
        }
    }

    private static String run(List<String> podman, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(podman);
        cmd.addAll(List.of(args));
        return TestImages.run(cmd.toArray(new String[0]));
    }

    /** This process's hard limit from /proc/self/limits, capped, as podman must not exceed it. */
    private static long hardLimit(String name, long cap) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (line.startsWith(name)) {
                String hard = line.substring(name.length()).trim().split("\\s+")[1];
                return hard.equals("unlimited") ? cap : Math.min(cap, Long.parseLong(hard));
            }
        }
        return cap;
    }
}
