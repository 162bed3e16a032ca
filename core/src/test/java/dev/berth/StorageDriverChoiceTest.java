package dev.berth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** "auto"'s choice of storage driver is kept per home and kernel, and chosen again otherwise. */
class StorageDriverChoiceTest {
    @TempDir
    Path home;

    private static String kernel() throws Exception {
        return Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim();
    }

    @Test
    void aRecordedChoiceIsReadBackForThisKernelOnly() throws Exception {
        StorageDriverChoice choice = new StorageDriverChoice(home);
        assertEquals(Optional.empty(), choice.recorded());
        choice.record("vfs");
        assertEquals("vfs " + kernel() + "\n", Files.readString(home.resolve("storage-driver")));
        assertEquals(Optional.of("vfs"), choice.recorded());
        try (var left = Files.list(home)) {
            assertEquals(1, left.count(), "a temporary file was left");
        }
        Files.writeString(home.resolve("storage-driver"), "overlay 2.6.32-other\n");
        assertEquals(Optional.empty(), choice.recorded(), "chosen on another kernel");
        for (String bad : new String[] {"", "zfs " + kernel(), "overlay", "overlay " + kernel() + " extra", "\0\0"}) {
            Files.writeString(home.resolve("storage-driver"), bad);
            assertEquals(Optional.empty(), choice.recorded(), "record '" + bad + "'");
        }
    }

    @Test
    void anOpenUsesTheRecordedChoiceAndChoosesAgainOnAnotherKernel() throws Exception {
        // vfs where overlay works (this host): only the record can have chosen it.
        Files.writeString(home.resolve("storage-driver"), "vfs " + kernel() + "\n");
        try (Berth berth = Berth.builder().home(home).build()) {
            assertEquals(LayerStorage.VFS, berth.storageDriver());
        }
        Files.writeString(home.resolve("storage-driver"), "vfs 2.6.32-other\n");
        try (Berth berth = Berth.builder().home(home).build()) {
            String chosen = berth.storageDriver() == LayerStorage.OVERLAY ? "overlay" : "vfs";
            assertEquals(chosen + " " + kernel() + "\n", Files.readString(home.resolve("storage-driver")));
        }
    }
}
