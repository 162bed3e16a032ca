package dev.berth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code berth system check} on a home whose directories other host users could reach (as an
 * earlier Berth made them, with the umask's mode): the command's open makes them owner-only,
 * warns naming each, and the check lists each path with the mode it had.
 */
class CliSystemCheckTest {
    @TempDir
    Path parent;

    @Test
    void aLoosenedStoreIsTightenedAndEachPathIsNamedWithItsMode() throws Exception {
        Path home = parent.resolve("berth");
        Cli berth = new Cli(home);
        Cli.Result first = berth.run("system", "check");
        assertEquals(0, first.code(), first.toString());
        assertTrue(first.out().contains("0 problems, 0 leftovers"), first.toString());

        for (Path p : List.of(home, home.resolve("layers"), home.resolve("volumes"))) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Cli.Result check = berth.run("system", "check");
        assertEquals(0, check.code(), check.toString());
        for (Path p : List.of(home, home.resolve("layers"), home.resolve("volumes"))) {
            assertTrue(check.out().contains("tightened (other host users could reach it until this open): " + p
                    + " 0755 -> 0700\n"), check.toString());
            assertTrue(check.err().contains(p + " 0755 -> 0700"), "no warning names " + p + ": " + check);
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), p.toString());
        }

        Cli.Result again = berth.run("system", "check");
        assertFalse(again.out().contains("tightened"), again.toString());
    }
}
