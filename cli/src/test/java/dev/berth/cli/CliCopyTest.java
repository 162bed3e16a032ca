package dev.berth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.namespaces.testing.RequiresRoot;
import dev.berth.registry.testing.RequiredTools;
import dev.berth.registry.testing.Skopeo;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code berth copy} against skopeo: what Berth writes skopeo reads with the same digest, and what skopeo
 * writes Berth copies into its store.
 */
@RequiresRoot("the demo image is built and run in containers")
class CliCopyTest {
    @Test
    void skopeoReadsWhatBerthCopiesAndBerthCopiesWhatSkopeoWrites(@TempDir Path dir) throws Exception {
        RequiredTools.skopeo();
        Cli berth = new Cli(dir.resolve("home"), Map.of());
        assertEquals(0, berth.run("demo").code());

        Path ours = dir.resolve("ours.tar");
        Cli.Result copy = berth.run("copy", "-q", "localhost/berth-demo", "oci-archive:" + ours + ":demo");
        assertEquals(0, copy.code(), copy.toString());
        String digest = copy.out().strip();
        assertTrue(digest.matches("sha256:[0-9a-f]{64}"), copy.toString());
        assertTrue(Skopeo.run("inspect", "oci-archive:" + ours + ":demo").contains("\"Digest\": \"" + digest + "\""));

        Path theirs = dir.resolve("theirs.tar");
        Skopeo.run("copy", "oci-archive:" + ours + ":demo", "docker-archive:" + theirs + ":localhost/from-skopeo:1");
        Cli.Result back = berth.run("copy", "-q", "docker-archive:" + theirs, "berth:localhost/from-skopeo:1");
        assertEquals(0, back.code(), back.toString());
        Cli.Result run = berth.run("run", "--rm", "localhost/from-skopeo:1", "cat", "/etc/berth-demo");
        assertEquals(0, run.code(), run.toString());

        Cli.Result bad = berth.run("copy", "dir:/tmp/x", "oci:" + dir.resolve("layout"));
        assertEquals(125, bad.code(), bad.toString());
        assertEquals("berth: invalid image location \"dir:/tmp/x\": transport \"dir\" is not one Berth knows; use "
                + "docker://, oci:, oci-archive:, docker-archive: or berth:\n", bad.err());
    }
}
