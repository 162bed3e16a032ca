package dev.berth.overlayfs.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.berth.namespaces.host.Host;
import dev.berth.namespaces.testing.RequiresRoot;
import dev.berth.overlayfs.FileTrees;
import dev.berth.overlayfs.LayerException;
import dev.berth.overlayfs.testing.LayerTar;
import dev.berth.overlayfs.testing.Trees;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 100 layers of hostile and odd tars (the pieces of {@link HostileLayerTest}: {@code ..},
 * absolute names, symlinks to the host and out of the root, loops, hardlinks through them,
 * whiteouts and opaque markers under them), each applied onto all the layers before it, so that
 * names resolve through the hostile symlinks of lower layers too. Whatever a layer does, nothing
 * appears outside the layers, and every hardlink stays inside its layer. Seeded: a failure
 * names the seed and layer to replay.
 */
@RequiresRoot("applies layers with their owners, device nodes and xattrs")
class HostileLayerStackTest {
    private static final String HOST_TARGET = "/tmp/berth-stack-escape";

    @TempDir
    Path tmp;

    @AfterEach
    void removeHostTarget() throws IOException {
        if (Files.exists(Path.of(HOST_TARGET), LinkOption.NOFOLLOW_LINKS)) {
            FileTrees.delete(Path.of(HOST_TARGET));
        }
    }

    @Test
    void aHundredHostileLayersOnTopOfEachOtherWriteNothingOutside() throws IOException {
        for (long seed : new long[] {1, 2, 3}) {
            stack(seed);
        }
    }

    private void stack(long seed) throws IOException {
        Path box = Files.createDirectories(tmp.resolve("box" + seed));
        Path canary = Files.createDirectories(box.resolve("canary"));
        Files.writeString(canary.resolve("secret"), "secret");
        Files.createSymbolicLink(canary.resolve("link"), Path.of("/etc"));
        Map<String, String> before = Trees.describe(canary);
        Path layers = Files.createDirectories(box.resolve("layers"));
        String[] names = {"a", "b", "lib", "usr", "..", ".", "x", canary.toString().substring(1), "link",
            canary.toString(), HOST_TARGET, "up", "loop", "../../..", "//a"};
        String[] targets = {"/", "..", "../../..", canary.toString(), canary.resolve("link").toString(), "/tmp",
            "lib", "a/b", "loop", "up/..", "/etc", HOST_TARGET, "x/../.."};
        Random r = new Random(seed);
        LayerApplier applier = LayerApplier.builder(Host.system()).maxEntries(64).maxBytes(1 << 20).build();
        List<Path> applied = new ArrayList<>();
        int failed = 0;
        for (int i = 0; i < 100; i++) {
            LayerTar tar = new LayerTar();
            int entries = 1 + r.nextInt(8);
            for (int j = 0; j < entries; j++) {
                String name = name(r, names);
                switch (r.nextInt(8)) {
                    case 0, 1 -> tar.file(name, "layer " + i);
                    case 2 -> tar.dir(name);
                    case 3, 4 -> tar.symlink(name, targets[r.nextInt(targets.length)]);
                    case 5 -> tar.hardlink(name, r.nextBoolean() ? name(r, names) : targets[r.nextInt(targets.length)]);
                    case 6 -> tar.whiteout(name);
                    default -> tar.opaque(name);
                }
            }
            Path layer = layers.resolve(String.format("%03d", i));
            List<Path> lowers = new ArrayList<>(applied);
            java.util.Collections.reverse(lowers); // top first
            try {
                applier.apply(new ByteArrayInputStream(tar.bytes()), null, layer, null, lowers);
                applied.add(layer);
            } catch (LayerException e) {
                failed++;
                assertFalse(Files.exists(layer, LinkOption.NOFOLLOW_LINKS), "seed " + seed + " layer " + i + ": left behind");
            }
            String at = "seed " + seed + ", layer " + i;
            assertEquals(before, Trees.describe(canary), at + ": the canary beside the layers changed");
            assertFalse(Files.exists(Path.of(HOST_TARGET), LinkOption.NOFOLLOW_LINKS), at + ": wrote " + HOST_TARGET);
            try (Stream<Path> s = Files.list(box)) {
                assertEquals(List.of("canary", "layers"), s.map(p -> p.getFileName().toString()).sorted().toList(), at);
            }
            if (applied.contains(layer)) {
                hardlinksStayInside(layer, at);
            }
        }
        assertFalse(applied.isEmpty() || failed == 0, "seed " + seed + ": " + applied.size()
                + " layers applied, " + failed + " refused; the mix should have both");
        FileTrees.delete(box);
    }

    private static String name(Random r, String[] names) {
        int parts = 1 + r.nextInt(3);
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < parts; k++) {
            sb.append(k == 0 ? "" : "/").append(names[r.nextInt(names.length)]);
        }
        return sb.toString();
    }

    /** Every link of a regular file of the layer is in the layer: its links are all counted there. */
    private static void hardlinksStayInside(Path layer, String at) throws IOException {
        Map<Object, Integer> seen = new HashMap<>();
        Map<Object, Integer> nlink = new HashMap<>();
        try (Stream<Path> s = Files.walk(layer)) {
            for (Path p : s.toList()) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    Object ino = Files.getAttribute(p, "unix:ino", LinkOption.NOFOLLOW_LINKS);
                    seen.merge(ino, 1, Integer::sum);
                    nlink.put(ino, (Integer) Files.getAttribute(p, "unix:nlink", LinkOption.NOFOLLOW_LINKS));
                }
            }
        }
        assertEquals(nlink, seen, at + ": a file of the layer has links outside it");
    }
}
