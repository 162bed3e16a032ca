package dev.berth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.image.oci.RuntimeConfig;
import dev.berth.image.store.ImageStore;
import dev.berth.image.store.StoreLocation;
import dev.berth.namespaces.host.Host;
import dev.berth.namespaces.Namespace;
import dev.berth.namespaces.cgroup.FakeCgroups;
import dev.berth.namespaces.launch.RecordingHost;
import dev.berth.namespaces.launch.RecordingHost.LaunchedSpec;
import dev.berth.namespaces.linux.Errno;
import dev.berth.namespaces.linux.RecordingSyscalls;
import dev.berth.overlayfs.store.LayerStore;
import dev.berth.runtime.ImageLayers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decisions of a container start, made on a recording host without root: the start runs
 * as on a root host (its system calls recorded, the helper's side played by queued report lines,
 * cgroups on a fake cgroupfs), so what it would hand the kernel is checked, and a failure
 * injected at each system call in turn shows that a failed start leaves nothing behind.
 */
class ContainerStartRecordingTest {
    private static final String IMAGE = "berth.test/recorded:1";

    @TempDir
    static Path shared;
    @TempDir
    Path tmp;

    /** One image, stored and unpacked with the real host (plain file work, no root needed). */
    @BeforeAll
    static void storeAndUnpack() throws IOException {
        Path home = shared.resolve("home");
        RuntimeConfig config = new RuntimeConfig(null, Set.of(), List.of("PATH=/bin", "FROM_IMAGE=image"), null,
                List.of("sh"), null, "/", Map.of(), null, null, null, null, null);
        BusyboxImage.store(home, shared.resolve("scratch"), IMAGE, config, List.of());
        ImageStore images = ImageStore.open(StoreLocation.imageStore(home));
        ImageLayers.unpack(images, LayerStore.open(home.resolve("layers"), Host.system()), images.inspect(IMAGE));
    }

    /** A recording host where this start succeeds: the helper reports its start. */
    private static RecordingSyscalls started() {
        return new RecordingSyscalls().readingFilesThrough(Host.system().syscalls()).queueRead("S 4321 9\n");
    }

    private Berth berth(RecordingSyscalls sys, FakeCgroups cgroups) throws IOException {
        return berth(RecordingHost.of(sys, cgroups.cgroups()));
    }

    private Berth berth(Host host) throws IOException {
        // Each start gets a copy of the shared home (image and unpacked layer): what it leaves is its own.
        Path home = tmp.resolve("home");
        copyTree(shared.resolve("home"), home);
        return Berth.builder().home(home).runtimeDirectory(tmp.resolve("run")).storageDriver(LayerStorage.OVERLAY)
                .host(host).build();
    }

