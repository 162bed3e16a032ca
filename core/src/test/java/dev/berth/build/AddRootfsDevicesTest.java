package dev.berth.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.Image;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ADD rootfs.tar /} of a root file system with device nodes (#18 item 3): as root they are
 * made, as docker makes them, and land in the layer with their type, numbers and mode; the
 * container's device policy still decides what opens.
 */
class AddRootfsDevicesTest extends BuildFixture {
    @TempDir
    Path context;

    @Test
    void addOfARootfsTarMakesItsDeviceNodesAndTheContainerStillCannotOpenDisallowedOnes() throws Exception {
        Path tar = context.resolve("rootfs.tar");
        try (OutputStream out = Files.newOutputStream(tar); TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
            directory(t, "dev/");
            device(t, "dev/console", TarConstants.LF_CHR, 5, 1, 0620);
            device(t, "dev/null", TarConstants.LF_CHR, 1, 3, 0666);
            device(t, "dev/sda", TarConstants.LF_BLK, 8, 0, 0660);
            directory(t, "probe/");
            device(t, "probe/zero", TarConstants.LF_CHR, 1, 5, 0666);
            device(t, "probe/loop0", TarConstants.LF_BLK, 7, 0, 0666);
            device(t, "probe/loop-control", TarConstants.LF_CHR, 10, 237, 0666);
            device(t, "probe/fifo", TarConstants.LF_FIFO, 0, 0, 0644);
            byte[] release = "rootfs 1\n".getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry file = new TarArchiveEntry("etc/rootfs-release");
            file.setSize(release.length);
            file.setMode(0644);
            t.putArchiveEntry(file);
            t.write(release);
            t.closeArchiveEntry();
        }
        Recorder recorder = new Recorder();
        Image image = berth.imageBuilder().context(context).from(BUSYBOX).listener(recorder)
                .add("rootfs.tar", "/")
                .build("berth.test/rootfs-devices:1");

        Map<String, TarArchiveEntry> layer = topLayer(image);
        assertDevice(layer, "dev/console", true, 5, 1, 0620);
        assertDevice(layer, "dev/null", true, 1, 3, 0666);
        assertDevice(layer, "dev/sda", false, 8, 0, 0660);
        assertDevice(layer, "probe/loop0", false, 7, 0, 0666);
        assertTrue(layer.get("probe/fifo").isFIFO(), "probe/fifo is a fifo in the layer");
        assertEquals(0644, layer.get("probe/fifo").getMode() & 07777);

        // The nodes are in the image, but the device cgroup lets only docker's default devices open.
        String out = runIn(image, "sh", "-c", "cat /etc/rootfs-release; head -c 4 /probe/zero | wc -c;"
                + " for d in loop0 loop-control; do head -c 1 /probe/$d >/dev/null 2>/tmp/e; echo \"$d $? $(cat /tmp/e)\"; done;"
                + " stat -c '%F %t:%T %a' /probe/loop0");
        List<String> lines = out.lines().toList();
        assertEquals("rootfs 1", lines.get(0), out);
        assertEquals("4", lines.get(1).strip(), out);
        assertTrue(lines.get(2).startsWith("loop0 1 ") && lines.get(2).contains("Operation not permitted"), out);
        assertTrue(lines.get(3).startsWith("loop-control 1 ") && lines.get(3).contains("Operation not permitted"), out);
        assertEquals("block special file 7:0 666", lines.get(4), out);
    }

    private static void directory(TarArchiveOutputStream t, String name) throws Exception {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setMode(0755);
        t.putArchiveEntry(e);
        t.closeArchiveEntry();
    }

    private static void device(TarArchiveOutputStream t, String name, byte type, int major, int minor, int mode)
            throws Exception {
        TarArchiveEntry e = new TarArchiveEntry(name, type);
        e.setDevMajor(major);
        e.setDevMinor(minor);
        e.setMode(mode);
        t.putArchiveEntry(e);
        t.closeArchiveEntry();
    }

    private static void assertDevice(Map<String, TarArchiveEntry> layer, String name, boolean character, int major,
            int minor, int mode) {
        TarArchiveEntry e = layer.get(name);
        assertTrue(e != null, name + " is in the layer: " + layer.keySet());
        assertTrue(character ? e.isCharacterDevice() : e.isBlockDevice(), name + " has its type");
        assertEquals(major + ":" + minor + " " + Integer.toOctalString(mode),
                e.getDevMajor() + ":" + e.getDevMinor() + " " + Integer.toOctalString(e.getMode() & 07777), name);
    }
}
