package dev.berth.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.overlayfs.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where a fuzzed layer is applied: {@code box/layer} beside {@code box/outside/canary}. After each
 * application nothing may have appeared or changed outside {@code box/layer}, at the absolute
 * paths the fuzzer's dictionary aims at, or through a hardlink to a file outside the layer.
 */
final class LayerBox {
    /** Absolute paths the dictionary names; a layer must never create them on the host. */
    static final List<String> HOST_TARGETS = List.of("/tmp/berth-fuzz-escape", "/tmp/berth-fuzz-escape/x");
    private static final String CANARY = "canary\n";

    private final Path box;
    private final Path outside;

    LayerBox() throws IOException {
        box = Files.createTempDirectory("berth-fuzz-");
        outside = Files.createDirectory(box.resolve("outside"));
        Files.writeString(outside.resolve("canary"), CANARY);
        // The box lives as long as the fuzzing JVM; its whole tree goes with it.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                FileTrees.delete(box);
            } catch (IOException e) {
                System.err.println("cannot remove the fuzzing box " + box + ": " + e);
            }
        }, "berth-fuzz-box-removal"));
    }

    /** The directory a layer is applied into; it does not exist yet. */
    Path target() {
        return box.resolve("layer");
    }

    /** Asserts that nothing escaped, checks hardlinks stay inside, then removes the layer. */
    void checkAndClear() throws IOException {
        try (Stream<Path> s = Files.list(box)) {
            List<String> names = s.map(p -> p.getFileName().toString()).sorted().toList();
            assertTrue(names.equals(List.of("layer", "outside")) || names.equals(List.of("outside")), "box holds " + names);
        }
        try (Stream<Path> s = Files.list(outside)) {
            assertEquals(List.of(outside.resolve("canary")), s.toList());
        }
        assertEquals(CANARY, Files.readString(outside.resolve("canary")));
        for (String p : HOST_TARGETS) {
            assertFalse(Files.exists(Path.of(p), LinkOption.NOFOLLOW_LINKS), "the layer wrote " + p);
        }
        if (Files.exists(target(), LinkOption.NOFOLLOW_LINKS)) {
            hardlinksStayInside();
            FileTrees.delete(target());
        }
    }

    /** Every link to a regular file of the layer is inside the layer: its links are all counted there. */
    private void hardlinksStayInside() throws IOException {
        Map<Object, Integer> seen = new HashMap<>();
        Map<Object, Integer> nlink = new HashMap<>();
        try (Stream<Path> s = Files.walk(target())) {
            for (Path p : s.toList()) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    Object key = Files.readAttributes(p, "unix:ino,nlink", LinkOption.NOFOLLOW_LINKS).get("ino");
                    seen.merge(key, 1, Integer::sum);
                    nlink.put(key, (Integer) Files.getAttribute(p, "unix:nlink", LinkOption.NOFOLLOW_LINKS));
                }
            }
        }
        nlink.forEach((ino, n) -> assertEquals(n, seen.get(ino), "inode " + ino + " is linked from outside the layer"));
    }
}
