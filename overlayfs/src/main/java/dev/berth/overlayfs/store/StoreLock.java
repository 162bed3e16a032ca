package dev.berth.overlayfs.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;

/**
 * A reader-writer lock over a lock file that holds across threads and across JVMs. Across JVMs it is a
 * {@link FileChannel#lock} (shared or exclusive); within this JVM, where the file lock is one per process,
 * a semaphore counts the shared holders, and the file is locked by the first and released by the last.
 * Shared holds may be released by a thread other than the one that took them. A thread that holds it
 * exclusively may take it exclusively again (the layer store's steps nest); only the outer hold releases it.
 * The image store, the network store and the layer store each lock with it.
 */
public final class StoreLock {
    private static final ConcurrentMap<Path, StoreLock> LOCKS = new ConcurrentHashMap<>();
    private static final int ALL = Integer.MAX_VALUE;

    /** A held lock; closing it releases it once. */
    public interface Hold extends AutoCloseable {
        @Override
        void close() throws IOException;
    }

    private final Path file;
    /** Shared holds per taking thread, to refuse an exclusive request that would wait on itself. */
    private final ConcurrentMap<Thread, Integer> sharedByThread = new ConcurrentHashMap<>();
    /** Non-fair on purpose: a thread may take a second shared hold while an exclusive request waits. */
    private final Semaphore permits = new Semaphore(ALL, false);
    private int sharedHolders;
    /** The thread that holds the lock exclusively, if one does. */
    private volatile Thread exclusiveOwner;
    private FileChannel channel;
    private FileLock fileLock;

    private StoreLock(Path file) {
        this.file = file;
    }

    /** The lock over {@code file} (made on first lock), one instance per file in this JVM. */
    public static StoreLock forFile(Path file) {
        return LOCKS.computeIfAbsent(file.toAbsolutePath().normalize(), StoreLock::new);
    }

    public Hold shared() throws IOException {
        permits.acquireUninterruptibly(1);
        try {
            synchronized (this) {
                if (sharedHolders == 0) {
                    lockFile(true);
                }
                sharedHolders++;
            }
        } catch (IOException | RuntimeException e) {
            permits.release(1);
            throw e;
        }
        Thread owner = Thread.currentThread();
        sharedByThread.merge(owner, 1, Integer::sum);
        return once(() -> {
            sharedByThread.computeIfPresent(owner, (t, n) -> n == 1 ? null : n - 1);
            try {
                synchronized (this) {
                    if (--sharedHolders == 0) {
                        unlockFile();
                    }
                }
            } finally {
                permits.release(1);
            }
        });
    }

    public Hold exclusive() throws IOException {
        if (exclusiveOwner == Thread.currentThread()) {
            return () -> { };
        }
        if (sharedByThread.containsKey(Thread.currentThread())) {
            throw new IllegalStateException("this thread holds a shared lock on " + file
                    + "; taking it exclusively would wait forever");
        }
        permits.acquireUninterruptibly(ALL);
        try {
            synchronized (this) {
                lockFile(false);
            }
        } catch (IOException | RuntimeException e) {
            permits.release(ALL);
            throw e;
        }
        return exclusiveHold();
    }

    /** Records this thread as the exclusive holder; the hold releases the file lock and then the permits. */
    private Hold exclusiveHold() {
        exclusiveOwner = Thread.currentThread();
        return once(() -> {
            exclusiveOwner = null;
            try {
                synchronized (this) {
                    unlockFile();
                }
            } finally {
                permits.release(ALL);
            }
        });
    }

    /** The exclusive lock if no one (in any JVM) holds the lock now; empty without waiting otherwise. */
    public Optional<Hold> tryExclusive() throws IOException {
        if (sharedByThread.containsKey(Thread.currentThread()) || !permits.tryAcquire(ALL)) {
            return Optional.empty();
        }
        try {
            synchronized (this) {
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                fileLock = channel.tryLock(0, Long.MAX_VALUE, false);
                if (fileLock == null) {
                    channel.close();
                    permits.release(ALL);
                    return Optional.empty();
                }
            }
        } catch (IOException | RuntimeException e) {
            channel.close();
            permits.release(ALL);
            throw e;
        }
        return Optional.of(exclusiveHold());
    }

    private void lockFile(boolean shared) throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            fileLock = channel.lock(0, Long.MAX_VALUE, shared);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw new IOException("cannot lock " + file + ": " + e.getMessage(), e);
        }
    }

    private void unlockFile() throws IOException {
        try {
            fileLock.release();
        } finally {
            channel.close();
        }
    }

    private static Hold once(Hold release) {
        return new Hold() {
            private boolean released;

            @Override
            public synchronized void close() throws IOException {
                if (!released) {
                    released = true;
                    release.close();
                }
            }
        };
    }
}
