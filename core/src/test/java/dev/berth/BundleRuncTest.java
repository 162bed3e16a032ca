package dev.berth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same OCI bundle, written by Berth, run by Berth and by runc: the same exit code, output,
 * hostname and user; and a bundle with {@code process.terminal}, on a pty of its own devpts. Needs root and runc at /usr/sbin/runc.
 */
class BundleRuncTest extends BusyboxContainers {
    private static final Path RUNC = Path.of("/usr/sbin/runc");

    @TempDir
    Path scratch;

    @Test
    void berthAndRuncRunTheBundleAlike() throws Exception {
        assumeTrue(Files.isExecutable(RUNC), "runc is not installed at " + RUNC + ": nothing to compare with");
        Path bundle = berth.bundle(IMAGE)
                .command("sh", "-c", "echo out; hostname; id -u; id -g; pwd; echo err >&2; exit 7")
                .user("1000:1001").hostname("bundled").workdir("/tmp")
                .writeTo(scratch.resolve("bundle"));
        assertTrue(Files.isRegularFile(bundle.resolve("rootfs/bin/busybox")), "rootfs holds the image's files");

        ExecResult byBerth = berth.runBundle(bundle);
        ExecResult byRunc = runc(bundle);

        assertEquals(7, byBerth.exitCode(), byBerth.toString());
        assertEquals("out\nbundled\n1000\n1001\n/tmp\n", byBerth.stdout());
        assertEquals("err\n", byBerth.stderr());
        assertEquals(byBerth, byRunc);
    }

    @Test
    void aBundleWithProcessTerminalRunsOnAPtyOfItsOwnDevpts() throws Exception {
        Path bundle = berth.bundle(IMAGE).command("sh", "-c", "tty; [ -t 0 ] && [ -t 2 ] && echo all-three; echo err >&2; exit 5")
                .writeTo(scratch.resolve("terminal"));
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode config =
                (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(bundle.resolve("config.json").toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) config.get("process")).put("terminal", true);
        json.writeValue(bundle.resolve("config.json").toFile(), config);

        ExecResult r = berth.runBundle(bundle);
        // One stream, as a terminal shows it: stderr too, with the terminal's \r\n.
        assertEquals(new ExecResult(5, "/dev/pts/0\r\nall-three\r\nerr\r\n", ""), r);
    }

    @Test
    void aBundleDirectoryThatIsNotEmptyIsRefusedWithItsPathNamed() throws IOException {
        Path dir = Files.createDirectories(scratch.resolve("full"));
        Files.writeString(dir.resolve("keep"), "x");
        IOException e = assertThrows(IOException.class, () -> berth.bundle(IMAGE).writeTo(dir));
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
        assertTrue(Files.exists(dir.resolve("keep")), "what was there is left alone");
    }

    @Test
    void aDirectoryWithoutConfigIsNotABundle() throws IOException {
        Path dir = Files.createDirectories(scratch.resolve("empty"));
        IOException e = assertThrows(IOException.class, () -> berth.runBundle(dir));
        assertTrue(e.getMessage().contains("no config.json"), e.getMessage());
    }

    /** {@code runc run}: the container's exit code and output; its state and container are removed after. */
    private ExecResult runc(Path bundle) throws IOException, InterruptedException {
        Path state = Files.createDirectories(scratch.resolve("runc-state"));
        String id = "berth-bundle-test-" + ProcessHandle.current().pid();
        List<String> run = List.of(RUNC.toString(), "--root", state.toString(), "run", "--bundle", bundle.toString(), id);
        Process p = new ProcessBuilder(run).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectError(scratch.resolve("runc.err").toFile()).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "runc did not end");
            return new ExecResult(p.exitValue(), out, Files.readString(scratch.resolve("runc.err")));
        } finally {
            p.destroyForcibly();
            List<String> delete = new ArrayList<>(List.of(RUNC.toString(), "--root", state.toString(), "delete", "-f", id));
            new ProcessBuilder(delete).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
