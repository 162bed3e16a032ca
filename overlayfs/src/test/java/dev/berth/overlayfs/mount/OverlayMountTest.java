package dev.berth.overlayfs.mount;

import dev.berth.namespaces.host.Host;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.namespaces.launch.ProcessSpec;
import dev.berth.namespaces.testing.BusyboxRootfs;
import dev.berth.namespaces.testing.Leaks;
import dev.berth.namespaces.testing.Ran;
import dev.berth.namespaces.testing.RequiresRoot;
import dev.berth.overlayfs.apply.LayerApplier;
import dev.berth.overlayfs.testing.LayerTar;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real overlay mounts as root: deep stacks, whiteouts and opaque directories, the launcher's mount. */
@RequiresRoot("mounts overlays")
class OverlayMountTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void setUp() {
    }

    @AfterEach
    void noMountLeftBehind() throws IOException {
        assertEquals(List.of(), Leaks.mounts(tmp.toString()));
    }

    /** 200 layer directories with store-like long paths; layer i holds f{i} and "shared" = i. */
    List<Path> deepStack() throws IOException {
        List<Path> lowers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Path d = Files.createDirectories(tmp.resolve("layers").resolve(String.format("%064x", i)).resolve("diff"));
            Files.writeString(d.resolve("f" + i), "x");
            Files.writeString(d.resolve("shared"), Integer.toString(i));
            lowers.add(d);
        }
        return lowers;
    }

    void assertDeepStackMerged(OverlayMount overlay) throws IOException {
        Path merged = Files.createDirectories(tmp.resolve("merged"));
        try (MountedOverlay m = overlay.mountOn(merged)) {
            try (Stream<Path> s = Files.list(merged)) {
                assertEquals(201, s.count());
            }
            assertEquals("0", Files.readString(merged.resolve("shared")), "the first lower is the highest");
            assertTrue(Files.exists(merged.resolve("f199")));
        }
    }

    @Test
    void mountsTwoHundredLowersWithLowerdirPlus() throws IOException {
        List<Path> lowers = deepStack();
        assertTrue(String.join(":", lowers.stream().map(Path::toString).toList()).length() > 4096,
                "the plain option string would not fit in a page");
        assertDeepStackMerged(OverlayMount.readOnly(Host.system().syscalls(), lowers));
    }

    @Test
    void mountsTwoHundredLowersWithShortRelativePathsOnTheOldApi() throws IOException {
        assertDeepStackMerged(OverlayMount.readOnly(Host.system().syscalls(), deepStack()).legacyApi(true));
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertFalse(s.anyMatch(p -> p.getFileName().toString().startsWith("berth-lowers-")
                    && p.toFile().lastModified() > System.currentTimeMillis() - 60_000), "temporary links removed");
        }
    }

    @Test
    void writableOverlayPutsChangesInTheUpperOnBothApis() throws IOException {
        for (boolean legacy : new boolean[] {false, true}) {
            Path base = Files.createDirectories(tmp.resolve("base" + legacy));
            Files.writeString(base.resolve("a"), "lower");
            Path upper = Files.createDirectories(tmp.resolve("upper" + legacy));
            Path work = Files.createDirectories(tmp.resolve("work" + legacy));
            Path merged = Files.createDirectories(tmp.resolve("merged" + legacy));
            try (MountedOverlay m = OverlayMount.of(Host.system().syscalls(), List.of(base), upper, work).legacyApi(legacy).mountOn(merged)) {
                Files.writeString(merged.resolve("a"), "changed");
                Files.delete(merged.resolve("a"));
                Files.writeString(merged.resolve("b"), "new");
            }
            assertEquals("lower", Files.readString(base.resolve("a")));
            assertEquals("new", Files.readString(upper.resolve("b")));
            assertEquals("chardev 0000 0:0 0", dev.berth.overlayfs.testing.Trees.describeOne(upper.resolve("a")),
                    "the deletion is a whiteout in the upper");
        }
    }

    static void apply(LayerApplier applier, LayerTar tar, Path dir) throws IOException {
        applier.apply(new ByteArrayInputStream(tar.bytes()), null, dir, null);
    }

    @Test
    void appliedWhiteoutsAndOpaqueDirectoriesHideLowerEntries() throws IOException {
        Path base = tmp.resolve("l0");
        Path top = tmp.resolve("l1");
        apply(LayerApplier.create(Host.system()), new LayerTar().file("gone", "x").file("keep", "k").file("d/x", "x").file("d/y", "y")
                .file("e/x", "x"), base);
        apply(LayerApplier.create(Host.system()), new LayerTar().whiteout("gone").dir("d").opaque("d").file("d/z", "z")
                .whiteout("e/x").file("mine", "m").whiteout("mine").whiteout("also").file("also", "a"), top);
        assertEquals("chardev 0000 0:0 0", dev.berth.overlayfs.testing.Trees.describeOne(top.resolve("gone")));
        assertEquals("y", new String(dev.berth.namespaces.linux.LinuxSyscalls.get()
                .lgetxattr(top.resolve("d").toString(), "trusted.overlay.opaque")));
        Path merged = Files.createDirectories(tmp.resolve("merged"));
        try (MountedOverlay m = OverlayMount.readOnly(Host.system().syscalls(), List.of(top, base)).mountOn(merged)) {
            assertFalse(Files.exists(merged.resolve("gone")));
            assertEquals("k", Files.readString(merged.resolve("keep")));
            assertEquals(List.of("z"), names(merged.resolve("d")), "an opaque directory hides the lower's entries");
            assertEquals(List.of(), names(merged.resolve("e")));
            assertEquals("m", Files.readString(merged.resolve("mine")), "a whiteout never hides its own layer's entry");
            assertEquals("a", Files.readString(merged.resolve("also")));
        }
    }

    @Test
    void directoryDeletedAndRecreatedInOneLayerHidesTheLowerContentInEitherOrder() throws IOException {
        Path base = tmp.resolve("l0");
        Path top = tmp.resolve("l1");
        apply(LayerApplier.create(Host.system()), new LayerTar().file("a/old", "o").file("b/old", "o"), base);
        apply(LayerApplier.create(Host.system()), new LayerTar().whiteout("a").dir("a").file("a/new", "n")
                .dir("b").file("b/new", "n").whiteout("b"), top);
        Path merged = Files.createDirectories(tmp.resolve("merged"));
        try (MountedOverlay m = OverlayMount.readOnly(Host.system().syscalls(), List.of(top, base)).mountOn(merged)) {
            assertEquals(List.of("new"), names(merged.resolve("a")));
            assertEquals(List.of("new"), names(merged.resolve("b")));
        }
    }

    @Test
    void userXattrLayersWorkOnAUserxattrOverlay() throws IOException {
        Path base = tmp.resolve("l0");
        Path top = tmp.resolve("l1");
        LayerApplier user = LayerApplier.builder(Host.system()).userXattr(true).build();
        apply(user, new LayerTar().file("d/x", "x"), base);
        apply(user, new LayerTar().dir("d").opaque("d").file("d/z", "z"), top);
        assertEquals("y", new String(dev.berth.namespaces.linux.LinuxSyscalls.get()
                .lgetxattr(top.resolve("d").toString(), "user.overlay.opaque")));
        Path merged = Files.createDirectories(tmp.resolve("merged"));
        try (MountedOverlay m = OverlayMount.readOnly(Host.system().syscalls(), List.of(top, base)).userXattr(true).mountOn(merged)) {
            assertEquals(List.of("z"), names(merged.resolve("d")));
        }
    }

    @Test
    void launcherMountsTheStackInsideTheContainerAndLeavesNoHostMount() throws Exception {
        Path busybox = BusyboxRootfs.create(tmp.resolve("busybox"));
        Path app = tmp.resolve("app");
        apply(LayerApplier.create(Host.system()), new LayerTar().file("etc/greeting", "hello from a layer\n").whiteout("bin/ls"), app);
        Path upper = Files.createDirectories(tmp.resolve("upper"));
        Path work = Files.createDirectories(tmp.resolve("work"));
        Path mp = Files.createDirectories(tmp.resolve("rootfs"));
        OverlayMount overlay = OverlayMount.of(Host.system().syscalls(), List.of(app, busybox), upper, work);
        Ran r = Ran.run(ProcessSpec.builder("sh", "-c", "cat /etc/greeting; test -e /bin/ls || echo no-ls; echo w > /new")
                .rootfs(overlay.rootFs(mp)).build());
        assertEquals("hello from a layer\nno-ls\n", r.stdout(), r.toString());
        assertEquals("w\n", Files.readString(upper.resolve("new")));
        assertEquals(List.of(), Leaks.mounts(mp.toString()));
        assertEquals("overlay", overlay.mount("/").fstype());
    }

    static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
