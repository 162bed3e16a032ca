package dev.berth.namespaces.testing;

import dev.berth.namespaces.launch.ProcessSpec;
import dev.berth.namespaces.launch.RootFs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A busybox root built once per test class, and a fresh overlay upper/work/mount point per
 * launch, so that every container starts from the same clean tree.
 */
public final class Sandbox {
    private final Path base;
    private final Path lower;
    private int count;

    private static Sandbox shared;

    public Sandbox(Path base) throws IOException {
        this.base = base;
        this.lower = BusyboxRootfs.create(base.resolve("lower"));
    }

    /**
     * One sandbox for the whole test JVM, removed when the JVM exits. Its mounts need root: a
     * caller is marked {@link RequiresRoot}, which skips it elsewhere.
     */
    public static synchronized Sandbox shared() throws IOException {
        if (!Root.isRoot()) {
            throw new IllegalStateException("the shared sandbox needs root: mark the test @RequiresRoot");
        }
        if (shared == null) {
            Path dir = Files.createTempDirectory("berth-sandbox-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                deleteTree(dir);
                // The shared "berth" cgroup parents outlive each group by design; a finished test
                // JVM removes them once empty (and only groups without processes).
                dev.berth.namespaces.host.Host.system().cgroups().removeLeftovers();
            }));
            shared = new Sandbox(dir);
        }
        return shared;
    }

    /** Deletes a tree, making overlay's mode-000 work directories traversable first. */
    public static void deleteTree(Path dir) {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                p.toFile().setWritable(true);
                Files.deleteIfExists(p);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            System.err.println("could not remove " + dir + ": " + e);
        }
    }

    public Path lower() {
        return lower;
    }

    /** A new overlay root over the busybox tree; its upper is {@code dir/upper}. */
    public synchronized RootFs overlay() throws IOException {
        Path dir = base.resolve("c" + (count++));
        Files.createDirectories(dir.resolve("upper"));
        Files.createDirectories(dir.resolve("work"));
        Files.createDirectories(dir.resolve("merged"));
        return RootFs.overlay(List.of(lower), dir.resolve("upper"), dir.resolve("work"), dir.resolve("merged"));
    }

    /** A spec builder for {@code command} on a new overlay root. */
    public ProcessSpec.Builder spec(String... command) throws IOException {
        return ProcessSpec.builder(command).rootfs(overlay());
    }
}
