package dev.berth.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.Berth;
import dev.berth.BuildException;
import dev.berth.Image;
import dev.berth.LayerStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RUN steps with the copy storage driver (vfs), as on a home on a container's overlay root: the
 * step runs in a copy of its layers and its layer is the comparison with them, holding what the
 * same step gives on an overlay.
 */
class CopyDriverRunTest extends BuildFixture {
    @TempDir
    Path context;

    private static final String STEPS = """
            FROM %s
            USER root
            RUN mkdir -p /d/sub /keep && echo one > /d/sub/f && echo x > /d/x && echo lower > /lower \
                && echo gone > /gone && echo stays > /keep/f
            RUN echo more >> /lower && rm /gone && echo new > /new && ln /new /newlink && chown 5:6 /new \
                && chmod 640 /new && rm -rf /d && mkdir /d && echo again > /d/y && chmod 751 /d \
                && ln -s /etc/passwd /sym && mkfifo /fifo
            """;

    @Test
    void aRunStepOnCopiedLayersGivesTheLayerAnOverlayGives() throws Exception {
        Files.writeString(context.resolve("Dockerfile"), STEPS.formatted(BUSYBOX));
        Image overlay = berth.build(context).noCache(true).build("berth.test/run-overlay:1");
        Map<String, String> onOverlay = described(topLayer(overlay));
        Map<String, String> onCopy;
        Image copied;
        try (Berth vfs = Berth.builder().home(home).storageDriver(LayerStorage.VFS).build()) {
            assertEquals(LayerStorage.VFS, vfs.storageDriver());
            copied = vfs.build(context).noCache(true).build("berth.test/run-copied:1");
        }
        onCopy = described(topLayer(copied));
        // An overlay marks a directory removed and made again opaque; a comparison names what went.
        assertEquals("whiteout", onOverlay.remove("d/.wh..wh..opq"), onOverlay.toString());
        assertEquals("whiteout", onCopy.remove("d/.wh.sub"), onCopy.toString());
        assertEquals("whiteout", onCopy.remove("d/.wh.x"), onCopy.toString());
        assertEquals(onOverlay, onCopy);
        assertEquals("whiteout", onCopy.get(".wh.gone"));
        assertTrue(onCopy.get("newlink").startsWith("link to new") || onCopy.get("new").startsWith("link to newlink"),
                onCopy.toString());
        assertEquals(runIn(overlay, "sh", "-c", "ls -lnR /d /new /newlink /lower /keep /sym; cat /lower"),
                runIn(copied, "sh", "-c", "ls -lnR /d /new /newlink /lower /keep /sym; cat /lower"));
        assertEquals("gone-gone\n", runIn(copied, "sh", "-c", "test -e /gone || echo gone-gone"));
    }

    @Test
    void aFailingRunOnCopiedLayersLeavesNothing() throws Exception {
        Files.writeString(context.resolve("Dockerfile"), """
                FROM %s
                USER root
                RUN echo made > /made && ln -s / /escape && false
                """.formatted(BUSYBOX));
        try (Berth vfs = Berth.builder().home(home).storageDriver(LayerStorage.VFS).build()) {
            BuildException e = assertThrows(BuildException.class, () -> vfs.build(context).noCache(true).build("berth.test/run-fails:1"));
            assertTrue(e.getMessage().contains("exit code 1"), e.getMessage());
        }
        // checkNothingIsLeft (BuildFixture) finds build-tmp empty: the copied root went with the step.
        assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(home.toString()),
                "a mount of the failed step is left");
        assertTrue(Files.exists(Path.of("/bin/sh")), "the host is untouched");
    }

    /** Each entry of a layer as type, mode, owner, link target and content; not its times. */
    private static Map<String, String> described(Map<String, TarArchiveEntry> layer) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, TarArchiveEntry> en : layer.entrySet()) {
            TarArchiveEntry e = en.getValue();
            String name = en.getKey();
            if (name.substring(name.lastIndexOf('/') + 1).startsWith(".wh.")) {
                out.put(name, "whiteout");
            } else if (e.isLink()) {
                out.put(name, "link to " + e.getLinkName());
            } else {
                out.put(name, (e.isDirectory() ? "dir " : e.isSymbolicLink() ? "symlink " + e.getLinkName() + " "
                        : e.isFIFO() ? "fifo " : "file " + e.getSize() + " ")
                        + Integer.toOctalString(e.getMode() & 07777) + " " + e.getLongUserId() + ":" + e.getLongGroupId());
            }
        }
        return out;
    }
}
