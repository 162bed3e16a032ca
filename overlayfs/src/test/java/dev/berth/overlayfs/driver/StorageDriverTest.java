package dev.berth.overlayfs.driver;

import dev.berth.namespaces.host.Host;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.namespaces.launch.ProcessSpec;
import dev.berth.namespaces.linux.Errno;
import dev.berth.namespaces.linux.LinuxSyscalls;
import dev.berth.namespaces.linux.SyscallException;
import dev.berth.namespaces.linux.Syscalls;
import dev.berth.namespaces.testing.BusyboxRootfs;
import dev.berth.namespaces.testing.Leaks;
import dev.berth.namespaces.testing.Ran;
import dev.berth.namespaces.testing.RequiresRoot;
import dev.berth.overlayfs.apply.LayerApplier;
import dev.berth.overlayfs.diff.DiffResult;
import dev.berth.overlayfs.diff.LayerDiff;
import dev.berth.overlayfs.mount.MountedOverlay;
import dev.berth.overlayfs.mount.OverlayMount;
import dev.berth.overlayfs.testing.LayerTar;
import dev.berth.overlayfs.testing.SampleChanges;
import dev.berth.overlayfs.testing.Trees;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both drivers on real layers: the same merged tree, the same round trip, and the automatic choice. */
@RequiresRoot("mounts overlays")
class StorageDriverTest {
    @TempDir
    Path tmp;
    Path base;
    Path top;

    @BeforeEach
    void setUp() throws IOException {
        base = tmp.resolve("l0");
        top = tmp.resolve("l1");
        LayerApplier.create(Host.system()).apply(new ByteArrayInputStream(SampleChanges.baseLayer()), null, base, null);
        LayerApplier.create(Host.system()).apply(new ByteArrayInputStream(new LayerTar().whiteout("etc/hostname").dir("d").opaque("d")
                .file("d/new", "n").file("bin/extra", "e").bytes()), null, top, null);
    }

    @AfterEach
    void noMountLeftBehind() throws IOException {
        assertEquals(List.of(), Leaks.mounts(tmp.toString()));
    }

    @Test
    void copyDriverMaterialisesExactlyWhatTheOverlayShows() throws IOException {
        Path view = Files.createDirectories(tmp.resolve("view"));
        Map<String, String> overlay;
        try (MountedOverlay m = OverlayMount.readOnly(Host.system().syscalls(), List.of(top, base)).mountOn(view)) {
            overlay = Trees.describe(view);
        }
        ContainerRoot copy = StorageDriver.copy(Host.system()).create(List.of(top, base), tmp.resolve("c"));
        assertEquals(overlay, Trees.describe(copy.mount()));
        assertEquals(Files.readAttributes(base.resolve("bin/tool"), "unix:ino"),
                Files.readAttributes(base.resolve("bin/tool2"), "unix:ino"));
        assertEquals(Files.getAttribute(copy.mount().resolve("bin/tool"), "unix:ino"),
                Files.getAttribute(copy.mount().resolve("bin/tool2"), "unix:ino"), "hardlinks stay hardlinks");
        copy.remove();
        assertFalse(Files.exists(tmp.resolve("c")));
    }

    void roundTrip(StorageDriver driver) throws IOException {
        ContainerRoot root = driver.create(List.of(top, base), tmp.resolve("container"));
        Map<String, String> changed;
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        try {
            Path view = root.mount();
            SampleChanges.make(view);
            changed = Trees.describe(view);
            root.unmount();
            DiffResult r = root.diff(LayerDiff.create(Host.system()), tar);
            assertEquals(LayerTar.sha256(tar.toByteArray()), r.diffId());
        } finally {
            root.remove();
        }
        Path layer = tmp.resolve("diff");
        LayerApplier.create(Host.system()).apply(new ByteArrayInputStream(tar.toByteArray()), null, layer, null);
        ContainerRoot again = StorageDriver.copy(Host.system()).create(List.of(layer, top, base), tmp.resolve("again"));
        assertEquals(changed, Trees.describe(again.mount()), driver.name() + ": base + diff is the changed tree");
        again.remove();
    }

    @Test
    void overlayDriverRoundTripGivesTheChangedTree() throws IOException {
        roundTrip(StorageDriver.overlay(Host.system()));
    }

    @Test
    void copyDriverRoundTripByComparisonGivesTheChangedTree() throws IOException {
        roundTrip(StorageDriver.copy(Host.system()));
    }

    @Test
    void unchangedCopyDiffsToAnEmptyLayer() throws IOException {
        ContainerRoot root = StorageDriver.copy(Host.system()).create(List.of(top, base), tmp.resolve("c"));
        DiffResult r = root.diff(LayerDiff.create(Host.system()), new ByteArrayOutputStream());
        assertEquals(0, r.entries());
        root.remove();
    }

    @Test
    void detectChoosesOverlayWhenItMounts() {
        assertEquals("overlay", StorageDriver.detect(Host.system(), tmp.resolve("scratch")).name());
        assertEquals("vfs", StorageDriver.named(Host.system(), "vfs", tmp).name());
        assertThrows(IllegalArgumentException.class, () -> StorageDriver.named(Host.system(), "aufs", tmp));
    }

    @Test
    void detectFallsBackToTheCopyDriverWhenAnOverlayCannotBeMounted() throws IOException {
        Set<String> refused = Set.of("fsopen", "mount");
        Syscalls noOverlay = (Syscalls) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Syscalls.class},
                (proxy, method, args) -> {
                    if (refused.contains(method.getName())) {
                        throw new SyscallException(method.getName(), "overlay", Errno.EPERM);
                    }
                    try {
                        return method.invoke(LinuxSyscalls.get(), args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        Host host = Host.of(noOverlay, Host.system().watcher(), Host.system().cgroups(), Host.system().launcher());
        StorageDriver d = OverlayDriver.detect(host, tmp.resolve("scratch"));
        assertEquals("vfs", d.name());
        try (var s = Files.list(tmp.resolve("scratch"))) {
            assertEquals(0, s.count(), "the probe leaves nothing behind");
        }
    }

    @Test
    void bothDriversGiveTheLauncherARootItRuns() throws Exception {
        Path busybox = BusyboxRootfs.create(tmp.resolve("busybox"));
        Path app = tmp.resolve("app");
        LayerApplier.create(Host.system()).apply(new ByteArrayInputStream(new LayerTar().file("etc/greeting", "hi\n").bytes()), null, app, null);
        for (StorageDriver d : List.of(StorageDriver.overlay(Host.system()), StorageDriver.copy(Host.system()))) {
            ContainerRoot root = d.create(List.of(app, busybox), tmp.resolve("run-" + d.name()));
            try {
                Ran r = Ran.run(ProcessSpec.builder("cat", "/etc/greeting").rootfs(root.rootFs()).build());
                assertEquals("hi\n", r.stdout(), d.name() + ": " + r);
            } finally {
                root.remove();
            }
        }
    }
}
