package dev.berth;

import dev.berth.image.archive.DockerArchive;
import dev.berth.image.store.ImageStore;
import dev.berth.image.store.StoreLocation;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Berth side of {@code bench/container.sh}: stores the busybox image in a fresh home and
 * exports it as a docker-archive for podman, then, in one warm JVM, {@code RUNS} sequential
 * {@code run --rm true} through the public API (start, wait for the exit, close) and
 * {@code PARALLEL} containers running at once (peak heap and threads).
 *
 * <pre>java -cp TEST_CLASSPATH dev.berth.ContainerBench HOME ARCHIVE RUNS PARALLEL</pre>
 */
public final class ContainerBench {
    private ContainerBench() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        int runs = Integer.parseInt(args[2]);
        int parallel = Integer.parseInt(args[3]);
        BusyboxImage.store(home, Files.createDirectories(home.resolveSibling("scratch")));
        DockerArchive.export(ImageStore.open(StoreLocation.imageStore(home)), List.of(BusyboxImage.REFERENCE), Path.of(args[1]));
        try (Berth berth = Berth.builder().home(home).build()) {
            for (int i = 0; i < 10; i++) {
                runTrue(berth);
            }
            long[] ms = new long[runs];
            long t0 = System.nanoTime();
            for (int i = 0; i < runs; i++) {
                ms[i] = runTrue(berth);
            }
            long total = (System.nanoTime() - t0) / 1_000_000;
            Arrays.sort(ms);
            System.out.println("berth total ms: " + total);
            System.out.println("berth p50 ms: " + ms[runs / 2]);
            System.out.println("berth p99 ms: " + ms[Math.min(runs - 1, (int) Math.ceil(runs * 0.99) - 1)]);
            manyAtOnce(berth, parallel);
        }
    }

    /** {@code run --rm true}: returns start() to the recorded exit in ms; close removes it. */
    private static long runTrue(Berth berth) throws InterruptedException {
        long t0 = System.nanoTime();
        try (Container c = berth.container(BusyboxImage.REFERENCE).user("root").command("true").start()) {
            if (c.waitFor() != 0) {
                throw new IllegalStateException("true failed: " + c.logs());
            }
            return (System.nanoTime() - t0) / 1_000_000;
        }
    }

    private static void manyAtOnce(Berth berth, int n) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        threads.resetPeakThreadCount();
        List<Container> running = new ArrayList<>();
        long peakHeap = 0;
        try {
            for (int i = 0; i < n; i++) {
                running.add(berth.container(BusyboxImage.REFERENCE).command("sleep", "600").start());
                peakHeap = Math.max(peakHeap, memory.getHeapMemoryUsage().getUsed());
            }
            long alive = running.stream().filter(Container::isRunning).count();
            System.out.println("running at once: " + alive);
            System.out.println("peak heap MiB with " + n + " running: " + peakHeap / (1 << 20));
            System.out.println("peak threads with " + n + " running: " + threads.getPeakThreadCount());
        } finally {
            running.forEach(c -> c.stop(java.time.Duration.ofSeconds(5)));
            running.forEach(Container::remove);
        }
    }
}
