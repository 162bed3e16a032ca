package dev.berth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.namespaces.testing.RequiresRoot;
import dev.berth.overlayfs.FileTrees;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code berth bundle IMAGE DIR [-- COMMAND...]} writes an OCI bundle of the image, and
 * {@code berth bundle run DIR} runs one, on a terminal where {@code process.terminal} asks (as root).
 */
@RequiresRoot("berth demo builds and runs a container before the bundle is written")
class CliBundleTest {
    private static Path home;
    private static Cli berth;

    @BeforeAll
    static void demoImage() throws Exception {
        home = Files.createTempDirectory("berth-cli-bundle");
        berth = new Cli(home);
        Cli.Result demo = berth.run("demo");
        assertEquals(0, demo.code(), demo.toString());
    }

    @AfterAll
    static void removeHome() throws Exception {
        if (home != null) {
            FileTrees.delete(home);
        }
    }

    @Test
    void bundleWritesConfigAndRootfsWithTheCommandAfterTheDashes() throws Exception {
        Path dir = home.resolve("bundle");
        Cli.Result r = berth.run("bundle", "--hostname", "box", "-e", "A=1", "localhost/berth-demo", dir.toString(),
                "--", "sh", "-c", "echo hi");
        assertEquals(0, r.code(), r.toString());
        assertEquals(dir + "\n", r.out());
        JsonNode config = new ObjectMapper().readTree(dir.resolve("config.json").toFile());
        assertEquals("[\"sh\",\"-c\",\"echo hi\"]", config.at("/process/args").toString());
        assertEquals("box", config.get("hostname").asText());
        assertTrue(config.at("/process/env").toString().contains("\"A=1\""), config.toString());
        assertEquals("rootfs", config.at("/root/path").asText());
        assertTrue(Files.isDirectory(dir.resolve("rootfs/etc")), "rootfs is the image's tree");
    }

    @Test
    void bundleRunRunsItAsRuncRunDoesWithATerminalOnlyWhereThereIsOne(@org.junit.jupiter.api.io.TempDir Path scratch) throws Exception {
        // Outside the home, whose check would make a directory inside it owner-only, and say so.
        Path dir = scratch.resolve("to-run");
        assertEquals(0, berth.run("bundle", "localhost/berth-demo", dir.toString(), "--", "sh", "-c",
                "tty; echo out; echo err >&2; exit 6").code());
        assertEquals(new Cli.Result(6, "not a tty\nout\n", "err\n"), berth.run("bundle", "run", dir.toString()));

        ObjectMapper json = new ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode config =
                (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(dir.resolve("config.json").toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) config.get("process")).put("terminal", true);
        json.writeValue(dir.resolve("config.json").toFile(), config);
        // Cli runs berth with stdin on /dev/null: there is no terminal to connect, as runc refuses.
        Cli.Result refused = berth.run("bundle", "run", dir.toString());
        assertEquals(new Cli.Result(1, "", "the input device is not a TTY: the bundle's process.terminal needs one\n"), refused);

        // On a real terminal (util-linux script): the bundle's own pty, both streams on it.
        dev.berth.image.testing.TestImages.assumeTool("script", "bsdutils");
        java.util.List<String> argv = new java.util.ArrayList<>(Cli.java());
        argv.addAll(java.util.List.of("--home", home.toString(), "bundle", "run", dir.toString()));
        Process p = new ProcessBuilder("script", "-qec", String.join(" ", argv.stream().map(a -> "'" + a + "'").toList()), "/dev/null")
                .redirectErrorStream(true).start();
        String shown = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), shown);
        assertEquals(6, p.exitValue(), shown);
        assertTrue(shown.replace("\r", "").contains("/dev/pts/0\nout\nerr\n"), shown);
        assertEquals(new Cli.Result(125, "", "berth: Missing required parameters: 'IMAGE', 'DIR'\nSee 'berth bundle --help'.\n"),
                berth.run("bundle"));
    }

    @Test
    void aDirectoryThatIsNotEmptyIsAnErrorNamingIt() throws Exception {
        Path dir = Files.createDirectories(home.resolve("taken"));
        Files.writeString(dir.resolve("x"), "x");
        Cli.Result r = berth.run("bundle", "localhost/berth-demo", dir.toString());
        assertNotEquals(0, r.code(), r.toString());
        assertTrue(r.err().contains(dir + " is not empty"), r.toString());
    }
}
