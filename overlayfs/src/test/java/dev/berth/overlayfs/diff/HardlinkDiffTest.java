package dev.berth.overlayfs.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.namespaces.host.Host;
import dev.berth.namespaces.testing.Leaks;
import dev.berth.namespaces.testing.RequiresRoot;
import dev.berth.overlayfs.LayerStack;
import dev.berth.overlayfs.MergedCopy;
import dev.berth.overlayfs.apply.LayerApplier;
import dev.berth.overlayfs.mount.MountedOverlay;
import dev.berth.overlayfs.mount.OverlayMount;
import dev.berth.overlayfs.testing.LayerTar;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import dev.berth.namespaces.launch.OverlayIndex;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A container that links a new name to a lower file ({@code ln lower newname}) or changes one
 * name of a lower link group ({@code chmod a}, where {@code a} and {@code b} are one file):
 * the layer holds the file once and hardlink entries for its other names, and the image made
 * of it shows one inode with two links, with the overlay driver and with the copy driver.
 */
@RequiresRoot("mounts overlays")
class HardlinkDiffTest {
    @TempDir
    Path tmp;
    Path base;

    @BeforeEach
    void setUp() throws IOException {
        base = tmp.resolve("base");
        byte[] tar = new LayerTar().file("lower", "lower's content").file("a", "one file, two names").hardlink("b", "a")
                .dir("r").file("r/old", "renamed").hardlink("r/kept", "r/old").dir("d").file("d/other", "x").bytes();
        LayerApplier.create(Host.system()).apply(new ByteArrayInputStream(tar), null, base, null);
    }

    @AfterEach
    void noMountLeftBehind() throws IOException {
        assertEquals(List.of(), Leaks.mounts(tmp.toString()));
    }

    /** What a RUN step does: a new name for a lower file, and a mode change of one name of a link group. */
    static void change(Path root) throws IOException {
        Files.createLink(root.resolve("newname"), root.resolve("lower"));
        Files.setPosixFilePermissions(root.resolve("a"), PosixFilePermissions.fromString("rwx------"));
        // Renamed: the lower file is found by the inode in its overlay.origin handle, not by path.
        Files.move(root.resolve("r/old"), root.resolve("r/new"));
        Files.setPosixFilePermissions(root.resolve("r/new"), PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void overlayUpperKeepsLinksToUnchangedLowerNames() throws IOException {
        Assumptions.assumeTrue(OverlayIndex.supported(), "needs overlayfs index=on (kernel 4.13)");
        Path dir = Files.createDirectories(tmp.resolve("c"));
        Path upper = Files.createDirectories(dir.resolve("upper"));
        Path merged = Files.createDirectories(dir.resolve("merged"));
        try (MountedOverlay m = OverlayMount.of(Host.system().syscalls(), List.of(base), upper,
                Files.createDirectories(dir.resolve("work"))).mountOn(merged)) {
            change(merged);
            // With index=on the container itself sees one file: b changed with a.
            assertEquals(inode(merged.resolve("a")), inode(merged.resolve("b")));
            assertEquals("rwx------", mode(merged.resolve("b")));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LayerDiff.create(Host.system()).ofUpper(upper, List.of(base), out);
        checkLayer(out.toByteArray());
    }

    @Test
    void copyDriverComparesInodesAndKeepsLinksToUnchangedNames() throws IOException {
        Path changed = tmp.resolve("copy");
        new MergedCopy(Host.system().syscalls()).copy(new LayerStack(Host.system().syscalls(), List.of(base)).root(), changed);
        change(changed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LayerDiff.create(Host.system()).ofCopy(List.of(base), changed, out);
        checkLayer(out.toByteArray());
    }

    /** One full copy per link group and hardlinks for the other names; applied, one inode with two links. */
    void checkLayer(byte[] tar) throws IOException {
        Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
                entries.put(e.getName(), e);
            }
        }
        assertTrue(entries.keySet().containsAll(List.of("lower", "newname", "a", "b")), entries.keySet().toString());
        assertOneFileOneLink(entries, "lower", "newname");
        assertOneFileOneLink(entries, "a", "b");
        assertOneFileOneLink(entries, "r/new", "r/kept");
        assertTrue(entries.containsKey("r/.wh.old"), entries.keySet().toString());
        assertTrue(!entries.containsKey("d/other"), "unchanged files stay out: " + entries.keySet());

        Path layer = tmp.resolve("layer");
        LayerApplier.create(Host.system()).apply(new ByteArrayInputStream(tar), null, layer, null, List.of(base));
        Path view = Files.createDirectories(tmp.resolve("view"));
        try (MountedOverlay m = OverlayMount.readOnly(Host.system().syscalls(), List.of(layer, base)).mountOn(view)) {
            for (String[] pair : new String[][] {{"lower", "newname"}, {"a", "b"}, {"r/new", "r/kept"}}) {
                Path x = view.resolve(pair[0]);
                Path y = view.resolve(pair[1]);
                assertEquals(inode(x), inode(y), pair[0] + " and " + pair[1] + " are one file");
                assertEquals(2, Files.getAttribute(x, "unix:nlink", LinkOption.NOFOLLOW_LINKS), pair[0]);
            }
            assertEquals("lower's content", Files.readString(view.resolve("newname")));
            assertEquals("rwx------", mode(view.resolve("b")));
            assertEquals("rwx------", mode(view.resolve("r/kept")));
            assertTrue(!Files.exists(view.resolve("r/old"), LinkOption.NOFOLLOW_LINKS));
        }
    }

    @Test
    void theOriginHandleGivesTheLowerInode() {
        // trusted.overlay.origin as ext4 under overlayfs wrote it here: type 1, inode 1745880.
        byte[] ext4 = java.util.HexFormat.of().parseHex("00fb1d000100000000000000000000000000000000d8a31a004c20806b");
        assertEquals(1745880, LowerAliases.originInode(ext4));
        byte[] bigEndian = ext4.clone();
        bigEndian[3] = 1;
        System.arraycopy(new byte[] {0, 0x1a, (byte) 0xa3, (byte) 0xd8}, 0, bigEndian, 21, 4);
        assertEquals(1745880, LowerAliases.originInode(bigEndian));
        byte[] other = ext4.clone();
        other[4] = 0x4d; // btrfs: no inode first
        assertEquals(-1, LowerAliases.originInode(other));
        assertEquals(-1, LowerAliases.originInode(java.util.Arrays.copyOf(ext4, 20)));
    }

    static void assertOneFileOneLink(Map<String, TarArchiveEntry> entries, String x, String y) {
        List<TarArchiveEntry> pair = new ArrayList<>(List.of(entries.get(x), entries.get(y)));
        long links = pair.stream().filter(TarArchiveEntry::isLink).count();
        assertEquals(1, links, x + "/" + y + ": one hardlink entry, not a second copy");
        TarArchiveEntry file = pair.stream().filter(e -> !e.isLink()).findFirst().orElseThrow();
        TarArchiveEntry link = pair.stream().filter(TarArchiveEntry::isLink).findFirst().orElseThrow();
        assertTrue(file.isFile());
        assertEquals(file.getName(), link.getLinkName());
    }

    static Object inode(Path p) throws IOException {
        return Files.getAttribute(p, "unix:ino", LinkOption.NOFOLLOW_LINKS);
    }

    static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }
}
