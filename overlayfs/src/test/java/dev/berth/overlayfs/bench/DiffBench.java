package dev.berth.overlayfs.bench;

import dev.berth.namespaces.host.Host;
import dev.berth.overlayfs.diff.DiffResult;
import dev.berth.overlayfs.diff.LayerDiff;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The commit benchmark behind {@code bench/diff.sh}: in one warm JVM, diffs an upper directory
 * of {@code DIRS} directories with {@code FILES} small files each (created under
 * {@code WORKDIR}) into a discarding stream, {@code RUNS} times after two warm-ups, and prints
 * the median and the entries per second.
 */
public final class DiffBench {
    private DiffBench() {
    }

    public static void main(String[] args) throws Exception {
        Path upper = Path.of(args[0]);
        int dirs = Integer.parseInt(args[1]);
        int files = Integer.parseInt(args[2]);
        int runs = Integer.parseInt(args[3]);
        byte[] content = "a small file of a container\n".repeat(4).getBytes();
        for (int d = 0; d < dirs; d++) {
            Path dir = Files.createDirectories(upper.resolve("d" + d));
            for (int f = 0; f < files; f++) {
                Files.write(dir.resolve("f" + f), content);
            }
            Files.createSymbolicLink(dir.resolve("link"), Path.of("f0"));
        }
        LayerDiff diff = LayerDiff.create(Host.system()).sourceDateEpoch(0L);
        List<Double> times = new ArrayList<>();
        DiffResult r = null;
        for (int i = -2; i < runs; i++) {
            long t0 = System.nanoTime();
            r = diff.ofUpper(upper, OutputStream.nullOutputStream());
            double t = (System.nanoTime() - t0) / 1e6;
            if (i >= 0) {
                times.add(t);
            }
            System.out.printf("run %s: %.1f ms%n", i < 0 ? "warm-up" : Integer.toString(i + 1), t);
        }
        Collections.sort(times);
        double median = times.get(times.size() / 2);
        System.out.printf("diffID %s, %d entries%n", r.diffId(), r.entries());
        System.out.printf("median diff of %d entries: %.1f ms (%.0f entries/s)%n", r.entries(), median,
                r.entries() / (median / 1000));
    }
}
