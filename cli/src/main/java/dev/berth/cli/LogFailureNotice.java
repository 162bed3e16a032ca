package dev.berth.cli;

import dev.berth.Container;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Prints one line on stderr when the stage-1 helper of a container this command is attached to
 * stops writing its log (a full disk): the helper records that in the log's writer marker,
 * which is looked at every {@value #INTERVAL_MS} ms and once more at the end.
 */
final class LogFailureNotice implements AutoCloseable {
    private static final long INTERVAL_MS = 200;

    private final Container container;
    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread watcher;
    private boolean told; // guarded by this

    private LogFailureNotice(Container container) {
        this.container = container;
        this.watcher = new Thread(this::watch, "berth-log-failure");
        watcher.setDaemon(true);
    }

    /** Starts watching {@code container}'s log. */
    static LogFailureNotice watch(Container container) {
        LogFailureNotice notice = new LogFailureNotice(container);
        notice.watcher.start();
        return notice;
    }

    private void watch() {
        try {
            while (!done.await(INTERVAL_MS, TimeUnit.MILLISECONDS) && !check()) {
                // until told or closed
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Prints the line if the log has failed and it was not printed yet; true once printed. */
    private synchronized boolean check() {
        if (!told) {
            container.log().writeFailure().ifPresent(failure -> {
                System.err.println("berth: the log of container " + container.name() + " is no longer written: " + failure);
                told = true;
            });
        }
        return told;
    }

    /** Stops watching, after a last look (the log may have failed after the previous one). */
    @Override
    public void close() throws InterruptedException {
        done.countDown();
        watcher.join();
        check();
    }
}
