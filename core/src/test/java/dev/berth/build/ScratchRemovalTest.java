package dev.berth.build;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Step scratch directories are removed in the background, and gone once the removal is closed. */
class ScratchRemovalTest {
    @TempDir
    Path tmp;

    @Test
    void closeReturnsOnceEveryDirectoryGivenIsGone() throws Exception {
        Path a = tree("a", 40);
        Path b = tree("b", 3);
        Path keep = tree("keep", 2);
        try (ScratchRemoval removal = new ScratchRemoval()) {
            removal.remove(a);
            removal.remove(b);
            removal.remove(a); // a second request for the same directory is no second removal
        }
        assertFalse(Files.exists(a), "a removed");
        assertFalse(Files.exists(b), "b removed");
        assertTrue(Files.isRegularFile(keep.resolve("d0/f")), "a directory not given stays");
    }

    @Test
    void aRemovalThatFailsDoesNotFailClose() throws Exception {
        Path gone = tmp.resolve("never-made");
        ScratchRemoval removal = new ScratchRemoval();
        removal.remove(gone);
        removal.close(); // nothing to remove: nothing thrown
        removal.close(); // closing twice is harmless
        assertFalse(Files.exists(gone));
    }

    /** A directory with {@code dirs} subdirectories, each with a file and a read-only subdirectory. */
    private Path tree(String name, int dirs) throws Exception {
        Path root = Files.createDirectory(tmp.resolve(name));
        for (int i = 0; i < dirs; i++) {
            Path d = Files.createDirectories(root.resolve("d" + i + "/sub"));
            Files.writeString(root.resolve("d" + i + "/f"), "x".repeat(i));
            Files.writeString(d.resolve("g"), "y");
            Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("r-x------"));
        }
        return root;
    }
}
