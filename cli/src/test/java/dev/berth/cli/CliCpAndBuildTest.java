package dev.berth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.namespaces.testing.RequiresRoot;
import dev.berth.overlayfs.FileTrees;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code berth cp} both ways with docker's destination rules and {@code -} for a tar, a hostile
 * tar that tries to leave the destination, and {@code berth build}'s options (--target,
 * --no-cache, --label, --iidfile, --progress plain) and what it refuses. Needs root.
 */
@RequiresRoot("the CLI runs containers")
class CliCpAndBuildTest {
    private static final String IMAGE = "localhost/berth-demo";
    private static Path home;
    private static Cli berth;

    @BeforeAll
    static void runAContainer() throws Exception {
        home = Files.createTempDirectory("berth-cli-cp");
        berth = new Cli(home);
        assertEquals(0, berth.run("demo").code());
        assertEquals(0, berth.run("run", "-d", "--name", "cp-box", IMAGE, "sleep", "600").code());
        assertEquals(0, berth.run("exec", "cp-box", "sh", "-c", "mkdir -p /data/sub && echo one > /data/one && echo two > /data/sub/two"
                + " && ln -s /etc /data/link").code());
    }

    @AfterAll
    static void removeHome() throws Exception {
        if (home != null) {
            berth.run("rm", "-f", "cp-box");
            FileTrees.delete(home);
        }
    }

