package dev.berth.dockerapi.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.Berth;
import dev.berth.BusyboxContainers;
import dev.berth.Container;
import dev.berth.dockerapi.DockerApiServer;
import dev.berth.registry.testing.LocalRegistryExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The docker CLI (20.10) against the server: build, images, history, tag, rmi, save, load,
 * commit, system df, and push and pull through the test registry.
 */
class ImageCliTest extends BusyboxContainers {
    @RegisterExtension
    static final LocalRegistryExtension REGISTRY = LocalRegistryExtension.plain();

    @TempDir
    Path dir;

    private DockerApiServer server;
    private DockerCli docker;

    @BeforeEach
    void serve() throws Exception {
        Path socket = dir.resolve("docker.sock");
        server = DockerApiServer.start(berth, socket);
        Files.createDirectories(dir.resolve("config"));
        docker = new DockerCli(socket, dir.resolve("config"));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void buildImagesHistoryTagAndRmi() throws Exception {
        Path context = Files.createDirectories(dir.resolve("ctx"));
        Files.writeString(context.resolve("Dockerfile.test"), "FROM " + IMAGE + " AS base\nUSER root\nARG WHO=nobody\n"
                + "COPY hello.txt /hello.txt\nRUN echo \"$WHO\" >> /hello.txt && echo ran-step\n"
                + "FROM base AS final\nCMD [\"cat\", \"/hello.txt\"]\nFROM base AS other\nRUN exit 9\n");
        Files.writeString(context.resolve("hello.txt"), "hello\n");
        String build = docker.ok("build", "-f", context.resolve("Dockerfile.test").toString(), "--build-arg", "WHO=world", "--target", "final",
                "--label", "cli.label=yes", "-t", "cli/app:1", "-t", "cli/app:latest", context.toString());
        assertTrue(build.contains("Step 1/8 : FROM " + IMAGE + " AS base"), build);
        assertTrue(build.contains("ran-step"), build);
        assertTrue(build.contains("Successfully built "), build);
        assertTrue(build.contains("Successfully tagged cli/app:1"), build);
        assertTrue(build.contains("Successfully tagged cli/app:latest"), build);

        String images = docker.ok("images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}", "cli/app");
        assertTrue(images.contains("cli/app:1 "), images);
        assertTrue(images.contains("cli/app:latest "), images);
        assertFalse(images.contains("busybox"), "the reference filter: " + images);
        String id = docker.ok("inspect", "--format", "{{.Id}}", "cli/app:1").strip();
        assertTrue(id.startsWith("sha256:"), id);
        assertEquals("yes", docker.ok("image", "inspect", "--format", "{{index .Config.Labels \"cli.label\"}}", "cli/app:1").strip());
        assertEquals("[cat /hello.txt]", docker.ok("inspect", "--format", "{{.Config.Cmd}}", "cli/app:1").strip());
        assertEquals("[cli/app:1 cli/app:latest]", docker.ok("inspect", "--format", "{{.RepoTags}}", id.substring(7, 19)).strip());

        String history = docker.ok("history", "--no-trunc", "--format", "{{.ID}}|{{.CreatedBy}}", "cli/app:1");
        String[] lines = history.strip().split("\n");
        assertEquals(id, lines[0].split("\\|")[0], history);
        assertTrue(lines[0].contains("LABEL cli.label=yes"), history);
        assertTrue(lines[1].startsWith("<missing>|"), history);

        docker.ok("tag", "cli/app:1", "cli/other:2");
        assertEquals(id, docker.ok("inspect", "--format", "{{.Id}}", "cli/other:2").strip());
        String rmi = docker.ok("rmi", "cli/other:2");
        assertTrue(rmi.contains("Untagged: cli/other:2"), rmi);
        DockerCli.Result missing = docker.run("inspect", "cli/other:2");
        assertNotEquals(0, missing.exitCode());
        assertTrue(missing.err().contains("No such"), missing.toString());
        String removed = docker.ok("rmi", "cli/app:1", "cli/app:latest");
        assertTrue(removed.contains("Deleted: " + id), removed);
        assertFalse(docker.ok("images", "-q").contains(id.substring(7, 19)));
        Path stdinDockerfile = Files.writeString(dir.resolve("Dockerfile.stdin"), "FROM " + IMAGE + "\nLABEL from=stdin\n");
        ProcessBuilder stdinBuild = new ProcessBuilder(DockerCli.DOCKER, "-H", "unix://" + dir.resolve("docker.sock"),
                "build", "-t", "cli/stdin:1", "-").redirectInput(stdinDockerfile.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        stdinBuild.environment().put("DOCKER_CONFIG", dir.resolve("config").toString());
        stdinBuild.environment().put("DOCKER_BUILDKIT", "0");
        assertEquals(0, stdinBuild.start().waitFor(), "docker build - < Dockerfile");
        assertEquals("stdin", docker.ok("inspect", "--format", "{{index .Config.Labels \"from\"}}", "cli/stdin:1").strip());
        docker.ok("rmi", "cli/stdin:1");
        try (var leftovers = Files.list(home.resolve("build-tmp"))) {
            assertEquals(List.of(), leftovers.toList());
        }
    }

    @Test
    void saveLoadCommitAndSystemDf() throws Exception {
        Path archive = dir.resolve("saved.tar");
        docker.ok("save", "-o", archive.toString(), IMAGE);
        assertTrue(Files.size(archive) > 100_000, "busybox is in the archive");
        Path otherHome = dir.resolve("other-home");
        try (Berth other = Berth.builder().home(otherHome).withoutDockerConfig().build();
                DockerApiServer second = DockerApiServer.start(other, dir.resolve("other.sock"))) {
            DockerCli otherDocker = new DockerCli(dir.resolve("other.sock"), dir.resolve("config"));
            String loaded = otherDocker.ok("load", "-i", archive.toString());
            assertTrue(loaded.contains("Loaded image: " + IMAGE), loaded);
            assertEquals(docker.ok("inspect", "--format", "{{.Id}}", IMAGE), otherDocker.ok("inspect", "--format", "{{.Id}}", IMAGE));
        }
        berth.volumes().create("dfvol", java.util.Map.of("df", "yes"), java.util.Map.of());
        try (Container c = berth.container(IMAGE).volume("dfvol", "/data").user("root")
                .command("sh", "-c", "echo committed > /srv/c.txt; echo volume-bytes > /data/v").start()) {
            c.waitFor();
            String id = docker.ok("commit", "--author", "Ann", "-m", "cli commit", "-c", "ENV COMMITTED=yes",
                    "-c", "CMD [\"cat\", \"/srv/c.txt\"]", c.id(), "cli/committed:1").strip();
            assertTrue(id.startsWith("sha256:"), id);
            assertEquals("Ann", docker.ok("inspect", "--format", "{{.Author}}", "cli/committed:1").strip());
            assertTrue(docker.ok("inspect", "--format", "{{.Config.Env}}", "cli/committed:1").contains("COMMITTED=yes"));
            assertTrue(docker.ok("history", "--format", "{{.Comment}}", "cli/committed:1").startsWith("cli commit"));
            String df = docker.ok("system", "df", "--format", "{{.Type}} {{.TotalCount}}");
            assertTrue(df.contains("Images 2"), df);
            assertTrue(df.contains("Containers 1"), df);
            assertTrue(df.contains("Local Volumes 1"), df);
            String table = docker.ok("system", "df");
            assertFalse(table.matches("(?s).*\\s-\\d.*"), "no negative size or RECLAIMABLE: " + table);
            String verbose = docker.ok("system", "df", "-v");
            assertFalse(verbose.matches("(?s).*\\s-\\d.*"), verbose);
            String containerRows = verbose.substring(verbose.indexOf("Containers space usage"), verbose.indexOf("Local Volumes"));
            assertFalse(containerRows.contains("years ago"), "a real creation time, not 0: " + containerRows);
            assertTrue(verbose.contains("cli/committed"), verbose);
            assertTrue(verbose.matches("(?s).*dfvol\\s+1\\s+13B.*"), verbose);
        }
        berth.volumes().remove("dfvol", false);
        String rmi = docker.ok("rmi", "cli/committed:1");
        assertTrue(rmi.contains("Deleted: sha256:"), rmi);
    }

    @Test
    void importTakesARootFileSystemTar() throws Exception {
        Path tar = dir.resolve("rootfs.tar");
        try (var out = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(Files.newOutputStream(tar))) {
            byte[] content = "imported\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            var entry = new org.apache.commons.compress.archivers.tar.TarArchiveEntry("etc/imported");
            entry.setSize(content.length);
            out.putArchiveEntry(entry);
            out.write(content);
            out.closeArchiveEntry();
        }
        String id = docker.ok("import", "-c", "LABEL imported=yes", "-m", "from a test", tar.toString(), "cli/imported:1").strip();
        assertTrue(id.startsWith("sha256:"), id);
        assertEquals("yes", docker.ok("inspect", "--format", "{{index .Config.Labels \"imported\"}}", "cli/imported:1").strip());
        assertEquals("from a test", docker.ok("history", "--format", "{{.Comment}}", "cli/imported:1").strip());
        docker.ok("rmi", "cli/imported:1");
    }

    @Test
    void pushToAndPullFromTheTestRegistry() throws Exception {
        String remote = REGISTRY.host() + "/cli/busybox:pushed";
        docker.ok("tag", IMAGE, remote);
        String push = docker.ok("push", remote);
        assertTrue(push.contains("The push refers to repository [" + REGISTRY.host() + "/cli/busybox]"), push);
        String digest = berth.image(remote).digest();
        assertTrue(push.contains("pushed: digest: " + digest + " size: "), push);
        docker.ok("rmi", remote);
        String pull = docker.ok("pull", remote);
        assertTrue(pull.contains("Pulling from cli/busybox"), pull);
        assertTrue(pull.contains("Digest: " + digest), pull);
        assertTrue(pull.contains(remote), pull);
        assertTrue(docker.ok("pull", remote).contains("Image is up to date for " + remote));
        DockerCli.Result missing = docker.run("pull", REGISTRY.host() + "/cli/nosuch:1");
        assertNotEquals(0, missing.exitCode());
        assertTrue(missing.err().contains("does not exist") || missing.err().contains("not found"), missing.toString());
        docker.ok("rmi", remote);
    }
}
