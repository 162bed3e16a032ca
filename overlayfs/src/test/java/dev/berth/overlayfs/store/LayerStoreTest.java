package dev.berth.overlayfs.store;

import dev.berth.namespaces.host.Host;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.namespaces.testing.Leaks;
import dev.berth.namespaces.testing.RequiresRoot;
import dev.berth.overlayfs.LayerException;
import dev.berth.overlayfs.mount.MountedOverlay;
import dev.berth.overlayfs.mount.OverlayMount;
import dev.berth.overlayfs.testing.LayerTar;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The layer store on disk: content addressing, failures, concurrency across threads and JVMs, GC. */
@RequiresRoot("stores layers with their owners and mounts them")
class LayerStoreTest {
    @TempDir
    Path tmp;
    LayerStore store;
    byte[] base = new LayerTar().file("etc/os-release", "ID=base\n").file("bin/sh", "sh").bytes();
    byte[] child = new LayerTar().file("etc/os-release", "ID=child\n").whiteout("bin/sh").bytes();

    @BeforeEach
    void setUp() throws IOException {
        store = LayerStore.open(tmp.resolve("store"), Host.system());
    }

    static InputStream in(byte[] b) {
        return new ByteArrayInputStream(b);
    }

    static InputStream unreadable() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("the blob must not be read again");
            }
        };
    }

    List<String> names(String dir) throws IOException {
        try (Stream<Path> s = Files.list(store.root().resolve(dir))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /**
     * A child that names paths through its parent's symlink, hardlinks its parent's file and
     * adds under its parent's directory without an entry for it: applied onto the parent, the
     * merged view is what containerd gives, and the child's directory keeps the parent's mtime.
     */
    @Test
    void putAppliesAChildOntoItsParentsLayersAsContainerdDoes() throws IOException {
        byte[] parent = new LayerTar().mtime(1_500_000_000L).dir("usr").dir("usr/lib").file("usr/lib/foo", "foo").file("usr/lib/bar", "bar")
                .symlink("lib", "/usr/lib").file("bin/busybox", "bb").bytes();
        byte[] kid = new LayerTar().whiteout("lib/foo").file("lib/new", "new").hardlink("bin/sh", "bin/busybox").bytes();
        StoredLayer p = store.put(null, LayerTar.sha256(parent), null, in(parent));
        StoredLayer c = store.put(p.chainId(), LayerTar.sha256(kid), null, in(kid));
        Path view = Files.createDirectories(tmp.resolve("view"));
        try (MountedOverlay m = OverlayMount.readOnly(Host.system().syscalls(), store.stack(c.chainId()).stream().map(StoredLayer::shortPath).toList())
                .mountOn(view)) {
            assertTrue(Files.isSymbolicLink(view.resolve("lib")), "the parent's symlink stays");
            assertFalse(Files.exists(view.resolve("usr/lib/foo")));
            assertEquals("bar", Files.readString(view.resolve("usr/lib/bar")));
            assertEquals("new", Files.readString(view.resolve("usr/lib/new")));
            assertEquals("bb", Files.readString(view.resolve("bin/sh")));
            assertEquals(Files.getAttribute(view.resolve("bin/busybox"), "unix:ino"), Files.getAttribute(view.resolve("bin/sh"), "unix:ino"));
            assertEquals(1_500_000_000_000L, Files.getLastModifiedTime(view.resolve("usr/lib")).toMillis(),
                    "an implicit directory does not hide the parent's mtime");
        }
        assertEquals(List.of(), Leaks.mounts(tmp.toString()));
    }

    /** What a puller staging layers without their parents learns: which must be applied again onto them. */
    @Test
    void aStagedLayerSaysWhetherItDependsOnTheLayersBelow() throws IOException {
        byte[] whole = new LayerTar().dir("etc").file("etc/x", "x").symlink("lib", "usr/lib").bytes();
        byte[] implicit = new LayerTar().file("lib/x", "x").bytes();
        byte[] whiteout = new LayerTar().whiteout("lib/foo").bytes();
        try (StagedLayer a = store.stage(LayerTar.sha256(whole), null, in(whole));
                StagedLayer b = store.stage(LayerTar.sha256(implicit), null, in(implicit));
                StagedLayer c = store.stage(LayerTar.sha256(whiteout), null, in(whiteout))) {
            assertFalse(a.dependsOnLowers());
            assertTrue(b.dependsOnLowers());
            assertTrue(c.dependsOnLowers());
        }
    }

    @Test
    void putStoresByChainIdAndReturnsAStoredLayerWithoutReadingTheBlobAgain() throws IOException {
        StoredLayer b = store.put(null, LayerTar.sha256(base), null, in(LayerTar.gzip(base)));
        StoredLayer c = store.put(b.chainId(), LayerTar.sha256(child), null, in(child));
        assertEquals(ChainId.of(List.of(LayerTar.sha256(base), LayerTar.sha256(child))), c.chainId());
        assertEquals(b.chainId(), c.parent());
        assertEquals(store.root().resolve("layers").resolve(c.chainId().hex()).resolve("diff"), c.diff());
        assertEquals(child.length, c.size());
        assertEquals(c, store.put(b.chainId(), LayerTar.sha256(child), null, unreadable()));
        assertEquals(List.of(c, b), store.stack(c.chainId()));
        assertEquals(List.of(), names("tmp"));
    }

    @Test
    void shortPathsMountTheSameStack() throws IOException {
        StoredLayer b = store.put(null, LayerTar.sha256(base), null, in(base));
        StoredLayer c = store.put(b.chainId(), LayerTar.sha256(child), null, in(child));
        assertTrue(c.shortPath().toString().length() < c.diff().toString().length() - 50, c.shortPath().toString());
        Path view = Files.createDirectories(tmp.resolve("view"));
        try (MountedOverlay m = OverlayMount.readOnly(Host.system().syscalls(), store.stack(c.chainId()).stream().map(StoredLayer::shortPath).toList())
                .mountOn(view)) {
            assertEquals("ID=child\n", Files.readString(view.resolve("etc/os-release")));
            assertFalse(Files.exists(view.resolve("bin/sh")));
        }
        assertEquals(List.of(), Leaks.mounts(tmp.toString()));
    }

    @Test
    void digestMismatchLeavesTheStoreUnchanged() throws IOException {
        LayerException e = assertThrows(LayerException.class,
                () -> store.put(null, LayerTar.sha256(child), null, in(base)));
        assertTrue(e.getMessage().contains("diffID mismatch"), e.getMessage());
        assertEquals(List.of(), store.list());
        assertEquals(List.of(), names("layers"));
        assertEquals(List.of(), names("tmp"));
        assertEquals(List.of(), names("l"));
    }

    @Test
    void hostileLayerLeavesTheStoreUnchanged() throws IOException {
        // Resolved inside the root, the hardlink names a file the layer does not have: refused.
        byte[] evil = new LayerTar().symlink("x", "/etc").file("x/motd", "hi").hardlink("h", "x/../../etc/passwd").bytes();
        assertThrows(LayerException.class, () -> store.put(null, LayerTar.sha256(evil), null, in(evil)));
        assertEquals(List.of(), names("layers"));
        assertEquals(List.of(), names("tmp"));
    }

    @Test
    void childOfAMissingParentIsRefused() {
        ChainId missing = ChainId.ofBase(LayerTar.sha256(base));
        assertThrows(LayerException.class, () -> store.put(missing, LayerTar.sha256(child), null, in(child)));
    }

    @Test
    void manyThreadsPuttingTheSameLayersStoreEachOnce() throws Exception {
        List<byte[]> blobs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            blobs.add(new LayerTar().file("n", "layer " + i).bytes());
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<StoredLayer>> results = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            byte[] b = blobs.get(t % 4);
            results.add(pool.submit(() -> {
                go.await();
                return store.put(null, LayerTar.sha256(b), null, in(b));
            }));
        }
        go.countDown();
        Set<ChainId> ids = results.stream().map(f -> {
            try {
                return f.get(60, TimeUnit.SECONDS).chainId();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).collect(Collectors.toSet());
        pool.shutdown();
        assertEquals(4, ids.size());
        assertEquals(4, store.list().size());
        assertEquals(List.of(), names("tmp"));
    }

    Process worker(String mode, Path blob, String diffId) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), StoreWorker.class.getName(),
                mode, store.root().toString(), blob.toString(), diffId).redirectErrorStream(true).start();
    }

    @Test
    void severalJvmsPuttingTheSameLayerAtOnceAgreeOnOneCompleteLayer() throws Exception {
        LayerTar big = new LayerTar();
        for (int i = 0; i < 2000; i++) {
            big.file("d" + (i % 20) + "/f" + i, "content " + i);
        }
        byte[] tar = big.bytes();
        Path blob = Files.write(tmp.resolve("blob.tar.gz"), LayerTar.gzip(tar));
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ps.add(worker("put", blob, LayerTar.sha256(tar)));
        }
        for (Process p : ps) {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), out);
            assertEquals(LayerTar.sha256(tar), out.trim());
        }
        assertEquals(1, store.list().size());
        assertEquals(3, store.references(store.list().get(0).chainId()));
        try (Stream<Path> s = Files.list(store.list().get(0).diff())) {
            assertEquals(20, s.count());
        }
        assertEquals(List.of(), names("tmp"));
    }

    @Test
    void jvmKilledMidApplyLeavesNothingTakenAsCompleteAndGcSweepsIt() throws Exception {
        LayerTar big = new LayerTar();
        for (int i = 0; i < 200; i++) {
            big.file("f" + i, "x".repeat(1000));
        }
        byte[] tar = big.bytes();
        Path blob = Files.write(tmp.resolve("blob.tar"), tar);
        Process p = worker("stall", blob, LayerTar.sha256(tar));
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("applying", r.readLine());
            assertEquals(2, names("tmp").size(), "a staging directory and its lock");
        } finally {
            p.destroyForcibly().waitFor();
        }
        ChainId id = ChainId.ofBase(LayerTar.sha256(tar));
        assertTrue(store.get(id).isEmpty());
        assertEquals(List.of(), store.list());
        Files.createDirectories(store.root().resolve("layers").resolve(id.hex()).resolve("diff"));
        assertTrue(store.get(id).isEmpty(), "a layer directory without metadata is not complete");
        store.collectGarbage();
        assertEquals(List.of(), names("tmp"));
        assertEquals(List.of(), names("layers"));
        assertEquals(id, store.put(null, LayerTar.sha256(tar), null, in(tar)).chainId());
    }

    @Test
    void garbageCollectionKeepsReferencedChainsAndRemovesUnreferencedOnes() throws IOException {
        StoredLayer b = store.put(null, LayerTar.sha256(base), null, in(base));
        StoredLayer c = store.put(b.chainId(), LayerTar.sha256(child), null, in(child));
        store.retain(c.chainId(), "container one");
        store.retain(c.chainId(), "image/app:1.0");
        assertEquals(2, store.references(c.chainId()));
        assertEquals(0, store.references(b.chainId()));
        assertEquals(List.of(), store.collectGarbage(), "the base is kept because the child is built on it");
        store.release(c.chainId(), "container one");
        assertEquals(List.of(), store.collectGarbage());
        store.release(c.chainId(), "image/app:1.0");
        assertEquals(0, store.references(c.chainId()));
        assertEquals(Set.of(b.chainId(), c.chainId()), Set.copyOf(store.collectGarbage()));
        assertEquals(List.of(), store.list());
        assertEquals(List.of(), names("l"));
        assertEquals(List.of(), names("tmp"));
        assertThrows(LayerException.class, () -> store.retain(c.chainId(), "late"));
    }

    @Test
    void aReferenceChangeCutShortByAKillLeavesNoReferenceToAMissingLayer() throws IOException {
        StoredLayer b = store.put(null, LayerTar.sha256(base), null, in(base));
        StoredLayer c = store.put(null, LayerTar.sha256(child), null, in(child));
        store.retain(c.chainId(), "image/app:1.0");
        // What a JVM killed between two steps leaves: b's reference directory without its holder
        // (made, or emptied by a release, but not finished), and a half-written holder file of c.
        Files.createDirectories(tmp.resolve("store/refs").resolve(b.chainId().hex()));
        Files.writeString(tmp.resolve("store/refs").resolve(c.chainId().hex()).resolve(".partial-x"), "ima");
        assertEquals(0, store.references(b.chainId()));
        assertEquals(1, store.references(c.chainId()));
        assertEquals(Map.of(c.chainId(), List.of("image/app:1.0")), store.holders());
        assertEquals(List.of(b.chainId()), store.collectGarbage(), "an empty reference directory holds nothing");
        assertEquals(List.of(), store.check().problems());
        assertEquals(List.of(c.chainId().hex()), names("refs"));
        assertEquals(List.of("h-image%2Fapp%3A1.0"), names("refs/" + c.chainId().hex()));
    }

    @Test
    void garbageCollectionSparesALayerBeingAppliedInThisJvm() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        InputStream slow = new java.io.FilterInputStream(in(base)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                started.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                return super.read(b, off, len);
            }
        };
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<StoredLayer> put = pool.submit(() -> store.put(null, LayerTar.sha256(base), null, slow));
        assertTrue(started.await(30, TimeUnit.SECONDS));
        store.collectGarbage();
        release.countDown();
        assertEquals(ChainId.ofBase(LayerTar.sha256(base)), put.get(30, TimeUnit.SECONDS).chainId());
        pool.shutdown();
    }
}
