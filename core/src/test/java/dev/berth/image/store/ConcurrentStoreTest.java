package dev.berth.image.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.image.Digest;
import dev.berth.image.oci.Descriptor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two real JVMs and this one write, untag and collect garbage in one store at once; the store stays consistent. */
class ConcurrentStoreTest {
    private static final int IMAGES_PER_WRITER = 24;

    @TempDir
    Path tmp;

    @Test
    void twoJvmsWritingAndCollectingAtOnceLeaveAConsistentStore() throws Exception {
        Path root = tmp.resolve("store");
        ImageStore store = ImageStore.open(root);
        List<Process> writers = new ArrayList<>();
        for (String prefix : List.of("left", "right")) {
            writers.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), StoreWriterProcess.class.getName(),
                    root.toString(), prefix, String.valueOf(IMAGES_PER_WRITER))
                    .redirectErrorStream(true).redirectOutput(tmp.resolve(prefix + ".log").toFile()).start());
        }
        // This JVM collects garbage while the others write, to race the writers' leases.
        int collections = 0;
        while (writers.stream().anyMatch(Process::isAlive) && collections < 200) {
            store.gc();
            collections++;
            Thread.sleep(20);
        }
        for (Process p : writers) {
            assertTrue(p.waitFor(300, TimeUnit.SECONDS), "writer did not finish");
            String log = Files.readString(tmp.resolve((writers.indexOf(p) == 0 ? "left" : "right") + ".log"));
            assertEquals(0, p.exitValue(), log);
        }
        assertTrue(collections > 0);

        List<String> names = new ArrayList<>();
        for (Descriptor e : store.entries()) {
            names.add(e.annotation(Descriptor.REF_NAME).orElseThrow());
        }
        List<String> expected = new ArrayList<>();
        for (String prefix : List.of("left", "right")) {
            for (int i = 0; i < IMAGES_PER_WRITER; i += 2) {
                expected.add("localhost/" + prefix + ":" + i);
            }
        }
        names.sort(null);
        expected.sort(null);
        assertEquals(expected, names, "index.json lost or kept the wrong tags");

        for (String name : expected) {
            ImageDetails d = store.inspect(name);
            for (Descriptor layer : d.manifest().value().layers()) {
                assertTrue(store.hasBlob(layer.digest()), name + " lost layer " + layer.digest());
            }
            String own = new String(store.readBlob(d.manifest().value().layers().get(1).digest()), StandardCharsets.UTF_8);
            String prefix = name.substring("localhost/".length(), name.indexOf(':'));
            assertTrue(own.startsWith(prefix + " layer " + name.substring(name.indexOf(':') + 1) + " "), name);
        }
        assertEveryBlobMatchesItsName(root);
        try (Stream<Path> staging = Files.list(root.resolve(".berth/tmp"))) {
            assertEquals(List.of(), staging.toList(), "staging files left behind");
        }
        assertEquals(List.of(), store.gc().removed(), "reachable content was unreferenced or garbage was left");
    }

    private static void assertEveryBlobMatchesItsName(Path root) throws IOException {
        try (Stream<Path> blobs = Files.list(root.resolve("blobs/sha256"))) {
            for (Path blob : blobs.toList()) {
                assertEquals("sha256:" + blob.getFileName(), Digest.sha256(Files.readAllBytes(blob)).toString(),
                        "torn blob " + blob);
            }
        }
        assertFalse(Files.exists(root.resolve("index.json.tmp")));
    }
}
