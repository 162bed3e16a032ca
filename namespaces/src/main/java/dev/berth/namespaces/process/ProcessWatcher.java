package dev.berth.namespaces.process;

import dev.berth.namespaces.linux.LinuxSyscalls;
import dev.berth.namespaces.linux.Syscalls;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * The one thread that watches every running process's report pipe with epoll, so the JVM's
 * thread count does not grow with the number of containers. It starts with the first watched
 * descriptor and ends after a second with none, so an idle JVM keeps no thread of Berth's.
 * Callbacks run on this thread and must not block.
 */
public final class ProcessWatcher {
    private static final ProcessWatcher SHARED = new ProcessWatcher(LinuxSyscalls.get());
    private static final int IDLE_MILLIS = 1000;

    /** What the watcher calls for one descriptor. */
    public interface Watch {
        /** The descriptor is readable or hung up; false ends the watch. */
        boolean onReadable();

        /**
         * The descriptor is no longer watched: only now may it be closed, since a closed number
         * can be reused at once by another launch that registers it again.
         */
        void onDone();
    }

    private final Syscalls sys;
    private final Map<Integer, Watch> watched = new HashMap<>();
    private int epfd = -1;
    private Thread thread;

    /** A watcher of its own over {@code sys} (tests use a recording one). */
    public ProcessWatcher(Syscalls sys) {
        this.sys = sys;
    }

    /** The watcher shared by every launcher in this JVM. */
    public static ProcessWatcher shared() {
        return SHARED;
    }

    /** Follows {@code fd} until {@code watch} says to stop. */
    public synchronized void watch(int fd, Watch watch) {
        if (epfd < 0) {
            epfd = sys.epollCreate();
        }
        if (watched.putIfAbsent(fd, watch) != null) {
            throw new IllegalStateException("descriptor " + fd + " is watched already");
        }
        try {
            sys.epollAdd(epfd, fd, Syscalls.EPOLLIN | Syscalls.EPOLLHUP | Syscalls.EPOLLERR);
        } catch (RuntimeException e) {
            watched.remove(fd); // not watched: the caller keeps the descriptor
            if (thread == null) {
                sys.close(epfd); // no thread will end it after its idle second
                epfd = -1;
            }
            throw e;
        }
        if (thread == null) {
            thread = new Thread(this::run, "berth-process-watcher");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** The number of descriptors watched now. */
    public synchronized int size() {
        return watched.size();
    }

    private void run() {
        int ep;
        synchronized (this) {
            ep = epfd;
        }
        long idleSince = System.nanoTime();
        while (true) {
            for (int fd : sys.epollWait(ep, 64, 200)) {
                Watch w;
                synchronized (this) {
                    w = watched.get(fd);
                }
                if (w != null && !readable(w)) {
                    synchronized (this) {
                        watched.remove(fd);
                        sys.epollDelete(ep, fd);
                    }
                    done(w);
                }
            }
            synchronized (this) {
                if (!watched.isEmpty()) {
                    idleSince = System.nanoTime();
                } else if (System.nanoTime() - idleSince > IDLE_MILLIS * 1_000_000L) {
                    // Nothing to watch for a while: end the thread; the next watch() starts one.
                    sys.close(epfd);
                    epfd = -1;
                    thread = null;
                    return;
                }
            }
        }
    }

    private static boolean readable(Watch w) {
        try {
            return w.onReadable();
        } catch (RuntimeException | Error e) {
            log(e);
            return false;
        }
    }

    private static void done(Watch w) {
        try {
            w.onDone();
        } catch (RuntimeException | Error e) {
            log(e);
        }
    }

    private static void log(Throwable e) {
        LoggerFactory.getLogger(ProcessWatcher.class).warn("process watcher callback failed", e);
    }
}
