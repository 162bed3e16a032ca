package dev.berth.overlayfs.interop;

import dev.berth.namespaces.host.Host;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.namespaces.testing.Leaks;
import dev.berth.namespaces.testing.RequiresRoot;
import dev.berth.overlayfs.diff.DiffResult;
import dev.berth.overlayfs.diff.LayerDiff;
import dev.berth.overlayfs.mount.MountedOverlay;
import dev.berth.overlayfs.mount.OverlayMount;
import dev.berth.overlayfs.store.ChainId;
import dev.berth.overlayfs.store.LayerStore;
import dev.berth.overlayfs.store.StoredLayer;
import dev.berth.overlayfs.testing.LayerTar;
import dev.berth.overlayfs.testing.OciLayout;
import dev.berth.overlayfs.testing.SampleChanges;
import dev.berth.overlayfs.testing.Trees;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interoperability with umoci (Debian package {@code umoci}; skipped when absent): images umoci
 * makes apply to the tree umoci unpacks, and layers Berth diffs are accepted by umoci.
 */
@RequiresRoot("umoci unpacks with the owners and device nodes of the layers")
class UmociInteropTest {
    @TempDir
    Path tmp;
    Path image;
    LayerStore store;

    @BeforeEach
    void setUp() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/umoci")),
                "umoci is not installed (apt-get install umoci; .ci/run installs it)");
        image = tmp.resolve("image");
        umoci("init", "--layout", image.toString());
        umoci("new", "--image", image + ":t");
        store = LayerStore.open(tmp.resolve("store"), Host.system());
    }

    @AfterEach
    void noMountLeftBehind() throws IOException {
        assertEquals(List.of(), Leaks.mounts(tmp.toString()));
    }

    String umoci(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("umoci"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ":\n" + out);
        return out;
    }

    void sh(Path dir, String script) throws Exception {
        Process p = new ProcessBuilder("sh", "-ec", script).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), script + ":\n" + out);
    }

    /** Puts every layer of tag t into the store; returns the stack, highest first. */
    List<StoredLayer> pull() throws IOException {
        ChainId parent = null;
        for (OciLayout.Layer l : OciLayout.layers(image, "t")) {
            try (InputStream in = Files.newInputStream(l.blob())) {
                parent = store.put(parent, l.diffId(), l.mediaType(), in).chainId();
            }
        }
        return store.stack(parent);
    }

    Map<String, String> unpackedByUmoci(String name) throws Exception {
        Path bundle = tmp.resolve(name);
        umoci("unpack", "--image", image + ":t", bundle.toString());
        return Trees.describe(bundle.resolve("rootfs"));
    }

    Path addLayer(byte[] tar) throws Exception {
        Path f = Files.write(tmp.resolve("layer-" + System.nanoTime() + ".tar"), tar);
        umoci("raw", "add-layer", "--image", image + ":t", f.toString());
        return f;
    }

    @Test
    void imageMadeByUmociWithDeletionsAndOpaqueDirsAppliesToTheTreeUmociUnpacks() throws Exception {
        Path bundle = tmp.resolve("work");
        umoci("unpack", "--image", image + ":t", bundle.toString());
        Path rootfs = bundle.resolve("rootfs");
        sh(rootfs, "mkdir -p etc d/sub keep bin; echo a > etc/a; echo b > etc/b; echo x > d/x; echo y > d/sub/y;"
                + " echo z > keep/z; echo old > keep/old; ln -s ../etc/b bin/b; ln etc/b etc/b-hard; chmod 4750 etc/b;"
                + " chown 1000:1000 etc/a; mkfifo keep/fifo");
        umoci("repack", "--image", image + ":t", bundle.toString());
        Path again = tmp.resolve("work2"); // repack diffs against the unpacked state, so unpack anew
        umoci("unpack", "--image", image + ":t", again.toString());
        sh(again.resolve("rootfs"), "rm etc/a; rm -r d; mkdir -p e; echo new > e/new; echo changed > keep/z");
        umoci("repack", "--image", image + ":t", again.toString());
        addLayer(new LayerTar().dir("keep").opaque("keep").file("keep/fresh", "fresh\n").bytes());
        List<OciLayout.Layer> layers = OciLayout.layers(image, "t");
        assertEquals(3, layers.size());
        assertTrue(layers.get(0).mediaType().endsWith("+gzip"), layers.get(0).mediaType());

        Map<String, String> expected = unpackedByUmoci("reference");
        assertTrue(expected.containsKey("e/new") && !expected.containsKey("etc/a") && !expected.containsKey("d")
                && !expected.containsKey("keep/z") && expected.containsKey("keep/fresh"), expected.toString());
        Path view = Files.createDirectories(tmp.resolve("view"));
        try (MountedOverlay m = OverlayMount.readOnly(Host.system().syscalls(), pull().stream().map(StoredLayer::diff).toList()).mountOn(view)) {
            assertEquals(expected, Trees.describe(view));
        }
    }

    @Test
    void layerDiffedByBerthIsAcceptedByUmociAndGivesTheSameTree() throws Exception {
        addLayer(SampleChanges.baseLayer());
        List<StoredLayer> stack = pull();
        Path upper = Files.createDirectories(tmp.resolve("upper"));
        Path merged = Files.createDirectories(tmp.resolve("merged"));
        Map<String, String> changed;
        try (MountedOverlay m = OverlayMount.of(Host.system().syscalls(), stack.stream().map(StoredLayer::diff).toList(), upper,
                Files.createDirectories(tmp.resolve("work"))).mountOn(merged)) {
            SampleChanges.make(merged);
            changed = Trees.describe(merged);
        }
        Path diff = tmp.resolve("diff.tar");
        DiffResult r;
        try (OutputStream out = Files.newOutputStream(diff)) {
            r = LayerDiff.create(Host.system()).ofUpper(upper, stack.stream().map(StoredLayer::diff).toList(), out);
        }
        assertEquals(LayerTar.sha256(Files.readAllBytes(diff)), r.diffId());
        umoci("raw", "add-layer", "--image", image + ":t", diff.toString());
        assertEquals(r.diffId(), OciLayout.layers(image, "t").get(1).diffId(), "umoci records the same diffID");
        assertEquals(changed, unpackedByUmoci("unpacked"));
    }
}
