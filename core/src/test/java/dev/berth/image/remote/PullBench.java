package dev.berth.image.remote;

import dev.berth.image.ImageReference;
import dev.berth.image.TransferProgress;
import dev.berth.image.oci.Platform;
import dev.berth.image.store.ImageStore;
import dev.berth.image.testing.TestImages;
import dev.berth.namespaces.host.Host;
import dev.berth.overlayfs.FileTrees;
import dev.berth.overlayfs.store.LayerStore;
import dev.berth.registry.CredentialSource;
import dev.berth.registry.RegistryClient;
import dev.berth.namespaces.linux.Syscalls;
import dev.berth.overlayfs.apply.LayerApplier;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The pull bench behind {@code bench/pull.sh}. {@code build STORE REF LAYERS MIB} stores an image of
 * gzip layers, each one file of random bytes (so compression cannot shrink them), tagged REF.
 * {@code run REF WORK ROUNDS} times each side once per round, the order rotating from round to round
 * (so load that comes and goes hits every side alike), after one untimed warm-up of each, and prints
 * min, median and max wall time and the median CPU time per side, then the ratio lines:
 * <ul>
 * <li>{@code berth}: Berth's full pull (download, verify, unpack, durable) into empty stores, timed
 * inside this warm JVM; with when the last blob was committed ("downloads done");
 * <li>{@code skopeo}: {@code skopeo copy} into an empty OCI layout (download, verify, fsync; no unpack);
 * <li>{@code cli}: {@code ./berth --home EMPTY pull} as a whole command (JVM start included), when
 * {@code -Dbench.cli=PATH} names the launcher;
 * <li>{@code podman}: {@code podman pull} into a private, empty store ({@code --root}/{@code --runroot}).
 * </ul>
 * {@code -Dbench.sides=berth,skopeo} picks sides ({@code berth-cN}: Berth with N concurrent downloads); {@code -Dbench.nosync=true} (under eatmydata) pulls
 * without durability. CPU is user plus system time: this JVM's own for
 * {@code berth}, the reaped child's for the commands.
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

    /** One way to pull: returns wall ms, CPU ms and (Berth only) when the downloads were done. */
    private interface Side {
        double[] pull(Path dir) throws Exception;
    }

    private static void run(ImageReference ref, Path work, int rounds) throws Exception {
        Map<String, Side> sides = new LinkedHashMap<>();
        String wanted = System.getProperty("bench.sides", "berth,skopeo,cli,podman");
        String cli = System.getProperty("bench.cli");
        for (String name : wanted.split(",")) {
            switch (name) {
                case "berth" -> sides.put(name, dir -> berthPull(ref, dir, Integer.getInteger("bench.concurrency", 3)));
                case "skopeo" -> sides.put(name, dir -> command(dir, List.of("skopeo", "--insecure-policy", "copy", "-q",
                        "--src-tls-verify=false", "docker://" + ref, "oci:" + dir + ":bench")));
                case "cli" -> {
                    if (cli != null) {
                        sides.put(name, dir -> command(dir, List.of(cli, "--home", dir.toString(), "pull", "-q", ref.toString())));
                    }
                }
                case "podman" -> sides.put(name, dir -> command(dir, List.of("podman", "--root", dir.resolve("root").toString(),
                        "--runroot", dir.resolve("run").toString(), "--storage-driver", "overlay", "--events-backend", "none",
                        "pull", "-q", "--tls-verify=false", ref.toString())));
                default -> {
                    if (!name.matches("berth-c[0-9]+")) {
                        throw new IllegalArgumentException("unknown side " + name + " in -Dbench.sides");
                    }
                    int concurrency = Integer.parseInt(name.substring("berth-c".length()));
                    sides.put(name, dir -> berthPull(ref, dir, concurrency)); // berth-cN: N concurrent downloads
                }
            }
        }
        List<String> names = new ArrayList<>(sides.keySet());
        Map<String, List<double[]>> times = new LinkedHashMap<>();
        names.forEach(n -> times.put(n, new ArrayList<>()));
        for (int round = 0; round <= rounds; round++) {
            StringBuilder line = new StringBuilder(round == 0 ? "warm-up " : String.format("round %-2d", round));
            for (int k = 0; k < names.size(); k++) {
                String name = names.get((round + k) % names.size()); // each round starts with the next side
                double[] t = sides.get(name).pull(work.resolve(name + "-" + round));
                if (round > 0) {
                    times.get(name).add(t);
                }
                line.append(String.format("  %s %.0f ms (cpu %.0f)", name, t[0], t[1]));
                if (t.length > 2) {
                    line.append(String.format(" (downloads done at %.0f)", t[2]));
                }
            }
            System.out.println(line);
        }
        for (String name : names) {
            List<double[]> t = times.get(name);
            System.out.printf("%-7s wall ms: min %.0f  median %.0f  max %.0f   cpu ms median %.0f%s%n", name, stat(t, 0, 0),
                    stat(t, 0, 1), stat(t, 0, 2), stat(t, 1, 1),
                    name.equals("berth") ? String.format("   downloads done at median %.0f", stat(t, 2, 1)) : "");
        }
        ratio(times, "pull ratio berth/skopeo", "berth", "skopeo");
        ratio(times, "cli pull ratio berth/podman", "cli", "podman");
        ratio(times, "cli pull ratio berth/skopeo", "cli", "skopeo");
    }

    private static void ratio(Map<String, List<double[]>> times, String label, String a, String b) {
        if (times.containsKey(a) && times.containsKey(b)) {
            System.out.printf("%s: %.2f  (cpu %.2f)%n", label, stat(times.get(a), 0, 1) / stat(times.get(b), 0, 1),
                    stat(times.get(a), 1, 1) / stat(times.get(b), 1, 1));
        }
    }

    /** Wall ms, CPU ms, and when the last blob was verified and committed. */
    private static double[] berthPull(ImageReference ref, Path dir, int concurrency) throws IOException {
        LayerStore layers = Boolean.getBoolean("bench.nosync")
                ? LayerStore.open(dir.resolve("layers"), LayerApplier.create(Host.system()), withoutSyncfs(Host.system().syscalls()))
                : LayerStore.open(dir.resolve("layers"), Host.system());
        ImagePuller puller = ImagePuller.create(ImageStore.open(dir.resolve("images")), layers,
                RegistryClients.caching(host -> RegistryClient.builder(host).credentialSource(CredentialSource.none())
                        .concurrency(concurrency).build()));
        long[] lastBlob = new long[1];
        long cpu0 = processCpuNanos();
        long start = System.nanoTime();
        puller.pull(ref, Platform.host(), (TransferProgress p) -> {
            if (p.blobDone()) {
                synchronized (lastBlob) {
                    lastBlob[0] = System.nanoTime();
                }
            }
        });
        long end = System.nanoTime();
        long cpu = processCpuNanos() - cpu0;
        FileTrees.delete(dir);
        return new double[] {(end - start) / 1e6, cpu / 1e6, (lastBlob[0] - start) / 1e6};
    }

    /**
     * {@code sys} with syncfs(2) a no-op: with -Dbench.nosync=true, run under eatmydata (which makes
     * the JDK's fsync calls no-ops; JNA's syncfs binds libc's own and escapes it), the pull without
     * its durability, to measure what durability costs.
     */
    private static Syscalls withoutSyncfs(Syscalls sys) {
        return (Syscalls) Proxy.newProxyInstance(Syscalls.class.getClassLoader(), new Class<?>[] {Syscalls.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("syncfs")) {
                        return null;
                    }
                    try {
                        return method.invoke(sys, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** Runs a whole command; wall ms and the CPU ms it used (children reaped by this JVM count to it). */
    private static double[] command(Path dir, List<String> command) throws Exception {
        // Owner-only, as berth wants its home (it would fix the mode and say so on every round).
        Files.createDirectories(dir, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        long cpu0 = childrenCpuMillis();
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (p.waitFor() != 0) {
            throw new IOException(command + " failed with " + p.exitValue());
        }
        long end = System.nanoTime();
        long cpu = childrenCpuMillis() - cpu0;
        FileTrees.delete(dir);
        return new double[] {(end - start) / 1e6, cpu};
    }

    /** CPU time of this JVM, every thread (JIT and GC too). */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** cutime + cstime of /proc/self/stat: the CPU of reaped children, in ms (clock ticks of 10 ms). */
    private static long childrenCpuMillis() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[13]) + Long.parseLong(f[14])) * 10; // fields 16 and 17; USER_HZ is 100 on Linux
    }

    /** Column {@code col} of the rounds: 0 min, 1 median, 2 max. */
    private static double stat(List<double[]> rows, int col, int which) {
        List<Double> sorted = rows.stream().map(r -> r[col]).sorted().toList();
        int n = sorted.size();
        return switch (which) {
            case 0 -> sorted.get(0);
            case 2 -> sorted.get(n - 1);
            default -> n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        };
    }
}
