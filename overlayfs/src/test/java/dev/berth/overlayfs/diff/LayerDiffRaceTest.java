package dev.berth.overlayfs.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.jna.Library;
import com.sun.jna.Native;
import dev.berth.namespaces.host.Host;
import dev.berth.namespaces.linux.LinuxSyscalls;
import dev.berth.namespaces.linux.SyscallException;
import dev.berth.namespaces.linux.Syscalls;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A container process races the commit: while the diff walks the upper (or the copied root), it
 * keeps swapping a directory, and a file, of its own for a symlink to a host directory (or file).
 * Nothing of the host may end up in a layer. Needs no root: the "upper" is a plain directory.
 */
class LayerDiffRaceTest {
    private static final int RUNS = 3000;
    private static final long MAX_NANOS = 20_000_000_000L;
    /** The content of the host's file, and the name of a file only the host directory holds. */
    private static final String HOST_SECRET = "HOST-SECRET-7f3a9c21";
    private static final String HOST_ONLY_NAME = "only-on-the-host-5d2e";

    @TempDir
    Path tmp;

    @Test
    void anUpperRacedBySymlinkSwapsGivesNothingOfTheHost() throws Exception {
        Path upper = Files.createDirectories(tmp.resolve("upper"));
        raced(upper, () -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            LayerDiff.create(Host.system()).ofUpper(upper, out);
            return out.toByteArray();
        });
    }

    @Test
    void aCopiedRootRacedBySymlinkSwapsGivesNothingOfTheHost() throws Exception {
        Path layer = Files.createDirectories(tmp.resolve("layer"));
        Files.writeString(layer.resolve("base"), "in the image");
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.writeString(root.resolve("base"), "in the image");
        raced(root, () -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            LayerDiff.create(Host.system()).ofCopy(List.of(layer), root, out);
            return out.toByteArray();
        });
    }

    /**
     * A fifo swapped in for a regular file between the walk's look at it and its read: opening
     * it would block the commit for as long as the container likes (a device node, which a root
     * container may make, would be opened on the host). Only what the descriptor was described as
     * is ever opened, so each diff finishes.
     */
    @Test
    void aFifoSwappedInForAFileIsNeverOpened() throws Exception {
        Path upper = Files.createDirectories(tmp.resolve("upper"));
        Files.writeString(upper.resolve("f"), "inner");
        Path fifo = upper.resolve("f.link");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor());
        Syscalls sys = LinuxSyscalls.get();
        AtomicBoolean stop = new AtomicBoolean();
        Thread swapper = new Thread(() -> {
            while (!stop.get()) {
                swap(upper, "f");
            }
        }, "fifo-swapper");
        swapper.start();
        ExecutorService diffs = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> runs = diffs.submit(() -> {
                int n = 0;
                for (long start = System.nanoTime(); n < RUNS && System.nanoTime() - start < MAX_NANOS; n++) {
                    LayerDiff.create(Host.system()).ofUpper(upper, OutputStream.nullOutputStream());
                }
                return n;
            });
            try {
                System.out.printf("fifo: %d diffs finished%n", runs.get(60, TimeUnit.SECONDS));
            } catch (TimeoutException e) {
                fail("a diff hung: it opened a fifo swapped in for a regular file");
            }
        } finally {
            stop.set(true);
            swapper.join();
            // A reader stuck in open(2) of the fifo is released by a writer's (non-blocking) open.
            for (Path p : List.of(upper.resolve("f"), fifo)) {
                try {
                    sys.close(sys.open(p.toString(), Syscalls.O_WRONLY | Syscalls.O_NONBLOCK | Syscalls.O_CLOEXEC, 0));
                } catch (SyscallException notTheFifo) {
                    // ENXIO: no reader left
                }
            }
            diffs.shutdownNow();
        }
    }

    interface Diff {
        byte[] run() throws IOException;
    }

    /**
     * {@code top/a/secret} and {@code top/f} are the container's; {@code host/secret} (and a
     * file named {@link #HOST_ONLY_NAME}) the host's. A racing thread swaps {@code a} with a
     * symlink to {@code host} and {@code f} with one to {@code host/secret}, by renameat2 RENAME_EXCHANGE, while
     * the diff runs repeatedly.
     */
    private void raced(Path top, Diff diff) throws Exception {
        Path host = Files.createDirectories(tmp.resolve("host"));
        Files.writeString(host.resolve("secret"), HOST_SECRET);
        Files.writeString(host.resolve(HOST_ONLY_NAME), HOST_SECRET);
        Path a = Files.createDirectories(top.resolve("a"));
        String inner = "inner-content-000000"; // as long as the host's secret, so that a read of it fits
        Files.writeString(a.resolve("secret"), inner);
        Files.writeString(top.resolve("f"), inner);
        Files.createSymbolicLink(top.resolve("a.link"), host);
        Files.createSymbolicLink(top.resolve("f.link"), host.resolve("secret"));

        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> swapFailed = new AtomicReference<>();
        Thread swapper = new Thread(() -> {
            try {
                while (!stop.get()) {
                    swap(top, "a");
                    swap(top, "f");
                }
            } catch (Throwable t) {
                swapFailed.set(t);
            }
        }, "symlink-swapper");
        swapper.start();
        int leaks = 0;
        int failures = 0;
        int runs = 0;
        List<String> unclear = new ArrayList<>();
        long start = System.nanoTime();
        try {
            while (runs < RUNS && System.nanoTime() - start < MAX_NANOS) {
                runs++;
                byte[] tar;
                try {
                    tar = diff.run();
                } catch (IOException | RuntimeException e) {
                    failures++;
                    if (!String.valueOf(e.getMessage()).contains("changed while it was being committed")) {
                        unclear.add(e.toString());
                    }
                    continue;
                }
                String text = new String(tar, StandardCharsets.ISO_8859_1);
                if (text.contains(HOST_SECRET) || text.contains(HOST_ONLY_NAME)) {
                    leaks++;
                }
            }
        } finally {
            stop.set(true);
            swapper.join();
        }
        assertEquals(null, swapFailed.get(), "the racing thread failed");
        System.out.printf("%s: %d runs: %d leaked the host's files, %d failed%n", top.getFileName(), runs, leaks, failures);
        assertEquals(0, leaks, leaks + " of " + runs + " diffs took host files into the layer");
        assertEquals(List.of(), unclear.subList(0, Math.min(3, unclear.size())),
                "a diff failed without saying that the tree changed while it was being committed");
        assertTrue(failures < runs, "every diff failed");
    }

    /**
     * {@code name} and the symlink {@code name.link} trade places, and back: renameat2(2) with
     * RENAME_EXCHANGE, so that {@code name} always exists and flips as fast as the kernel allows.
     */
    private static void swap(Path top, String name) {
        String real = top.resolve(name).toString();
        String link = top.resolve(name + ".link").toString();
        for (int i = 0; i < 2; i++) {
            if (Renames.INSTANCE.renameat2(AT_FDCWD, real, AT_FDCWD, link, RENAME_EXCHANGE) != 0) {
                throw new IllegalStateException("renameat2 RENAME_EXCHANGE " + real + ": errno " + Native.getLastError());
            }
        }
    }

    private static final int AT_FDCWD = -100;
    private static final int RENAME_EXCHANGE = 2;

    /** renameat2(2) of the C library (glibc 2.28 on). */
    interface Renames extends Library {
        Renames INSTANCE = Native.load("libc.so.6", Renames.class);

        int renameat2(int olddirfd, String oldpath, int newdirfd, String newpath, int flags);
    }
}
