package dev.berth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JNA's library is unpacked once into the user's cache and used from there only under the
 * launcher's rules for its archive: a regular file, owned by the user or root, writable by no one
 * else, in directories that pass the same checks.
 */
class JnaLibraryCacheTest {
    private static final String PLATFORM = com.sun.jna.Platform.RESOURCE_PREFIX;

    @TempDir
    Path tmp;

    private Path root() throws Exception {
        Path root = tmp.resolve("cache/berth");
        Files.createDirectories(root);
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
        return root;
    }

    @Test
    void unpacksOnceReadOnlyIntoAPrivateDirectoryAndUsesItAfterwards() throws Exception {
        Path root = root();
        Path dir = JnaLibraryCache.directory(root, PLATFORM).orElseThrow();
        Path lib = dir.resolve("libjnidispatch.so");
        assertEquals(root, dir.getParent());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertEquals("r-xr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(lib)));
        byte[] packed = JnaLibraryCache.class.getResourceAsStream("/com/sun/jna/" + PLATFORM + "/libjnidispatch.so").readAllBytes();
        assertTrue(java.util.Arrays.equals(packed, Files.readAllBytes(lib)), "not the jar's library");
        try (var left = Files.list(dir)) {
            assertEquals(1, left.count(), "a temporary file was left");
        }
        FileTime written = FileTime.fromMillis(1_000_000_000L);
        Files.setLastModifiedTime(lib, written);
        assertEquals(Optional.of(dir), JnaLibraryCache.directory(root, PLATFORM));
        assertEquals(written, Files.getLastModifiedTime(lib), "unpacked again");
    }

    @Test
    void refusesALibraryOthersCanWriteAndLeavesIt() throws Exception {
        Path root = root();
        Path lib = JnaLibraryCache.directory(root, PLATFORM).orElseThrow().resolve("libjnidispatch.so");
        Files.setPosixFilePermissions(lib, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertEquals(Optional.empty(), JnaLibraryCache.directory(root, PLATFORM));
        assertEquals("rwxrwxrwx", PosixFilePermissions.toString(Files.getPosixFilePermissions(lib)), "replaced or changed");
    }

    @Test
    void refusesADirectoryOthersCanWriteOrALinkInPlaceOfTheLibrary() throws Exception {
        Path root = root();
        Path dir = JnaLibraryCache.directory(root, PLATFORM).orElseThrow();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertEquals(Optional.empty(), JnaLibraryCache.directory(root, PLATFORM));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxrwx---"));
        assertEquals(Optional.empty(), JnaLibraryCache.directory(root, PLATFORM), "a cache its group can write to");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));

        Path lib = dir.resolve("libjnidispatch.so");
        Path elsewhere = Files.copy(lib, tmp.resolve("elsewhere.so"));
        Files.delete(lib);
        Files.createSymbolicLink(lib, elsewhere);
        assertEquals(Optional.empty(), JnaLibraryCache.directory(root, PLATFORM));
        assertTrue(Files.isSymbolicLink(lib), "the link was replaced");
    }

    @Test
    void refusesAFileOfAnotherUser() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "chown needs root");
        Path root = root();
        Path lib = JnaLibraryCache.directory(root, PLATFORM).orElseThrow().resolve("libjnidispatch.so");
        Files.setAttribute(lib, "unix:uid", 4242, LinkOption.NOFOLLOW_LINKS);
        assertEquals(Optional.empty(), JnaLibraryCache.directory(root, PLATFORM));
        assertEquals(4242, Files.getAttribute(lib, "unix:uid", LinkOption.NOFOLLOW_LINKS), "replaced");
    }

    @Test
    void withoutAHomeJnaUnpacksAsBefore() {
        assertEquals(Optional.empty(), JnaLibraryCache.directory(null, PLATFORM));
    }
}
