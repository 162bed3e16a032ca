package dev.berth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code berth info} names the architecture in use as {@code uname -m} does. */
class CliInfoTest {
    @TempDir
    Path home;

    @Test
    void infoPrintsTheArchitectureInUse() throws Exception {
        Process uname = new ProcessBuilder("uname", "-m").start();
        String machine = new String(uname.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        assertEquals(0, uname.waitFor());
        Cli.Result r = new Cli(home).run("info");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().lines().anyMatch(l -> l.equals(" Architecture: " + machine)), r.toString());
    }
}
