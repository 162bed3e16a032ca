package dev.berth.overlayfs.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one store lock of the image, network and layer stores: shared holds, exclusive holds, nesting. */
class StoreLockTest {
    @TempDir
    Path dir;

    @Test
    void oneInstancePerFileAndSharedHoldsKeepExclusiveOut() throws Exception {
        StoreLock lock = StoreLock.forFile(dir.resolve("lock"));
        assertSame(lock, StoreLock.forFile(dir.resolve("./lock")));
        try (StoreLock.Hold a = lock.shared(); StoreLock.Hold b = lock.shared()) {
            Optional<StoreLock.Hold> none = CompletableFuture.supplyAsync(() -> {
                try {
                    return lock.tryExclusive();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).get(30, TimeUnit.SECONDS);
            assertFalse(none.isPresent());
            assertThrows(IllegalStateException.class, lock::exclusive, "this thread would wait on itself");
        }
        Optional<StoreLock.Hold> idle = lock.tryExclusive();
        assertTrue(idle.isPresent());
        idle.get().close();
    }

    @Test
    void theExclusiveHolderMayTakeItAgainAndOnlyTheOuterHoldReleases() throws Exception {
        StoreLock lock = StoreLock.forFile(dir.resolve("lock"));
        try (StoreLock.Hold outer = lock.exclusive()) {
            try (StoreLock.Hold inner = lock.exclusive()) {
                assertFalse(otherThreadGetsIt(lock));
            }
            assertFalse(otherThreadGetsIt(lock), "closing the nested hold must not release the lock");
        }
        assertTrue(otherThreadGetsIt(lock));
    }

    private static boolean otherThreadGetsIt(StoreLock lock) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            try {
                Optional<StoreLock.Hold> hold = lock.tryExclusive();
                if (hold.isPresent()) {
                    hold.get().close();
                }
                return hold.isPresent();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).get(30, TimeUnit.SECONDS);
    }
}
