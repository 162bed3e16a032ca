package dev.berth.overlayfs.bench;

import dev.berth.namespaces.host.Host;
import dev.berth.overlayfs.FileTrees;
import dev.berth.overlayfs.apply.AppliedLayer;
import dev.berth.overlayfs.apply.LayerApplier;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The apply benchmark behind {@code bench/layers.sh}: in one warm JVM, alternately applies
 * {@code BLOB} with Berth's LayerApplier (diffID included) and extracts it with GNU
 * {@code tar -xzf} into empty directories under {@code WORKDIR}, {@code RUNS} times each after one
 * warm-up of each, and prints the medians and {@code apply ratio berth/tar: X}.
 */
public final class ApplyBench {
    private ApplyBench() {
    }

    public static void main(String[] args) throws Exception {
        Path blob = Path.of(args[0]);
        Path work = Path.of(args[1]);
        int runs = Integer.parseInt(args[2]);
        Files.createDirectories(work);
        List<Double> berth = new ArrayList<>();
        List<Double> tar = new ArrayList<>();
        String diffId = null;
        for (int i = -1; i < runs; i++) {
            Path b = work.resolve("berth");
            long t0 = System.nanoTime();
            AppliedLayer a;
            try (InputStream in = Files.newInputStream(blob)) {
                a = LayerApplier.create(Host.system()).apply(in, "application/vnd.oci.image.layer.v1.tar+gzip", b, diffId);
            }
            double tb = (System.nanoTime() - t0) / 1e9;
            diffId = a.diffId();
            FileTrees.delete(b);
            sync();

            Path t = Files.createDirectories(work.resolve("tar"));
            long t1 = System.nanoTime();
            Process p = new ProcessBuilder("tar", "-xzf", blob.toString(), "-C", t.toString()).inheritIO().start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("tar failed");
            }
            double tt = (System.nanoTime() - t1) / 1e9;
            FileTrees.delete(t);
            sync();
            if (i >= 0) {
                berth.add(tb);
                tar.add(tt);
            }
            System.out.printf("run %s: berth %.2f s, tar %.2f s%n", i < 0 ? "warm-up" : Integer.toString(i + 1), tb, tt);
        }
        double mb = median(berth);
        double mt = median(tar);
        System.out.printf("diffID %s%n", diffId);
        System.out.printf("median berth (apply + diffID): %.2f s%n", mb);
        System.out.printf("median GNU tar -xzf: %.2f s%n", mt);
        System.out.printf("apply ratio berth/tar: %.2f%n", mb / mt);
    }

    private static void sync() throws Exception {
        new ProcessBuilder("sync").inheritIO().start().waitFor();
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
