package dev.berth.overlayfs.diff;

import dev.berth.namespaces.host.Host;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.namespaces.testing.Leaks;
import dev.berth.namespaces.testing.RequiresRoot;
import dev.berth.overlayfs.apply.AppliedLayer;
import dev.berth.overlayfs.apply.LayerApplier;
import dev.berth.overlayfs.apply.LayerCompression;
import dev.berth.overlayfs.mount.MountedOverlay;
import dev.berth.overlayfs.mount.OverlayMount;
import dev.berth.overlayfs.testing.LayerTar;
import dev.berth.overlayfs.testing.SampleChanges;
import dev.berth.overlayfs.testing.Trees;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Diffs of real overlay uppers, applied back on the base and compared with the merged view. */
@RequiresRoot("mounts overlays and reads their whiteouts")
class LayerDiffTest {
    static final long EPOCH = 1_600_000_000L;

    @TempDir
    Path tmp;
    Path base;

    @BeforeEach
    void setUp() throws IOException {
        base = tmp.resolve("base");
        LayerApplier.create(Host.system()).apply(new ByteArrayInputStream(SampleChanges.baseLayer()), null, base, null);
    }

    @AfterEach
    void noMountLeftBehind() throws IOException {
        assertEquals(List.of(), Leaks.mounts(tmp.toString()));
    }

    /** Runs the sample changes in a fresh container root; returns the merged tree and the diff. */
    record Changed(Map<String, String> merged, byte[] tar, DiffResult result) {
    }

