package dev.berth.build;

import dev.berth.BerthInternals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.BuildListener;
import dev.berth.BusyboxContainers;
import dev.berth.Container;
import dev.berth.Image;
import dev.berth.image.Digest;
import dev.berth.image.oci.Descriptor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;

/** The busybox home of {@link BusyboxContainers}, a check that builds leave no scratch directories, and helpers to look into built images. */
abstract class BuildFixture extends BusyboxContainers {
    static final String BUSYBOX = IMAGE;

    /** No scratch directory, staged blob or staged layer outlives a build, whether it succeeded or failed. */
    @AfterEach
    void checkNothingIsLeft() throws IOException {
        for (Path tmp : List.of(home.resolve("build-tmp"), home.resolve("layers/tmp"))) {
            if (Files.isDirectory(tmp)) {
                try (Stream<Path> s = Files.list(tmp)) {
                    assertEquals(List.of(), s.toList(), "left behind in " + tmp);
                }
            }
        }
        try (Stream<Path> s = Files.walk(home.resolve("images"))) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().startsWith("build-")).toList(),
                    "staged blobs left in the image store");
        }
    }

    /** Runs {@code argv} in a container of {@code image} and returns its output. */
    String runIn(Image image, String... argv) throws Exception {
        return runAs(image, "0", argv);
    }

    /** Runs {@code argv} as {@code user} in a container of {@code image} and returns its output. */
    String runAs(Image image, String user, String... argv) throws Exception {
        try (Container c = berth.container(image).user(user).workdir("/").command(argv).start()) {
            assertTrue(c.waitFor(Duration.ofSeconds(20)).isPresent(), "container did not exit: " + c.logs());
            return c.logs();
        }
    }

    /** The entries of the image's top layer, by name, in tar order. */
    Map<String, TarArchiveEntry> topLayer(Image image) throws IOException {
        List<Descriptor> layers = BerthInternals.store(berth).inspect(image.digest()).manifest().value().layers();
        return layer(layers.get(layers.size() - 1).digest());
    }

    Map<String, TarArchiveEntry> layer(Digest digest) throws IOException {
        Map<String, TarArchiveEntry> out = new LinkedHashMap<>();
        try (InputStream in = BerthInternals.store(berth).openBlob(digest); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e = tar.getNextTarEntry(); e != null; e = tar.getNextTarEntry()) {
                out.put(e.getName().replaceAll("/$", ""), e);
            }
        }
        return out;
    }

    /** Records what a build reports. */
    static final class Recorder implements BuildListener {
        final List<String> started = new ArrayList<>();
        final List<String> cached = new ArrayList<>();
        final List<String> output = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();

        @Override
        public void stepStarted(int number, int total, String instruction) {
            started.add(number + "/" + total + " " + instruction);
        }

        @Override
        public void stepCached(int number, int total, String instruction) {
            cached.add(instruction);
        }

        @Override
        public synchronized void output(int number, String line) {
            output.add(line);
        }

        @Override
        public synchronized void warning(int number, String message) {
            warnings.add(number + " " + message);
        }
    }
}
