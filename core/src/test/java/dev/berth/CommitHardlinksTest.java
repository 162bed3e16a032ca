package dev.berth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static dev.berth.testing.LinkEntries.assertOneFileAndOneLink;

import dev.berth.image.oci.Descriptor;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code commit} of a container that linked a new name to a file of its image, and changed one
 * name of a link group of its image: with either storage driver the layer holds each file once
 * with a hardlink entry for its other name, and a container of the committed image sees one
 * inode with two links, as the committed container did.
 */
class CommitHardlinksTest extends BusyboxContainers {
    static final String STAT = "stat -c '%n %i %h %a' /grp/a /grp/b /lowerfile /newname";

    @ParameterizedTest
    @ValueSource(strings = {"overlay", "vfs"})
    void commitKeepsLinksToFilesOfTheImage(String driver) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(driver.equals("vfs") || dev.berth.namespaces.launch.OverlayIndex.supported(),
                "an overlay keeps lower link groups whole with index=on (kernel 4.13)");
        try (Berth b = Berth.builder().home(home).storageDriver(LayerStorage.of(driver)).build()) {
            Image base;
            try (Container c = b.container(IMAGE).user("root")
                    .command("sh", "-c", "mkdir /grp && echo group > /grp/a && ln /grp/a /grp/b && echo lower > /lowerfile")
                    .start()) {
                run(c);
                base = c.commit("berth.test/links-base-" + driver + ":1");
            }
            Image committed;
            String seen;
            try (Container c = b.container(base).user("root")
                    .command("sh", "-c", "ln /lowerfile /newname && chmod 700 /grp/a && " + STAT).start()) {
                seen = run(c);
                // Both drivers list the image's other name of the changed file as changed.
                assertTrue(c.changes().contains(new FileChange("/grp/b", FileChange.Kind.MODIFIED)), c.changes().toString());
                committed = c.commit("berth.test/links-" + driver + ":1");
            }
            assertLinked(seen);
            Map<String, TarArchiveEntry> top = topLayer(b, committed);
            assertOneFileAndOneLink(top, "lowerfile", "newname");
            assertOneFileAndOneLink(top, "grp/a", "grp/b");
            try (Container c = b.container(committed).user("root").command("sh", "-c", STAT).start()) {
                assertEquals(seen.replaceAll(" \\d+ ", " _ "), run(c).replaceAll(" \\d+ ", " _ "));
                assertLinked(run(c));
            }
        }
    }

    static void assertLinked(String seen) {
        String[] l = seen.split("\n");
        assertEquals(4, l.length, seen);
        assertEquals(l[0].split(" ")[1], l[1].split(" ")[1], "/grp/a and /grp/b are one inode: " + seen);
        assertEquals(l[2].split(" ")[1], l[3].split(" ")[1], "/lowerfile and /newname are one inode: " + seen);
        assertEquals("2", l[0].split(" ")[2], seen);
        assertEquals("2", l[2].split(" ")[2], seen);
        assertEquals("700", l[1].split(" ")[3], "chmod of /grp/a is chmod of /grp/b: " + seen);
    }

    static Map<String, TarArchiveEntry> topLayer(Berth b, Image image) throws Exception {
        List<Descriptor> layers = BerthInternals.store(b).inspect(image.digest()).manifest().value().layers();
        Map<String, TarArchiveEntry> out = new HashMap<>();
        try (InputStream in = BerthInternals.store(b).openBlob(layers.get(layers.size() - 1).digest());
                TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                out.put(e.getName().replaceAll("/$", ""), e);
            }
        }
        return out;
    }
}