    Changed change(String name, LayerDiff diff) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Path upper = Files.createDirectories(dir.resolve("upper"));
        Path merged = Files.createDirectories(dir.resolve("merged"));
        try (MountedOverlay m = OverlayMount.of(Host.system().syscalls(), List.of(base), upper, Files.createDirectories(dir.resolve("work")))
                .mountOn(merged)) {
            SampleChanges.make(merged);
            Map<String, String> tree = Trees.describe(merged);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            DiffResult r = diff.ofUpper(upper, List.of(base), out);
            return new Changed(tree, out.toByteArray(), r);
        }
    }

    List<TarArchiveEntry> entries(byte[] tar) throws IOException {
        List<TarArchiveEntry> out = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                out.add(e);
            }
        }
        return out;
    }

    @Test
    void applyingBasePlusDiffGivesExactlyTheMergedViewThatWasDiffed() throws IOException {
        Changed c = change("c1", LayerDiff.create(Host.system()));
        Path layer = tmp.resolve("diff-layer");
        AppliedLayer applied = LayerApplier.create(Host.system()).apply(new ByteArrayInputStream(c.tar()), null, layer, c.result().diffId());
        assertEquals(c.result().diffId(), applied.diffId());
        Path view = Files.createDirectories(tmp.resolve("view"));
        try (MountedOverlay m = OverlayMount.readOnly(Host.system().syscalls(), List.of(layer, base)).mountOn(view)) {
            assertEquals(c.merged(), Trees.describe(view));
        }
    }

    @Test
    void whiteoutsAndOpaqueDirectoriesAreTranslatedBack() throws IOException {
        Changed c = change("c1", LayerDiff.create(Host.system()));
        List<String> names = entries(c.tar()).stream().map(TarArchiveEntry::getName).toList();
        assertTrue(names.contains(".wh.gone"), names.toString());
        assertTrue(names.contains("etc/.wh.labelled"), names.toString());
        assertTrue(names.contains("d/.wh..wh..opq"), names.toString());
        assertTrue(names.contains("etc/.wh.passwd"), names.toString());
    }

    @Test
    void sameChangesGiveTheSameDigestWithSourceDateEpoch() throws Exception {
        LayerDiff diff = LayerDiff.create(Host.system()).sourceDateEpoch(EPOCH);
        Changed first = change("c1", diff);
        Thread.sleep(1100); // the second container's files get other mtimes and inode numbers
        Changed second = change("c2", diff);
        assertEquals(first.result().diffId(), second.result().diffId());
        assertEquals(LayerTar.sha256(first.tar()), first.result().diffId());
        List<TarArchiveEntry> entries = entries(first.tar());
        List<String> names = entries.stream().map(TarArchiveEntry::getName).toList();
        for (TarArchiveEntry e : entries) {
            assertTrue(e.getLastModifiedTime().toMillis() <= EPOCH * 1000, e.getName() + " clamped");
            if (!e.getName().contains(".wh.")) { // whiteouts carry times, as containerd writes them
                assertTrue(e.getExtraPaxHeaders().keySet().stream().noneMatch(k -> k.contains("time")), e.getName());
            }
            assertEquals("", e.getUserName());
        }
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(LayerDiffTest::treeOrder);
        assertEquals(sorted, names, "entries in sorted tree order");
        assertNotEquals(first.result().diffId(), change("c3", LayerDiff.create(Host.system())).result().diffId(),
                "without the clamp, new mtimes give a new digest");
    }

    @Test
    void whiteoutsCarryTheHeaderContainerdWritesForADeletion() throws IOException {
        java.time.Instant before = java.time.Instant.now();
        Changed c = change("c1", LayerDiff.create(Host.system()).sourceDateEpoch(null));
        java.time.Instant after = java.time.Instant.now();
        List<TarArchiveEntry> whiteouts = entries(c.tar()).stream().filter(e -> e.getName().contains(".wh.")).toList();
        assertTrue(whiteouts.size() >= 4, whiteouts.toString());
        // etc/passwd was 1000:1000 0644 before it was removed: the whiteout is 0:0, mode 0 all the same.
        java.nio.file.attribute.FileTime time = whiteouts.get(0).getLastModifiedTime();
        for (TarArchiveEntry w : whiteouts) {
            assertTrue(w.isFile(), w.getName() + " is an empty regular file");
            assertEquals(0, w.getSize(), w.getName());
            assertEquals(0, w.getMode() & 07777, w.getName() + " mode");
            assertEquals(0, w.getLongUserId(), w.getName() + " uid");
            assertEquals(0, w.getLongGroupId(), w.getName() + " gid");
            // One time for the whole diff, the time it was made, in mtime, atime and ctime (PAX).
            assertEquals(time, w.getLastModifiedTime(), w.getName());
            assertEquals(time, w.getLastAccessTime(), w.getName() + " atime");
            assertEquals(time, w.getStatusChangeTime(), w.getName() + " ctime");
        }
        assertTrue(!time.toInstant().isBefore(before) && !time.toInstant().isAfter(after), time + " within the diff");

        Changed clamped = change("c2", LayerDiff.create(Host.system()).sourceDateEpoch(EPOCH));
        for (TarArchiveEntry w : entries(clamped.tar()).stream().filter(e -> e.getName().contains(".wh.")).toList()) {
            assertEquals(EPOCH * 1000, w.getLastModifiedTime().toMillis(), w.getName());
            assertEquals(EPOCH * 1000, w.getLastAccessTime().toMillis(), w.getName() + " atime is SOURCE_DATE_EPOCH");
            assertEquals(EPOCH * 1000, w.getStatusChangeTime().toMillis(), w.getName() + " ctime is SOURCE_DATE_EPOCH");
        }
    }

    /** Component by component; a whiteout sorts as the name it deletes, the opaque marker first. */
    static int treeOrder(String a, String b) {
        String[] x = a.split("/");
        String[] y = b.split("/");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = key(x[i]).compareTo(key(y[i]));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }

    static String key(String component) {
        return component.equals(".wh..wh..opq") ? "" : component.startsWith(".wh.") ? component.substring(4) : component;
    }

    @Test
    void compressedDiffKeepsTheDiffIdOfTheTarAndDigestsTheCompressedBytes() throws IOException {
        Changed plain = change("c1", LayerDiff.create(Host.system()).sourceDateEpoch(EPOCH));
        Changed gz = change("c2", LayerDiff.create(Host.system()).sourceDateEpoch(EPOCH).compression(LayerCompression.GZIP));
        assertEquals(plain.result().diffId(), gz.result().diffId());
        assertEquals(LayerTar.sha256(gz.tar()), gz.result().digest());
        assertEquals(gz.tar().length, gz.result().size());
        Path layer = tmp.resolve("from-gz");
        LayerApplier.create(Host.system()).apply(new ByteArrayInputStream(gz.tar()), "application/vnd.oci.image.layer.v1.tar+gzip",
                layer, gz.result().diffId());
    }
}
