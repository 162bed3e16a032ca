package dev.berth.image.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * podman with a private store in a temporary directory and the flags that work on this host
 * (../shared/peers): vfs storage (no mounts left behind), cgroupfs, runc (crun 1.8 refuses the
 * hybrid cgroups here), no network, and rlimits at or below the inherited hard limits (root lacks
 * CAP_SYS_RESOURCE here). Closing it removes every image it loaded.
 */
public final class PodmanCli implements AutoCloseable {
    private final List<String> podman;

    public PodmanCli(Path dir) {
        this.podman = List.of("podman", "--root", dir.resolve("podman-root").toString(),
                "--runroot", dir.resolve("podman-run").toString(), "--storage-driver", "vfs",
                "--cgroup-manager", "cgroupfs", "--events-backend", "file");
    }

    /** Skips the test unless podman and runc are installed. */
    public static void assume() {
        TestImages.assumeTool("podman", "podman");
        TestImages.assumeTool("runc", "runc");
    }

    /** {@code podman load} of a docker-archive or oci-archive. */
    public void load(Path archive) throws IOException {
        run("load", "-q", "-i", archive.toString());
    }

    /** {@code podman run --rm IMAGE ARGS...}; returns its output. */
    public String runImage(String image, String... args) throws IOException {
        long nofile = hardLimit("Max open files", 1 << 20);
        long nproc = hardLimit("Max processes", 32768);
        List<String> cmd = new ArrayList<>(List.of("run", "--rm", "--runtime", "runc", "--network", "none",
                "--ulimit", "nofile=" + nofile + ":" + nofile, "--ulimit", "nproc=" + nproc + ":" + nproc, image));
        cmd.addAll(List.of(args));
        return run(cmd.toArray(new String[0]));
    }

    private String run(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(podman);
        cmd.addAll(List.of(args));
        return TestImages.run(cmd.toArray(new String[0]));
    }

    @Override
    public void close() {
        try {
            run("rmi", "-a", "-f");
        } catch (IOException ignored) {
            // the store goes with the temporary directory anyway
        }
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
