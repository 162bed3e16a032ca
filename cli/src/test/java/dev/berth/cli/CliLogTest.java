package dev.berth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.BusyboxImage;
import dev.berth.namespaces.testing.RequiresRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code --log-opt} rotation and a full disk under {@code berth run}, as separate processes. Needs root. */
@Timeout(300)
@RequiresRoot("the CLI runs containers")
class CliLogTest {
    static final String IMAGE = BusyboxImage.REFERENCE;

    @TempDir
    Path home;

    Cli stored(Path scratch) throws Exception {
        BusyboxImage.store(home, scratch);
        return new Cli(home);
    }

    @Test
    void logOptsRotateTheLogAndLogsReadsTheRotatedFiles(@TempDir Path scratch) throws Exception {
        Cli berth = stored(scratch);
        Cli.Result run = berth.run("run", "-d", "--log-opt", "max-size=16k", "--log-opt", "max-file=2", IMAGE,
                "seq", "1", "5000");
        assertEquals(0, run.code(), run.toString());
        String id = run.out().strip();
        assertEquals(0, berth.run("logs", "-f", id).code()); // until it exits
        Cli.Result logs = berth.run("logs", id);
        List<String> lines = logs.out().lines().toList();
        assertEquals("5000", lines.get(lines.size() - 1));
        int first = Integer.parseInt(lines.get(0));
        for (int i = 0; i < lines.size(); i++) {
            assertEquals(String.valueOf(first + i), lines.get(i), "a gap in what was kept");
        }
        assertTrue(lines.size() > 16 * 1024 / 100, "the rotated file was not read: " + lines.size() + " lines");
        try (Stream<Path> s = Files.list(home.resolve("containers").resolve(id))) {
            List<Path> files = s.filter(p -> p.getFileName().toString().matches("log\\.json(\\.[0-9]+)?")).toList();
            assertEquals(2, files.size(), files.toString());
            for (Path f : files) {
                assertTrue(Files.size(f) <= 16 * 1024 + 100, f + " has " + Files.size(f) + " bytes");
            }
        }
        assertEquals(0, berth.run("rm", id).code());
    }

    @Test
    void sinceAndUntilSelectByTimeAsDockerLogsDoes(@TempDir Path scratch) throws Exception {
        Cli berth = stored(scratch);
        Cli.Result run = berth.run("run", "-d", "--network", "none", IMAGE, "sh", "-c", "echo a; sleep 1.5; echo b");
        assertEquals(0, run.code(), run.toString());
        String id = run.out().strip();
        assertEquals(0, berth.run("wait", id).code());
        List<String> stamped = berth.run("logs", "-t", id).out().lines().toList();
        assertEquals(2, stamped.size(), stamped.toString());
        String bAt = stamped.get(1).split(" ")[0];
        String aAt = stamped.get(0).split(" ")[0];
        assertEquals(new Cli.Result(0, "b\n", ""), berth.run("logs", "--since", bAt, id));
        assertEquals(new Cli.Result(0, "a\n", ""), berth.run("logs", "--until", aAt, id));
        // relative to now, and as a Unix timestamp
        assertEquals(new Cli.Result(0, "a\nb\n", ""), berth.run("logs", "--since", "1h", id));
        assertEquals(new Cli.Result(0, "", ""), berth.run("logs", "--until", "1h", id));
        long bSecond = java.time.Instant.parse(bAt).getEpochSecond() + 1;
        assertEquals(new Cli.Result(0, "a\nb\n", ""), berth.run("logs", "--until", Long.toString(bSecond), id));
        Cli.Result bad = berth.run("logs", "--since", "yesterday", id);
        assertTrue(bad.code() != 0 && bad.err().startsWith("berth: invalid time \"yesterday\""), bad.toString());
        assertEquals(0, berth.run("rm", id).code());
    }

