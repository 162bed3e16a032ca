package dev.berth;

import dev.berth.image.archive.DockerArchive;
import dev.berth.image.store.ImageStore;
import dev.berth.image.store.StoreLocation;
import dev.berth.runtime.ImageLayers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The Berth side of {@code bench/build.sh}: the bench Containerfile (FROM the busybox image, three
 * RUN steps, two COPY) built through the Dockerfile frontend {@code RUNS} times with a cold build cache, each in a fresh home that
 * has only the busybox image (stored and unpacked, as buildah's store has it), then rebuilt
 * unchanged {@code RUNS} times in the last home. The first cold build is also the JVM's first,
 * and is reported apart. Also exports the busybox image as a docker-archive for buildah.
 *
 * <pre>java -cp TEST_CLASSPATH dev.berth.BuildBench WORKDIR CONTEXT ARCHIVE RUNS</pre>
 */
public final class BuildBench {
    private BuildBench() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        Path context = Path.of(args[1]);
        int runs = Integer.parseInt(args[3]);
        Path first = home(work, 0);
        DockerArchive.export(ImageStore.open(StoreLocation.imageStore(first)), List.of(BusyboxImage.REFERENCE),
                Path.of(args[2]));
        long firstMs = coldBuild(first, context);
        long[] cold = new long[runs];
        Path last = first;
        for (int i = 0; i < runs; i++) {
            last = home(work, i + 1);
            cold[i] = coldBuild(last, context);
        }
        long[] warm = new long[runs];
        try (Berth berth = Berth.builder().home(last).build()) {
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                recipe(berth, context).build("bench:built");
                warm[i] = (System.nanoTime() - t0) / 1_000_000;
            }
        }
        System.out.println("berth first build (cold JVM, cold cache) ms: " + firstMs);
        System.out.println("berth cold build ms (median of " + runs + "): " + median(cold));
        System.out.println("berth cold build total ms: " + Arrays.stream(cold).sum());
        System.out.println("berth unchanged rebuild ms (median of " + runs + "): " + median(warm));
    }

    /** bench/build.sh's Containerfile (FROM busybox, three RUN, two COPY) in {@code context}. */
    static ImageBuilder recipe(Berth berth, Path context) {
        BuildListener steps = Boolean.getBoolean("bench.steps") ? new BuildListener() {
            @Override
            public void stepFinished(int number, int total, String instruction, java.time.Duration took) {
                System.out.println("  step " + number + "/" + total + " " + took.toMillis() + " ms " + instruction);
            }
        } : BuildListener.NONE;
        return berth.imageBuilder().fromDockerfile(context.resolve("Containerfile"), context).listener(steps);
    }

    private static long coldBuild(Path home, Path context) throws Exception {
        try (Berth berth = Berth.builder().home(home).build()) {
            long t0 = System.nanoTime();
            recipe(berth, context).build("bench:built");
            return (System.nanoTime() - t0) / 1_000_000;
        }
    }

    /** A fresh home with the busybox image stored and its layer unpacked. */
    private static Path home(Path work, int i) throws Exception {
        Path home = work.resolve("home-" + i);
        BusyboxImage.store(home, Files.createDirectories(work.resolve("scratch-" + i)));
        try (Berth berth = Berth.builder().home(home).build()) {
            ImageLayers.unpack(berth.store(), berth.layers(), berth.store().inspect(BusyboxImage.REFERENCE));
        }
        return home;
    }

    private static long median(long[] ms) {
        long[] s = ms.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