    @Test
    void aStartHandsTheHelperTheImagesCommandRootMountsAndNamespaces() throws IOException {
        RecordingSyscalls sys = started();
        FakeCgroups cgroups = FakeCgroups.pureV2(tmp.resolve("cgroupfs"));
        try (Berth berth = berth(sys, cgroups)) {
            Container c = berth.container(IMAGE).name("rec").hostname("box").env("FROM_CALLER", "x")
                    .tmpfs("/scratch").start();
            List<LaunchedSpec> specs = RecordingHost.specs(sys);
            assertEquals(1, specs.size(), sys.calls().toString());
            LaunchedSpec spec = specs.get(0);
            assertEquals(List.of("sh"), spec.args(), "the image's Cmd");
            assertEquals("box", spec.hostname());
            assertEquals(c.directory().resolve("merged").toString(), spec.root());
            // Targets are inside the new root; the overlay's source names its lower (the image's layer).
            List<String> mounts = spec.mounts();
            assertTrue(mounts.get(0).startsWith("overlay " + berth.home().resolve("layers")) && mounts.get(0).endsWith(" -> /"),
                    "the root first: " + mounts);
            assertTrue(mounts.contains("proc proc -> /proc"), mounts.toString());
            assertTrue(mounts.contains("tmpfs tmpfs -> /scratch"), "the caller's tmpfs: " + mounts);
            for (String etc : List.of("hostname", "hosts", "resolv.conf")) {
                assertTrue(mounts.contains(" " + c.directory().resolve("etc").resolve(etc) + " -> /etc/" + etc),
                        "the container's own /etc/" + etc + ": " + mounts);
            }
            assertTrue(mounts.indexOf("tmpfs tmpfs -> /scratch") < mounts.indexOf("  -> /proc/kcore"),
                    "masked paths last, over whatever was mounted: " + mounts);
            long flags = spec.namespaces();
            for (Namespace.Type t : List.of(Namespace.Type.MNT, Namespace.Type.UTS, Namespace.Type.IPC,
                    Namespace.Type.PID, Namespace.Type.NET)) {
                assertTrue((flags & t.cloneFlag()) != 0, t + " is new: 0x" + Long.toHexString(flags));
            }
            // Without limits too: the group carries the device policy.
            String group = "/sys/fs/cgroup/berth/berth-" + c.id().substring(0, 12);
            assertEquals(List.of(group), cgroups.groups());
            assertEquals(1, spec.cgroupProcs().size(), spec.cgroupProcs().toString());
            c.close();
            assertFalse(Files.exists(c.directory()), "removed on close");
            assertEquals(List.of(), cgroups.groups(), "its group with it");
        }
    }

    @Test
    void limitsPlaceTheContainerInItsOwnCgroupWhichCloseRemoves() throws IOException {
        RecordingSyscalls sys = started();
        FakeCgroups cgroups = FakeCgroups.pureV2(tmp.resolve("cgroupfs"));
        try (Berth berth = berth(sys, cgroups)) {
            Container c = berth.container(IMAGE).name("limited").memory(64L << 20).pids(32).start();
            String group = "/sys/fs/cgroup/berth/berth-" + c.id().substring(0, 12);
            assertEquals(List.of(group), cgroups.groups());
            assertTrue(cgroups.writes().contains(group.substring(1) + "/memory.max=" + (64L << 20)), cgroups.writes().toString());
            assertTrue(cgroups.writes().contains(group.substring(1) + "/pids.max=32"), cgroups.writes().toString());
            assertEquals(List.of(group + "/cgroup.procs"),
                    RecordingHost.specs(sys).get(0).cgroupProcs().stream()
                            .map(p -> p.substring(tmp.resolve("cgroupfs").toString().length())).toList(),
                    "the helper puts the process in its group before it runs");
            c.close();
            assertEquals(List.of(), cgroups.groups(), "the group goes with the container");
        }
    }

    @Test
    void hostNetworkSharesTheHostsNamespaceAndNoneGetsItsOwn() throws IOException {
        RecordingSyscalls sys = started().queueRead("S 4322 9\n");
        try (Berth berth = berth(sys, FakeCgroups.pureV2(tmp.resolve("cgroupfs")))) {
            Container host = berth.container(IMAGE).name("on-host").networkMode(NetworkMode.HOST).start();
            Container none = berth.container(IMAGE).name("alone").networkMode(NetworkMode.NONE).start();
            List<LaunchedSpec> specs = RecordingHost.specs(sys);
            long net = Namespace.Type.NET.cloneFlag();
            assertEquals(0, specs.get(0).namespaces() & net, "host: no network namespace of its own");
            assertEquals(net, specs.get(1).namespaces() & net, "none: a new, empty one");
            assertEquals(List.of(), specs.get(1).netns(), "none joins no prepared namespace");
            host.close();
            none.close();
        }
    }

    @Test
    void aConfigRuleFailureNamesItsStepBeforeAnythingIsMade() throws IOException {
        RecordingSyscalls sys = started();
        try (Berth berth = berth(sys, FakeCgroups.pureV2(tmp.resolve("cgroupfs")))) {
            ContainerException e = assertThrows(ContainerException.class,
                    () -> berth.container(IMAGE).name("nobody").user("nosuchuser").start());
            assertTrue(e.step().startsWith("resolve user"), e.step());
            assertEquals(List.of(), containerDirectories(berth));
            assertEquals(List.of(), sys.calls("spawn"), "nothing launched");
        }
    }

