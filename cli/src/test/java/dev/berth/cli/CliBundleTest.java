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

/** {@code berth bundle IMAGE DIR [-- COMMAND...]} writes an OCI bundle of the image (as root). */
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
    void aDirectoryThatIsNotEmptyIsAnErrorNamingIt() throws Exception {
        Path dir = Files.createDirectories(home.resolve("taken"));
        Files.writeString(dir.resolve("x"), "x");
        Cli.Result r = berth.run("bundle", "localhost/berth-demo", dir.toString());
        assertNotEquals(0, r.code(), r.toString());
        assertTrue(r.err().contains(dir + " is not empty"), r.toString());
    }
}
