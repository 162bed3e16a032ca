package dev.berth.crash;

import dev.berth.Berth;
import dev.berth.BerthInternals;
import dev.berth.BusyboxImage;
import dev.berth.Container;
import dev.berth.image.ImageReference;
import dev.berth.image.oci.Platform;
import dev.berth.image.remote.ImagePuller;
import dev.berth.image.store.ImageStore;
import dev.berth.image.store.StoreLocation;
import dev.berth.namespaces.host.Host;
import dev.berth.overlayfs.store.LayerStore;
import dev.berth.registry.CredentialSource;
import dev.berth.image.ProgressListener;
import dev.berth.registry.RegistryClient;
import dev.berth.image.remote.RegistryClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The JVM {@code bench/crash.sh} kills: repeats one operation on a home until SIGKILL lands at
 * some point in it. {@code pull REF} pulls from a registry, then removes the image, its blobs and
 * its layers, so that every round downloads and unpacks again; {@code commit} starts a container
 * that writes 8 MiB, commits it and removes both; {@code run} starts a container, execs in it,
 * reads its logs and removes it; {@code build} builds an image with a RUN step that writes 8 MiB
 * (a new step each round, so the cache never answers), then removes it. Containers run {@code sleep 86411}, the marker
 * {@link CrashCheck} looks for among the host's processes. Prints "ready" after a first, whole
 * round (so the kill lands in a warm JVM's work, not in its start-up), then "round N" as each
 * next round begins.
 *
 * <pre>java -cp TEST_CLASSPATH dev.berth.crash.CrashVictim HOME pull|commit|run|build [REF]</pre>
 */
public final class CrashVictim {
    static final String MARKER = "86411";

    private CrashVictim() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        String op = args[1];
        if (!Files.exists(home.resolve("images/index.json"))) {
            Path scratch = Files.createTempDirectory("berth-crash-scratch");
            try {
                BusyboxImage.store(home, scratch);
            } finally {
                dev.berth.overlayfs.FileTrees.delete(scratch);
            }
        }
        try (Berth berth = Berth.builder().home(home).build()) {
            for (int round = 0; ; round++) {
                System.out.println(round == 1 ? "ready\nround 1" : "round " + round);
                System.out.flush();
                switch (op) {
                    case "pull" -> pull(home, ImageReference.parse(args[2]));
                    case "commit" -> commit(berth, round);
                    case "run" -> run(berth, round);
                    case "build" -> build(berth, round);
                    default -> throw new IllegalArgumentException("unknown operation " + op);
                }
            }
        }
    }

    private static void pull(Path home, ImageReference ref) throws Exception {
        ImageStore images = ImageStore.open(StoreLocation.imageStore(home));
        LayerStore layers = LayerStore.open(home.resolve("layers"), Host.system());
        RegistryClients anonymous = RegistryClients.caching(
                host -> RegistryClient.builder(host).credentialSource(CredentialSource.none()).build());
        String manifest = ImagePuller.create(images, layers, anonymous).pull(ref, Platform.host(), ProgressListener.NONE)
                .manifest().digest().toString();
        images.remove(ref.toString());
        images.gc();
        for (Map.Entry<dev.berth.overlayfs.store.ChainId, List<String>> e : layers.holders().entrySet()) {
            if (e.getValue().contains(manifest)) {
                layers.release(e.getKey(), manifest);
            }
        }
        layers.collectGarbage();
    }

    private static void commit(Berth berth, int round) throws Exception {
        String tag = "berth.test/crash-commit:" + round;
        try (Container c = berth.container(BusyboxImage.REFERENCE).user("root")
                .command("sh", "-c", "dd if=/dev/urandom of=/data.bin bs=1M count=8 2>/dev/null; touch /done; exec sleep " + MARKER)
                .start()) {
            while (c.exec("test", "-e", "/done").exitCode() != 0) {
                Thread.sleep(20);
            }
            c.commit(tag);
        }
        BerthInternals.store(berth).remove(tag);
        BerthInternals.store(berth).gc();
    }

    private static void run(Berth berth, int round) throws Exception {
        try (Container c = berth.container(BusyboxImage.REFERENCE).user("root")
                .command("sh", "-c", "echo round " + round + "; exec sleep " + MARKER).start()) {
            c.exec("sh", "-c", "echo hi > /tmp/x; cat /tmp/x");
            c.logs();
        }
    }

    private static void build(Berth berth, int round) throws Exception {
        String tag = "berth.test/crash-build:" + round;
        berth.imageBuilder().from(BusyboxImage.REFERENCE).user("root")
                .run("dd if=/dev/urandom of=/data.bin bs=1M count=8 2>/dev/null; echo " + round + " > /round")
                .run("rm /bin/vi")
                .build(tag);
        BerthInternals.store(berth).remove(tag);
        BerthInternals.store(berth).gc();
    }
}
