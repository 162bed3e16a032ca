package dev.berth.image.remote;

import dev.berth.image.ImageReference;
import dev.berth.image.oci.Platform;
import dev.berth.image.store.ImageStore;
import dev.berth.image.testing.TestImages;
import dev.berth.namespaces.host.Host;
import dev.berth.overlayfs.FileTrees;
import dev.berth.overlayfs.store.LayerStore;
import dev.berth.registry.CredentialSource;
import dev.berth.registry.RegistryClient;
import dev.berth.image.TransferProgress;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The pull bench behind {@code bench/pull.sh}. {@code build STORE REF LAYERS MIB} stores an image of
 * gzip layers, each one file of random bytes (so compression cannot shrink them), tagged REF.
 * {@code run REF WORK ROUNDS} alternates Berth's full pull (download, verify, unpack) into empty stores
 * with {@code skopeo copy} into an empty OCI layout, after one untimed warm-up of each, and prints
 * the medians. Berth is timed inside this JVM, skopeo as a whole process.
 */
public final class PullBench {
    private PullBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 5 && args[0].equals("build")) {
            build(ImageStore.open(Path.of(args[1])), args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]));
        } else if (args.length == 4 && args[0].equals("run")) {
            run(ImageReference.parse(args[1]), Path.of(args[2]), Integer.parseInt(args[3]));
        } else {
            System.err.println("usage: PullBench build STORE REF LAYERS MIB | run REF WORK ROUNDS");
            System.exit(2);
        }
    }

    private static void build(ImageStore store, String reference, int layers, int mib) throws IOException {
        Random random = new Random(42);
        byte[] chunk = new byte[1 << 20];
        List<Path> tars = new ArrayList<>();
        Path dirs = Files.createTempDirectory(store.root().getParent(), "bench-layers");
        for (int i = 0; i < layers; i++) {
            Path dir = Files.createDirectories(dirs.resolve("layer" + i).resolve("data"));
            try (OutputStream out = Files.newOutputStream(dir.resolve("random-" + i + ".bin"))) {
                for (int m = 0; m < mib; m++) {
                    random.nextBytes(chunk);
                    out.write(chunk);
                }
            }
            tars.add(TestImages.tar(dir.getParent(), dirs.resolve("layer" + i + ".tar")));
        }
        TestImages.build(store, reference, tars, true);
        FileTrees.delete(dirs);
    }

    private static void run(ImageReference ref, Path work, int rounds) throws Exception {
        List<Double> berth = new ArrayList<>();
        List<Double> download = new ArrayList<>();
        List<Double> skopeo = new ArrayList<>();
        for (int round = 0; round <= rounds; round++) {
            double[] b = berthPull(ref, work.resolve("berth-" + round));
            double s = skopeoCopy(ref, work.resolve("skopeo-" + round));
            if (round == 0) {
                System.out.printf("warm-up      berth %.0f ms, skopeo %.0f ms%n", b[0], s);
                continue;
            }
            berth.add(b[0]);
            download.add(b[1]);
            skopeo.add(s);
            System.out.printf("round %d      berth %.0f ms (downloads done at %.0f ms), skopeo %.0f ms%n", round, b[0], b[1], s);
        }
        System.out.printf("berth median:  %.0f ms (downloads done at %.0f ms)%n", median(berth), median(download));
        System.out.printf("skopeo median: %.0f ms%n", median(skopeo));
        System.out.printf("pull ratio berth/skopeo: %.2f%n", median(berth) / median(skopeo));
    }

    /** Total milliseconds, and when the last blob was verified and committed. */
    private static double[] berthPull(ImageReference ref, Path dir) throws IOException {
        int concurrency = Integer.getInteger("bench.concurrency", 3);
        ImagePuller puller = ImagePuller.create(ImageStore.open(dir.resolve("images")), LayerStore.open(dir.resolve("layers"), Host.system()),
                RegistryClients.caching(host -> RegistryClient.builder(host).credentialSource(CredentialSource.none())
                        .concurrency(concurrency).build()));
        long[] lastBlob = new long[1];
        long start = System.nanoTime();
        puller.pull(ref, Platform.host(), (TransferProgress p) -> {
            if (p.blobDone()) {
                synchronized (lastBlob) {
                    lastBlob[0] = System.nanoTime();
                }
            }
        });
        long end = System.nanoTime();
        FileTrees.delete(dir);
        return new double[] {(end - start) / 1e6, (lastBlob[0] - start) / 1e6};
    }

    private static double skopeoCopy(ImageReference ref, Path dir) throws Exception {
        long start = System.nanoTime();
        Process p = new ProcessBuilder("skopeo", "--insecure-policy", "copy", "-q", "--src-tls-verify=false", "docker://" + ref,
                "oci:" + dir + ":bench").inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IOException("skopeo copy failed with " + p.exitValue());
        }
        long end = System.nanoTime();
        FileTrees.delete(dir);
        return (end - start) / 1e6;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
