package dev.berth.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static dev.berth.testing.LinkEntries.assertOneFileAndOneLink;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.Image;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RUN steps that link a new name to a file of a lower layer, or change one name of a lower link
 * group: the step's layer holds the file once and a hardlink entry for the other name, the next
 * step (on the layer staged onto its lower layers) and a container of the image see one inode
 * with two links.
 */
class LayerLinksBuildTest extends BuildFixture {
    @TempDir
    Path context;

    @org.junit.jupiter.api.BeforeEach
    void needsTheOverlayIndex() {
        org.junit.jupiter.api.Assumptions.assumeTrue(dev.berth.namespaces.launch.OverlayIndex.supported(),
                "RUN steps keep lower link groups whole with overlayfs index=on (kernel 4.13)");
    }

    @Test
    void runStepsKeepHardlinksToLowerFiles() throws Exception {
        Files.writeString(context.resolve("Dockerfile"), """
                FROM %s
                USER root
                RUN echo lower > /lowerfile && echo group > /a && ln /a /b
                RUN ln /lowerfile /newname && chmod 700 /a
                RUN stat -c '%%n %%i %%h %%a' /a /b /lowerfile /newname > /seen-in-build
                """.formatted(BUSYBOX));
        Image image = berth.build(context).build("berth.test/links:1");

        List<dev.berth.image.oci.Descriptor> layers = dev.berth.BerthInternals.store(berth).inspect(image.digest())
                .manifest().value().layers();
        Map<String, TarArchiveEntry> linking = layer(layers.get(layers.size() - 2).digest());
        assertOneFileAndOneLink(linking, "lowerfile", "newname");
        assertOneFileAndOneLink(linking, "a", "b");

        String inBuild = runIn(image, "cat", "/seen-in-build");
        String inContainer = runIn(image, "stat", "-c", "%n %i %h %a", "/a", "/b", "/lowerfile", "/newname");
        for (String seen : List.of(inBuild, inContainer)) {
            String[] l = seen.split("\n");
            assertEquals(4, l.length, seen);
            String[] a = l[0].split(" ");
            String[] b = l[1].split(" ");
            String[] lower = l[2].split(" ");
            String[] newname = l[3].split(" ");
            assertEquals(a[1], b[1], "/a and /b are one inode: " + seen);
            assertEquals(lower[1], newname[1], "/lowerfile and /newname are one inode: " + seen);
            assertEquals("2", a[2], seen);
            assertEquals("2", lower[2], seen);
            assertEquals("700", b[3], "chmod of /a changed /b: " + seen);
        }
    }

    /**
     * The hardlink entry for a lower name in another directory implies that directory (the step
     * did not change it): staged onto the lower layers, it keeps the lower directory's mode,
     * owner and mtime in the next step and in the image, as containerd's mkparent does.
     */
    @Test
    void aDirectoryImpliedByALinkEntryKeepsTheLowerDirectorysMetadata() throws Exception {
        Files.writeString(context.resolve("Dockerfile"), """
                FROM %s
                USER root
                RUN mkdir -p /srv/x /y && echo group > /srv/x/a && ln /srv/x/a /y/b && chown 1:1 /srv/x \
                    && chmod 750 /srv/x && touch -t 201707140240.00 /srv/x && stat -c '%%a %%u %%g %%Y' /srv/x > /before
                RUN chmod 700 /y/b
                RUN stat -c '%%a %%u %%g %%Y' /srv/x > /after
                """.formatted(BUSYBOX));
        Image image = berth.build(context).build("berth.test/implied-dir:1");
        List<dev.berth.image.oci.Descriptor> layers = dev.berth.BerthInternals.store(berth).inspect(image.digest())
                .manifest().value().layers();
        Map<String, TarArchiveEntry> chmod = layer(layers.get(layers.size() - 2).digest());
        assertOneFileAndOneLink(chmod, "y/b", "srv/x/a");
        assertTrue(!chmod.containsKey("srv/x"), "the step did not change /srv/x: " + chmod.keySet());
        String before = runIn(image, "cat", "/before");
        assertTrue(before.startsWith("750 1 1 "), before);
        assertEquals(before, runIn(image, "cat", "/after"), "the next build step sees the lower /srv/x");
        assertEquals(before, runIn(image, "stat", "-c", "%a %u %g %Y", "/srv/x"), "so does the image");
    }
}
