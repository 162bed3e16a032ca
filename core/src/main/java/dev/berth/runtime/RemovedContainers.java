package dev.berth.runtime;

import dev.berth.overlayfs.FileTrees;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;

/**
 * The directories of removed containers, deleted off the remover's path. {@code docker rm}
 * takes a container's directory out of the store with one rename into
 * {@code BERTH_HOME/containers-removed/}, so that every JVM on the home sees it gone at once (its
 * name free, nothing listed, no state to read), and a background thread deletes the tree, whose
 * writable layer may hold any number of files. What is still pending when this JVM ends is
 * deleted by {@link #close()} (Berth's close and shutdown hook); after a crash, by the next
 * {@code Berth.open()} ({@link #sweep()}). The move is within the home's file system; where it
 * cannot be atomic, the directory is deleted in place, at once, as before.
 */
public final class RemovedContainers implements AutoCloseable {
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final Path trash;
    private ExecutorService deleter; // guarded by this
    private boolean closed; // guarded by this

    /** The removed-container directories of the home {@code home}. */
    public RemovedContainers(Path home) {
        this.trash = home.resolve("containers-removed");
    }

    /** Where removed directories wait to be deleted. */
    public Path directory() {
        return trash;
    }

    /**
     * Takes {@code dir} out of the store now and deletes it in the background (at once once
     * closed). Fails, leaving it in place, only if it can be neither moved nor deleted.
     */
    public void remove(ContainerDirectory dir) throws IOException {
        Path root = dir.root();
        if (!Files.exists(root)) {
            return;
        }
        Path aside;
        try {
            dev.berth.image.store.PrivateDirectories.create(trash); // owner-only, as the whole home
            aside = trash.resolve(root.getFileName() + "." + ProcessHandle.current().pid() + "." + SEQUENCE.incrementAndGet());
            Files.move(root, aside, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            dir.delete();
            return;
        }
        deleteLater(aside);
    }

    private void deleteLater(Path aside) throws IOException {
        synchronized (this) {
            if (!closed) {
                if (deleter == null) {
                    deleter = Executors.newSingleThreadExecutor(r -> {
                        Thread t = new Thread(r, "berth-removed-containers");
                        t.setDaemon(true); // close() finishes its work at exit
                        return t;
                    });
                }
                deleter.execute(() -> deleteQuietly(aside));
                return;
            }
        }
        FileTrees.delete(aside); // closed: nobody would delete it later in this JVM
    }

    private static void deleteQuietly(Path p) {
        try {
            FileTrees.delete(p);
        } catch (IOException | RuntimeException e) {
            // Another JVM's sweep may be deleting it too; what is left goes at the next open.
            LoggerFactory.getLogger(RemovedContainers.class).debug("cannot delete {} now", p, e);
        }
    }

    /** Deletes what earlier JVMs left in the trash (they crashed before deleting it); returns what it deleted. */
    public List<Path> sweep() {
        List<Path> deleted = new ArrayList<>();
        if (!Files.isDirectory(trash)) {
            return deleted;
        }
        List<Path> left;
        try (Stream<Path> s = Files.list(trash)) {
            left = s.toList();
        } catch (IOException e) {
            return deleted;
        }
        for (Path p : left) {
            if (!ownedByLiveProcess(p)) {
                deleteQuietly(p);
                deleted.add(p);
            }
        }
        return deleted;
    }

    /** Whether {@code p} was moved aside by a process that still runs (its own deleter has it). */
    private static boolean ownedByLiveProcess(Path p) {
        String[] parts = p.getFileName().toString().split("\\.");
        if (parts.length != 3) {
            return false;
        }
        try {
            long pid = Long.parseLong(parts[1]);
            return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Finishes the deletions still pending, then deletes at once from now on (Berth's close, JVM exit). */
    @Override
    public void close() {
        ExecutorService d;
        synchronized (this) {
            closed = true;
            d = deleter;
            deleter = null;
        }
        if (d == null) {
            return;
        }
        d.shutdown();
        try {
            if (!d.awaitTermination(1, TimeUnit.MINUTES)) {
                LoggerFactory.getLogger(RemovedContainers.class).warn("removed containers in {} are still being deleted;"
                        + " the next Berth.open() finishes", trash);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
