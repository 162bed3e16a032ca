package dev.berth.registry;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Flushes written data to stable storage on a daemon thread while a pull still downloads, ahead of
 * the one sync that makes the pull durable. A flush reaches the device (or the VM host) for every
 * write completed before it, not only the file's; its cost grows with what was written since the
 * last one (on the bench machine of #20 about 20 ms plus 0.6 ms per MB: 140 ms for the 200 MB of a
 * 100 MB pull's blobs and layers, all left to the final sync before). Flushed along the way, the
 * final sync finds little left. Only an optimisation: it changes nothing about what is durable
 * when, and a failed flush is ignored (the final sync reports real errors).
 */
final class FlushAhead {
    private static final AtomicBoolean BUSY = new AtomicBoolean();
    private static final ExecutorService THREAD = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "berth-flush-ahead");
        t.setDaemon(true);
        return t;
    });

    private FlushAhead() {
    }

    /**
     * Starts an fdatasync of {@code file} in the background, unless one is still under way (it
     * then covers most of this one's data, and the next request the rest).
     */
    static void request(Path file) {
        if (!BUSY.compareAndSet(false, true)) {
            return;
        }
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ); // opened now: the file may be renamed meanwhile
        } catch (IOException | RuntimeException e) {
            BUSY.set(false);
            return;
        }
        THREAD.execute(() -> {
            try (FileChannel c = ch) {
                c.force(false);
            } catch (IOException e) {
                // the final sync writes it all the same, and reports what fails
            } finally {
                BUSY.set(false);
            }
        });
    }
}
