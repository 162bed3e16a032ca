package dev.berth.soak;

import dev.berth.Berth;
import dev.berth.BusyboxImage;
import dev.berth.Container;
import dev.berth.ExecResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The soak behind {@code bench/soak.sh}: CONTAINERS containers started and removed, PARALLEL at a
 * time, each with an exec and its logs read, within SECONDS; then this JVM's fds, threads, heap
 * after GC, the host's mounts, Berth's cgroups and the store's size must be back where they were
 * (printed before and after). The snapshot is taken with Berth open and one container already run,
 * so what stays for the life of the JVM (the watcher thread, loaded classes) counts as the start.
 *
 * <pre>java -cp TEST_CLASSPATH dev.berth.soak.SoakBench HOME CONTAINERS PARALLEL SECONDS</pre>
 */
public final class SoakBench {
    /** Heap after GC may grow this much (JIT, class data, interned strings) and still count as back. */
    private static final long HEAP_SLACK = 8L << 20;
    /** Threads may grow by a few JDK daemons (common pool, reference handling) started on demand. */
    private static final long THREAD_SLACK = 2;

    /** Every container the soak made, to look for their cgroups afterwards. */
    private static final java.util.Set<String> IDS = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private SoakBench() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        int total = Integer.parseInt(args[1]);
        int parallel = Integer.parseInt(args[2]);
        long deadline = System.nanoTime() + Duration.ofSeconds(Long.parseLong(args[3])).toNanos();
        BusyboxImage.store(home, Files.createDirectories(home.resolveSibling("scratch")));
        try (Berth berth = Berth.builder().home(home).build()) {
            cycle(berth, 0);
            ResourceSnapshot before = ResourceSnapshot.take(home);
            AtomicInteger done = new AtomicInteger();
            AtomicInteger next = new AtomicInteger();
            long t0 = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(parallel);
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < parallel; w++) {
                workers.add(pool.submit(() -> {
                    for (int i; (i = next.getAndIncrement()) < total && System.nanoTime() < deadline; ) {
                        cycle(berth, i);
                        done.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : workers) {
                f.get();
            }
            pool.shutdown();
            pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
            long seconds = (System.nanoTime() - t0) / 1_000_000_000;
            ResourceSnapshot after = ResourceSnapshot.take(home);
            System.out.printf("soak: %d of %d containers (%d at a time) started, exec'd, logged and removed in %d s%n",
                    done.get(), total, parallel, seconds);
            System.out.print(ResourceSnapshot.table(before, after));
            System.out.println("(berth cgroups counts every Berth user on the host; the check is that none of the "
                    + IDS.size() + " soak containers' groups is left)");
            List<String> notBack = notBack(before, after);
            System.out.println(notBack.isEmpty() ? "soak: everything is back to its starting value" : "soak: NOT BACK: " + notBack);
            System.exit(notBack.isEmpty() && done.get() == total ? 0 : 1);
        }
    }

    /** One container: start, exec, logs, close (stop + remove). */
    private static void cycle(Berth berth, int i) throws InterruptedException {
        try (Container c = berth.container(BusyboxImage.REFERENCE).user("root")
                .command("sh", "-c", "echo started " + i + "; exec sleep 600").start()) {
            IDS.add(c.id());
            ExecResult r = c.exec("echo", "exec " + i);
            if (!r.stdout().equals("exec " + i + "\n")) {
                throw new IllegalStateException("exec in container " + i + ": " + r);
            }
            for (int t = 0; t < 100 && !c.logs().contains("started " + i); t++) {
                Thread.sleep(10);
            }
            if (!c.logs().equals("started " + i + "\n")) {
                throw new IllegalStateException("logs of container " + i + ": " + c.logs());
            }
        }
    }

    private static List<String> notBack(ResourceSnapshot b, ResourceSnapshot a) throws java.io.IOException {
        List<String> out = new ArrayList<>();
        java.util.Set<String> soakGroups = new java.util.HashSet<>();
        IDS.forEach(id -> soakGroups.add("berth-" + id.substring(0, 12)));
        for (Path g : ResourceSnapshot.cgroupsNamed("berth-")) {
            if (soakGroups.contains(g.getFileName().toString())) {
                out.add("cgroup of a soak container: " + g);
            }
        }
        if (a.fds() > b.fds()) {
            out.add("fds " + b.fds() + " -> " + a.fds());
        }
        if (a.threads() > b.threads() + THREAD_SLACK) {
            out.add("threads " + b.threads() + " -> " + a.threads());
        }
        if (a.heapAfterGc() > b.heapAfterGc() + HEAP_SLACK) {
            out.add("heap " + b.heapAfterGc() + " -> " + a.heapAfterGc());
        }
        if (a.mounts() != b.mounts()) {
            out.add("mounts " + b.mounts() + " -> " + a.mounts());
        }
        if (a.storeBytes() != b.storeBytes()) {
            out.add("store bytes " + b.storeBytes() + " -> " + a.storeBytes());
        }
        return out;
    }
}
