package dev.berth.overlayfs.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The store's lock across threads and JVMs: a JVM-wide lock per store directory (a file lock
 * belongs to the whole JVM, so it cannot keep two threads of one JVM apart) around an
 * exclusive fcntl lock on {@code <root>/lock}. Held only for short bookkeeping steps, never while
 * a layer is applied.
 */
final class StoreLock {
    private static final Map<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();

    private final Path file;
    private final ReentrantLock local;

    StoreLock(Path file) {
        this.file = file.toAbsolutePath().normalize();
        this.local = IN_JVM.computeIfAbsent(this.file, k -> new ReentrantLock());
    }

    /** Holds the lock until the result is closed. */
    Held acquire() throws IOException {
        local.lock();
        if (local.getHoldCount() > 1) {
            return new Held(null, null);
        }
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            return new Held(ch, ch.lock());
        } catch (IOException | RuntimeException e) {
            if (ch != null) {
                ch.close();
            }
            local.unlock();
            throw e;
        }
    }

    /** A held lock. */
    final class Held implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;

        private Held(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        @Override
        public void close() throws IOException {
            try {
                if (lock != null) {
                    lock.release();
                    channel.close();
                }
            } finally {
                local.unlock();
            }
        }
    }
}