    @Test
    void badLogOptsAreRefusedNamingTheOptionAndValue(@TempDir Path scratch) throws Exception {
        Cli berth = stored(scratch);
        Cli.Result zero = berth.run("run", "--rm", "--log-opt", "max-size=0", IMAGE, "true");
        assertEquals(125, zero.code(), zero.toString());
        assertEquals("berth: invalid log option max-size=0: max-size must be a positive size\n", zero.err());
        Cli.Result files = berth.run("run", "--rm", "--log-opt", "max-file=0", IMAGE, "true");
        assertEquals(125, files.code(), files.toString());
        assertTrue(files.err().startsWith("berth: invalid log option max-file=0: max-file must be a number of at least 1"),
                files.err());
    }

    @Test
    void runRmOnAFullDiskPrintsEveryLineAndNamesTheDiskOnce(@TempDir Path scratch) throws Exception {
        Cli berth = stored(scratch);
        onAFullDisk(() -> {
            Cli.Result r = berth.run("run", "--rm", "--name", "chatty", IMAGE, "seq", "1", String.valueOf(FULL_DISK_LINES));
            assertEveryLineAndTheDiskNamedOnce(r);
            Cli.Result ps = berth.run("ps", "-a");
            assertEquals(0, ps.code(), ps.toString());
            assertTrue(!ps.out().contains("chatty"), "--rm left the container: " + ps.out());
        });
    }

    /**
     * Without {@code --rm} the container is detached and its helper writes the log; the CLI
     * reads the helper's attach pipes, so a full disk loses nothing it prints, as with
     * {@code docker run}, whose attach does not go through the log driver.
     */
    @Test
    void runWithoutRmOnAFullDiskPrintsEveryLineAndNamesTheDiskOnce(@TempDir Path scratch) throws Exception {
        Cli berth = stored(scratch);
        onAFullDisk(() -> {
            Cli.Result r = berth.run("run", "--name", "chatty", IMAGE, "sh", "-c",
                    "seq 1 " + FULL_DISK_LINES + "; echo to-stderr >&2; exit 3");
            assertEquals(3, r.code(), r.err());
            assertEquals(1, r.err().lines().filter(l -> l.equals("to-stderr")).count(), r.err());
            assertEveryLineAndTheDiskNamedOnce(new Cli.Result(0, r.out(), r.err()));
            Cli.Result rm = berth.run("rm", "chatty");
            assertEquals(0, rm.code(), rm.toString());
            Cli.Result ps = berth.run("ps", "-a");
            assertTrue(!ps.out().contains("chatty"), "rm left the container: " + ps.out());
        });
    }

    static final int FULL_DISK_LINES = 400_000; // about 2.6 MiB printed, 30 MiB as json-file: far past 2 MiB

    private static void assertEveryLineAndTheDiskNamedOnce(Cli.Result r) {
        assertEquals(0, r.code(), r.err());
        List<String> out = r.out().lines().toList();
        assertEquals(FULL_DISK_LINES, out.size(), "lines lost");
        for (int i = 0; i < FULL_DISK_LINES; i++) {
            if (!out.get(i).equals(String.valueOf(i + 1))) {
                throw new AssertionError("line " + i + " is " + out.get(i));
            }
        }
        List<String> told = r.err().lines().filter(l -> l.contains("is no longer written")).toList();
        assertEquals(1, told.size(), r.err());
        assertTrue(told.get(0).matches("berth: the log of container chatty is no longer written: .*/log\\.json: No space left on device"),
                told.get(0));
    }

    private interface Body {
        void run() throws Exception;
    }

    /** Runs {@code body} with a 2 MiB tmpfs on the store's containers directory, unmounted after. */
    private void onAFullDisk(Body body) throws Exception {
        Path containers = home.resolve("containers");
        Files.createDirectories(containers);
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "berth-full-disk-test",
                containers.toString()).inheritIO().start();
        assertEquals(0, mount.waitFor(), "mount tmpfs on " + containers);
        try {
            body.run();
        } finally {
            Process umount = new ProcessBuilder("umount", containers.toString()).inheritIO().start();
            assertTrue(umount.waitFor(30, TimeUnit.SECONDS) && umount.exitValue() == 0, "umount " + containers);
        }
    }
}