    /**
     * Fails each system call of one start in turn: every failure fails the start with a
     * {@link ContainerException} naming a step, and leaves no mount, descriptor, cgroup,
     * container directory or process behind.
     */
    @Test
    void aFailureAtAnySystemCallOfAStartLeavesNothingBehind() throws IOException {
        RecordingSyscalls clean = started();
        int calls;
        try (Berth berth = berth(clean, FakeCgroups.pureV2(tmp.resolve("counting")))) {
            Container c = berth.container(IMAGE).name("counted").memory(64L << 20).start();
            calls = clean.numberedCalls(); // the start's, not those of the close that follows
            c.close();
        }
        assertTrue(calls > 20, "a start makes system calls: " + clean.calls());
        List<String> steps = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            RecordingSyscalls sys = started().failAt(i, Errno.EIO);
            FakeCgroups cgroups = FakeCgroups.pureV2(tmp.resolve("cgroupfs-" + i));
            Host host = RecordingHost.of(sys, cgroups.cgroups());
            deleteTree(tmp.resolve("home"));
            try (Berth berth = berth(host)) {
                int at = i;
                Container c = null;
                try {
                    c = berth.container(IMAGE).name("walk-" + i).memory(64L << 20).start();
                } catch (ContainerException e) {
                    assertNotNull(e.step(), "call " + at);
                    steps.add(at + ":" + e.step());
                }
                if (c != null) {
                    // The failed call was one the start could do without (a hint, a close of a
                    // descriptor it no longer needed): it started; closing must still clean up.
                    steps.add(at + ":started");
                    try {
                        c.close();
                    } catch (RuntimeException e) {
                        // closing may meet the injected failure too; what is left is checked below
                    }
                }
                String where = "failure at call " + at + " (" + sys.calls().stream()
                        .filter(l -> l.contains(" = -EIO")).findFirst().orElse("?") + ")";
                assertEquals(List.of(), sys.mountedTargets(), where + ": mounts left");
                assertEquals(List.of(), cgroups.groups(), where + ": cgroups left");
                assertEquals(List.of(), containerDirectories(berth), where + ": container directories left");
                assertEquals(List.of(), descriptorsLeft(sys, host), where + ": descriptors left open; calls "
                        + sys.calls().stream().filter(l -> !l.startsWith("epoll_wait") && !l.startsWith("lgetxattr")).toList());
                assertEquals(succeeded(sys, "spawn"), succeeded(sys, "waitid") + succeeded(sys, "waitpid"),
                        where + ": a helper not reaped");
            }
        }
        assertTrue(steps.stream().anyMatch(s -> !s.endsWith(":started")), steps.toString());
        System.out.println("fault-injection walk over " + calls + " calls: " + steps);
    }

    /**
     * The descriptors still open, leaving out the launcher's lifeline, and waiting for the
     * process watcher to close its epoll descriptor (it does after a second with nothing to watch).
     */
    private static List<Integer> descriptorsLeft(RecordingSyscalls sys, Host host) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            List<Integer> left = new ArrayList<>(sys.openDescriptors());
            left.removeAll(RecordingHost.heldForTheJvm(host));
            if (left.isEmpty() || System.nanoTime() > deadline) {
                return left;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return left;
            }
        }
    }

    private static long succeeded(RecordingSyscalls sys, String call) {
        return sys.calls(call).stream().filter(l -> !l.contains(") = -")).count();
    }

    private static List<Path> containerDirectories(Berth berth) throws IOException {
        Path dir = berth.containersDirectory();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    // Owner-only, as Berth makes a home, so that opening it tightens nothing.
                    Files.createDirectories(target, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                            java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES,
                            java.nio.file.LinkOption.NOFOLLOW_LINKS);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
