package dev.berth.build;

import dev.berth.overlayfs.FileTrees;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.LoggerFactory;

/**
 * Removes the scratch directories of a build's steps ({@link BuildScratch}) on one background
 * thread. A step's upper directory holds everything its RUN wrote, and unlinking it costs about
 * as much as writing it (the file system frees every block): once the layer's diff has read it,
 * it is removed while the layer is applied into the layer store and the next steps run, instead
 * of before them. {@link #close()} waits for every removal, so a build still returns with its
 * scratch gone. A removal that fails is logged; the directory carries this JVM's name, so the
 * first {@code Berth.open()} after this JVM ends removes it ({@link BuildScratch#removeAbandoned}).
 */
final class ScratchRemoval implements AutoCloseable {
    private final Set<Path> submitted = new HashSet<>();
    private final List<Future<?>> removals = new ArrayList<>();
    private ExecutorService thread;

    /** Starts removing {@code dir} (a second call for the same directory does nothing). */
    synchronized void remove(Path dir) {
        if (!submitted.add(dir)) {
            return;
        }
        if (thread == null) {
            thread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "berth-build-scratch-removal");
                t.setDaemon(true);
                return t;
            });
        }
        removals.add(thread.submit(() -> {
            FileTrees.delete(dir);
            return null;
        }));
    }

    /** Waits until every directory given to {@link #remove} is gone (or its removal failed). */
    @Override
    public synchronized void close() {
        boolean interrupted = false;
        for (Future<?> f : removals) {
            while (true) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the removal runs on; wait for it all the same
                } catch (ExecutionException e) {
                    LoggerFactory.getLogger(ScratchRemoval.class).warn("cannot remove a build step's scratch directory",
                            e.getCause() instanceof IOException io ? io : e.getCause());
                    break;
                }
            }
        }
        removals.clear();
        submitted.clear();
        if (thread != null) {
            thread.shutdown();
            thread = null;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
