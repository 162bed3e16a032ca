package dev.berth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Containers of the copy ("vfs") storage driver: a copied root instead of an overlay, with the same lifecycle. */
class StorageDriverTest extends BusyboxContainers {

    @Test
    void aCopiedRootRunsCommitsRestartsAndCopiesOutLikeAnOverlay(@TempDir Path out) throws Exception {
        try (Berth vfs = Berth.builder().home(home).storageDriver(LayerStorage.VFS).build()) {
            assertEquals(LayerStorage.VFS, vfs.storageDriver());
            Image committed;
            try (Container c = vfs.container(IMAGE).user("root")
                    .command("sh", "-c", "echo copied > /srv/marker; rm /bin/vi; grep ' / / ' /proc/self/mountinfo | grep -c overlay")
                    .start()) {
                assertEquals("0\n", run(c), "the root is an overlay");
                assertTrue(Files.exists(c.directory().resolve("vfs/rootfs/srv/marker")));
                c.copyFileFrom("/srv/marker", out.resolve("marker"));
                assertEquals("copied\n", Files.readString(out.resolve("marker")));
                committed = c.commit("berth.test/vfs-committed:1");
                c.restart(Duration.ofSeconds(5));
                assertTrue(c.waitFor(Duration.ofSeconds(20)).isPresent());
                assertTrue(c.logs().contains("sh: can't create") || Files.exists(c.directory().resolve("vfs/rootfs/srv/marker")));
            }
            assertEquals(2, committed.layerCount());
            // The diff of a copied root carries the deletion as a whiteout, as an overlay's does.
            try (Container next = vfs.container(committed).command("sh", "-c", "cat /srv/marker; test -e /bin/vi || echo vi-gone").start()) {
                assertEquals("copied\nvi-gone\n", run(next));
            }
            try (Container ro = vfs.container(IMAGE).readOnlyRoot(true).workdir("/made/here")
                    .command("sh", "-c", "pwd; touch /x 2>/dev/null || echo read-only").start()) {
                assertEquals("/made/here\nread-only\n", run(ro));
            }
        }
        assertFalse(Files.exists(home.resolve("containers")) && Files.list(home.resolve("containers")).findAny().isPresent(),
                "a vfs container's directory stayed");
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> LayerStorage.of("btrfs"));
        assertEquals("unknown storage driver \"btrfs\": overlay, vfs or auto", unknown.getMessage());
    }
}