    @Test
    void copiesOutOfAContainerWithDockersDestinationRules(@TempDir Path dir) throws Exception {
        assertEquals(new Cli.Result(0, "", ""), berth.run("cp", "cp-box:/data/one", dir.resolve("file").toString()));
        assertEquals("one\n", Files.readString(dir.resolve("file")));
        // a directory to a new name becomes it; to an existing directory goes inside it
        assertEquals(0, berth.run("cp", "cp-box:/data", dir.resolve("copy").toString()).code());
        assertEquals("two\n", Files.readString(dir.resolve("copy/sub/two")));
        assertEquals(Path.of("/etc"), Files.readSymbolicLink(dir.resolve("copy/link")), "a symlink is copied as one");
        assertEquals(0, berth.run("cp", "cp-box:/data", dir.resolve("copy").toString()).code());
        assertEquals("one\n", Files.readString(dir.resolve("copy/data/one")));
        Files.createDirectory(dir.resolve("contents"));
        assertEquals(0, berth.run("cp", "cp-box:/data/.", dir.resolve("contents").toString()).code());
        assertEquals("one\n", Files.readString(dir.resolve("contents/one")));

        assertEquals(new Cli.Result(1, "", "berth: Could not find the file /nosuch in container cp-box\n"),
                berth.run("cp", "cp-box:/nosuch", dir.toString()));
        assertEquals(new Cli.Result(1, "", "berth: cannot copy directory\n"),
                berth.run("cp", "cp-box:/data", dir.resolve("file").toString()));
        assertEquals(new Cli.Result(1, "", "berth: must specify at least one container source\n"), berth.run("cp", "a", "b"));
        assertEquals(new Cli.Result(1, "", "berth: copying between containers is not supported\n"),
                berth.run("cp", "cp-box:/a", "cp-box:/b"));

        Cli.Result tar = berth.run("cp", "cp-box:/data/one", "-");
        assertEquals(0, tar.code(), tar.toString());
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar.out().getBytes(StandardCharsets.ISO_8859_1)))) {
            TarArchiveEntry e = in.getNextEntry();
            assertEquals("one", e.getName());
        }
    }

    @Test
    void copiesIntoAContainerFromFilesAndFromATarOnStdin(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("host.txt"), "from the host\n");
        Files.createDirectories(dir.resolve("tree/inner"));
        Files.writeString(dir.resolve("tree/inner/leaf"), "leaf\n");
        assertEquals(new Cli.Result(0, "", ""), berth.run("cp", dir.resolve("host.txt").toString(), "cp-box:/tmp/"));
        assertEquals(0, berth.run("cp", dir.resolve("host.txt").toString(), "cp-box:/tmp/renamed").code());
        assertEquals(0, berth.run("cp", dir.resolve("tree").toString(), "cp-box:/newtree").code());
        assertEquals(0, berth.run("cp", dir.resolve("tree").toString(), "cp-box:/newtree").code());
        assertEquals(new Cli.Result(0, "from the host\nfrom the host\nleaf\nleaf\n0:0\n", ""), berth.run("exec", "cp-box", "sh", "-c",
                "cat /tmp/host.txt /tmp/renamed /newtree/inner/leaf /newtree/tree/inner/leaf; stat -c %u:%g /tmp/host.txt"));
        assertEquals(new Cli.Result(1, "", "berth: destination directory /nodir/ must exist\n"),
                berth.run("cp", dir.resolve("host.txt").toString(), "cp-box:/nodir/"));

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            byte[] body = "piped\n".getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry("piped.txt");
            e.setSize(body.length);
            tar.putArchiveEntry(e);
            tar.write(body);
            tar.closeArchiveEntry();
        }
        assertEquals(new Cli.Result(0, "", ""), berth.runWithInput(bytes.toByteArray(), "cp", "-", "cp-box:/root"));
        assertEquals(new Cli.Result(0, "piped\n", ""), berth.run("exec", "cp-box", "cat", "/root/piped.txt"));
        assertEquals(new Cli.Result(1, "", "berth: destination \"cp-box:/root/piped.txt\" must be a directory\n"),
                berth.runWithInput(bytes.toByteArray(), "cp", "-", "cp-box:/root/piped.txt"));
    }

    @Test
    void aTarFromTheContainerCannotWriteOutsideTheDestination(@TempDir Path dir) throws Exception {
        // the container makes a symlink to a host directory, then a file under the same name
        Path outside = Files.createDirectory(dir.resolve("outside"));
        assertEquals(0, berth.run("exec", "cp-box", "sh", "-c", "mkdir -p /evil && ln -s " + outside + " /evil/escape").code());
        assertEquals(0, berth.run("cp", "cp-box:/evil", dir.resolve("dest").toString()).code());
        assertTrue(Files.isSymbolicLink(dir.resolve("dest/escape")));
        // a second copy into the same place replaces the link, never writes through it
        assertEquals(0, berth.run("exec", "cp-box", "sh", "-c", "rm /evil/escape && mkdir /evil/escape && echo x > /evil/escape/f").code());
        Cli.Result through = berth.run("cp", "cp-box:/evil/.", dir.resolve("dest").toString());
        assertEquals(0, through.code(), through.toString());
        assertFalse(Files.exists(outside.resolve("f")), "written through a symlink to the host");
        assertEquals("x\n", Files.readString(dir.resolve("dest/escape/f")));
        List<String> left = new ArrayList<>();
        try (var s = Files.list(outside)) {
            s.forEach(p -> left.add(p.toString()));
        }
        assertEquals(List.of(), left);
    }

    @Test
    void buildTakesDockersOptionsAndRefusesWhatBerthCannotDo(@TempDir Path context) throws Exception {
        Files.writeString(context.resolve("Dockerfile"), "FROM " + IMAGE + " AS base\nRUN echo base > /base\n"
                + "FROM base AS second\nRUN echo second > /second\nFROM second\nRUN echo final > /final\n");
        Path iid = context.resolve("iid");
        Cli.Result plain = berth.run("build", "--target", "second", "--label", "stage=second", "--iidfile", iid.toString(),
                "-t", "localhost/stage:second", "--progress", "plain", context.toString());
        assertEquals(0, plain.code(), plain.toString());
        assertEquals("", plain.out(), "BuildKit's plain progress goes to stderr");
        assertTrue(plain.err().startsWith("#1 [1/5] FROM " + IMAGE + " AS base\n#1 DONE "), plain.err());
        assertTrue(plain.err().contains("\n#4 [4/5] RUN echo second > /second\n"), plain.err());
        String id = Files.readString(iid);
        assertTrue(id.matches("sha256:[0-9a-f]{64}"), id);
        assertTrue(plain.err().endsWith("#6 naming to localhost/stage:second done\n#6 DONE 0.0s\n"), plain.err());
        assertEquals(new Cli.Result(0, "second\n", ""), berth.run("run", "--rm", "localhost/stage:second", "sh", "-c",
                "cat /second; [ ! -e /final ]"));
        String inspect = berth.run("inspect", "localhost/stage:second").out();
        assertTrue(inspect.matches("(?s).*\"stage\"\\s*:\\s*\"second\".*"), inspect);

        Cli.Result cached = berth.run("build", "--target", "second", "--label", "stage=second", context.toString());
        assertTrue(cached.out().contains(" ---> Using cache"), cached.toString());
        Cli.Result uncached = berth.run("build", "--no-cache", "--target", "second", "--label", "stage=second", context.toString());
        assertEquals(0, uncached.code(), uncached.toString());
        assertFalse(uncached.out().contains(" ---> Using cache"), uncached.toString());

        assertEquals(new Cli.Result(125, "", "berth: build --platform linux/s390x: berth builds for this host's "
                + BuildPlatform.host() + " only (it emulates no other architecture)\n"), berth.run("build", "--platform", "linux/s390x", context.toString()));
        assertEquals(0, berth.run("build", "-q", "--platform", BuildPlatform.host(), context.toString()).code());
        assertEquals(new Cli.Result(125, "", "berth: build --network mynet: berth's RUN steps have the network default"
                + " (the default bridge), none or host\n"), berth.run("build", "--network", "mynet", context.toString()));
        assertEquals(new Cli.Result(125, "", "berth: build --progress rawjson: berth prints auto, tty, plain or quiet\n"),
                berth.run("build", "--progress", "rawjson", context.toString()));
    }

    @Test
    void buildPrintsTheDockerfileChecksAsDockerAndTakesSecrets(@TempDir Path context) throws Exception {
        Path secret = Files.writeString(context.resolve("token.txt"), "value-of-the-secret");
        Files.writeString(context.resolve("Dockerfile"), "FROM " + IMAGE + " as base\nENV legacy value\n"
                + "RUN --mount=type=secret,id=tok wc -c < /run/secrets/tok > /len\nCMD cat /len\n");
        Cli.Result r = berth.run("build", "-t", "localhost/checks:1", "--secret", "id=tok,src=" + secret, context.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.err().endsWith(" 3 warnings found (use docker --debug to expand):\n"
                + " - FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 1)\n"
                + " - LegacyKeyValueFormat: \"ENV key=value\" should be used instead of legacy \"ENV key value\" format (line 2)\n"
                + " - JSONArgsRecommended: JSON arguments recommended for CMD to prevent unintended behavior related to OS"
                + " signals (line 4)\n"), r.toString());
        assertEquals(new Cli.Result(0, "19\n", ""), berth.run("run", "--rm", "localhost/checks:1"));
        assertEquals(new Cli.Result(125, "", "berth: build --secret id=x,env=TOKEN: berth takes secrets from files only"
                + " (src=FILE), not from the environment\n"), berth.run("build", "--secret", "id=x,env=TOKEN", context.toString()));
    }
}
