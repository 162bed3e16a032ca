package dev.berth.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.berth.BerthInternals;
import dev.berth.BuildException;
import dev.berth.Image;
import dev.berth.ImageBuilder;
import dev.berth.image.oci.Descriptor;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.Daemon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dockerfile features BuildKit accepts (#18 item 5), each in a real build: relative RUN --mount
 * targets, secret and ssh mounts, COPY --parents and --exclude, ADD of a URL without a checksum,
 * ADD of a git repository, and the refusals of RUN --security=insecure and --device.
 */
class DockerfileFeaturesTest extends BuildFixture {
    @TempDir
    Path context;

    private ImageBuilder dockerfile(String text) throws Exception {
        Files.writeString(context.resolve("Dockerfile"), text);
        return berth.build(context);
    }

    @Test
    void aRelativeMountTargetIsBelowTheWorkdir() throws Exception {
        Files.writeString(context.resolve("input.txt"), "bound\n");
        Image image = dockerfile("FROM " + BUSYBOX + "\nUSER root\nWORKDIR /work\n"
                + "RUN --mount=type=bind,source=input.txt,target=in/input.txt cat /work/in/input.txt > /out\n")
                .build("berth.test/relative-mount:1");
        assertEquals("bound\n", runIn(image, "cat", "/out"));
        assertEquals("", runIn(image, "sh", "-c", "test -e /work/in || echo -n"), "no mount point in the layer");
    }

    @Test
    void aTmpfsMountIsEmptyWritableAndLeavesNothingInTheLayer() throws Exception {
        Image image = dockerfile("FROM " + BUSYBOX + "\nUSER root\nWORKDIR /w\n"
                + "RUN --mount=type=tmpfs,target=scratch,size=1m echo x > /w/scratch/f"
                + " && grep -q ' /w/scratch tmpfs .*size=1024k' /proc/mounts && echo tmpfs > /seen\n")
                .build("berth.test/tmpfs:1");
        assertEquals("tmpfs\ngone\n", runIn(image, "sh", "-c", "cat /seen; test -e /w/scratch || echo gone"));
    }

    @Test
    void secretsAreSeenByTheCommandOnlyNeverInALayerTheHistoryOrTheCacheKey() throws Exception {
        Path secret = Files.writeString(context.getParent().resolve("token-" + System.nanoTime()), "s3cr3t-value");
        String text = "FROM " + BUSYBOX + "\nUSER root\n"
                + "RUN --mount=type=secret,id=token,mode=0440,uid=1000 stat -c '%a %u' /run/secrets/token > /seen"
                + " && wc -c < /run/secrets/token >> /seen\n"
                + "RUN --mount=type=secret,id=token,env=TOKEN,target=/etc/tok test \"$TOKEN\" = \"$(cat /etc/tok)\""
                + " && test ${#TOKEN} = 12 && echo env-ok >> /seen\n"
                + "RUN --mount=type=secret,id=absent test ! -e /run/secrets/absent && echo absent-ok >> /seen\n";
        try {
            Recorder first = new Recorder();
            Image image = dockerfile(text).secret("token", secret).listener(first).build("berth.test/secret:1");
            assertEquals("440 1000\n12\nenv-ok\nabsent-ok\n", runIn(image, "cat", "/seen"));
            assertEquals("gone\n", runIn(image, "sh", "-c", "test -e /run/secrets || test -e /etc/tok || echo gone"));
            for (Descriptor layer : BerthInternals.store(berth).inspect(image.digest()).manifest().value().layers()) {
                try (InputStream in = BerthInternals.store(berth).openBlob(layer.digest())) {
                    assertFalse(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).contains("s3cr3t"),
                            "the secret is in layer " + layer.digest());
                }
            }
            assertFalse(image.history().toString().contains("s3cr3t"), image.history().toString());

            // Another value of the secret: the steps are still taken from the cache, as BuildKit keys them.
            Files.writeString(secret, "other-value!");
            Recorder second = new Recorder();
            dockerfile(text).secret("token", secret).listener(second).build("berth.test/secret:2");
            assertEquals(3, second.cached.size(), "cached: " + second.cached);

            BuildException missing = assertThrows(BuildException.class, () -> dockerfile("FROM " + BUSYBOX + "\n"
                    + "RUN --mount=type=secret,id=nope,required true\n").build("berth.test/secret:3"));
            assertTrue(missing.getMessage().contains("Dockerfile:2") && missing.getMessage().contains("secret nope: not provided"),
                    missing.getMessage());
        } finally {
            Files.deleteIfExists(secret);
        }
    }

    @Test
    void anSshMountShowsTheAgentSocketAndSetsSshAuthSock() throws Exception {
        Path socket = Files.createTempDirectory("berth-ssh-").resolve("agent.sock");
        try (ServerSocketChannel agent = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            agent.bind(UnixDomainSocketAddress.of(socket));
            Image image = dockerfile("FROM " + BUSYBOX + "\nUSER root\n"
                    + "RUN --mount=type=ssh test -S \"$SSH_AUTH_SOCK\" && echo \"$SSH_AUTH_SOCK\" > /ssh\n")
                    .ssh("default", socket).build("berth.test/ssh:1");
            assertEquals("/run/buildkit/ssh_agent.0\n", runIn(image, "cat", "/ssh"));
            assertEquals("gone\n", runIn(image, "sh", "-c", "test -e /run/buildkit || echo gone"));
        } finally {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(socket.getParent());
        }
    }

    @Test
    void copyParentsKeepsTheSourcePathsAndExcludeLeavesPathsOut() throws Exception {
        Files.createDirectories(context.resolve("a/b"));
        Files.createDirectories(context.resolve("x"));
        Files.writeString(context.resolve("a/b/c.txt"), "c\n");
        Files.writeString(context.resolve("a/d.txt"), "d\n");
        Files.writeString(context.resolve("x/y.log"), "y\n");
        Files.writeString(context.resolve("x/z.txt"), "z\n");
        Image image = dockerfile("FROM " + BUSYBOX + "\n"
                + "COPY --parents a/b/c.txt x/ /p/\n"
                + "COPY --parents a/./b/c.txt /q/\n"
                + "COPY --parents */*.txt /r/\n"
                + "COPY --parents a*/./b/c.txt /s/\n"
                + "COPY --exclude=*.log --exclude=b a x /e/\n")
                .build("berth.test/parents:1");
        assertEquals("/e/d.txt\n/e/z.txt\n/p/a/b/c.txt\n/p/x/y.log\n/p/x/z.txt\n/q/b/c.txt\n/r/a/d.txt\n/r/x/z.txt\n/s/b/c.txt\n",
                runIn(image, "sh", "-c", "find /e /p /q /r /s -type f | sort"));
    }

    @Test
    void addOfAUrlWithoutChecksumNamesTheFileByTheUrlAndDatesItByLastModified() throws Exception {
        byte[] body = "downloaded\n".getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/files/tool.txt", ex -> {
            ex.getResponseHeaders().add("Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/files/tool.txt";
            Image image = dockerfile("FROM " + BUSYBOX + "\nADD " + url + " /dl/\n").build("berth.test/add-url:1");
            assertEquals("600 1445412480 downloaded\n",
                    runIn(image, "sh", "-c", "echo $(stat -c '%a %Y' /dl/tool.txt) $(cat /dl/tool.txt)"));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void addOfAGitRepositoryChecksOutTheRefAndSubdirectory() throws Exception {
        Path repoDir = Files.createTempDirectory("berth-git-");
        try (Git git = Git.init().setDirectory(repoDir.toFile()).setInitialBranch("main").call()) {
            Files.createDirectories(repoDir.resolve("sub"));
            Files.writeString(repoDir.resolve("sub/file.txt"), "v1\n");
            Files.writeString(repoDir.resolve("top.txt"), "top\n");
            git.add().addFilepattern(".").call();
            git.commit().setMessage("one").setSign(false).setAuthor("t", "t@example.com")
                    .setCommitter("t", "t@example.com").call();
            git.tag().setName("v1").setSigned(false).call();
            Files.writeString(repoDir.resolve("sub/file.txt"), "v2\n");
            git.commit().setAll(true).setMessage("two").setSign(false).setAuthor("t", "t@example.com")
                    .setCommitter("t", "t@example.com").call();
            Repository repository = git.getRepository();
            Daemon daemon = new Daemon(new InetSocketAddress("127.0.0.1", 0));
            daemon.getService("git-upload-pack").setEnabled(true);
            daemon.setRepositoryResolver((request, name) -> {
                repository.incrementOpen();
                return repository;
            });
            daemon.start();
            try {
                String url = "git://127.0.0.1:" + daemon.getAddress().getPort() + "/repo.git";
                Image image = dockerfile("FROM " + BUSYBOX + "\n"
                        + "ADD " + url + "#v1:sub /g/\n"
                        + "ADD " + url + " /head/\n"
                        + "ADD --keep-git-dir=true " + url + "#main /k/\n")
                        .build("berth.test/add-git:1");
                assertEquals("v1\nv2\ntop\nkept\nno git dir\n", runIn(image, "sh", "-c", "cat /g/file.txt /head/sub/file.txt"
                        + " /head/top.txt; test -d /k/.git && echo kept; test -e /head/.git || echo no git dir"));
                BuildException missing = assertThrows(BuildException.class, () -> dockerfile("FROM " + BUSYBOX + "\n"
                        + "ADD " + url + "#no-such-ref /x/\n").build("berth.test/add-git:2"));
                assertTrue(missing.getMessage().contains("no branch, tag or commit no-such-ref"), missing.getMessage());
            } finally {
                daemon.stop();
            }
        } finally {
            dev.berth.overlayfs.FileTrees.delete(repoDir);
        }
    }

    @Test
    void buildChecksReachTheListenerBeforeTheFirstStepAndFailTheBuildWithCheckErrorTrue() throws Exception {
        Recorder recorder = new Recorder();
        dockerfile("FROM " + BUSYBOX + " as base\nMAINTAINER me\n").listener(recorder).build("berth.test/checks:1");
        assertEquals(List.of("0 FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 1)",
                "0 MaintainerDeprecated: Maintainer instruction is deprecated in favor of using label (line 2)"),
                recorder.warnings);
        Recorder failing = new Recorder();
        BuildException e = assertThrows(BuildException.class, () -> dockerfile("# check=error=true;skip=MaintainerDeprecated\n"
                + "FROM " + BUSYBOX + " as base\nMAINTAINER me\n").listener(failing).build("berth.test/checks:2"));
        assertEquals("Dockerfile: lint violation found for rules: FromAsCasing", e.getMessage());
        assertEquals(List.of(), failing.started, "no step ran");
    }

    @Test
    void insecureSecurityAndDevicesAreRefusedWithTheReasonAndLine() throws Exception {
        BuildException insecure = assertThrows(BuildException.class, () -> dockerfile("FROM " + BUSYBOX + "\n"
                + "RUN --security=insecure true\n").build("berth.test/insecure:1"));
        assertTrue(insecure.getMessage().contains("line 2") && insecure.getMessage().contains("RUN --security=insecure is not"
                + " supported: Berth runs every build step as a container's root"), insecure.getMessage());
        RuntimeException device = assertThrows(RuntimeException.class, () -> dockerfile("FROM " + BUSYBOX + "\n\n"
                + "RUN --device=/dev/fuse true\n").build("berth.test/device:1"));
        assertTrue(device.getMessage().contains("line 3") && device.getMessage().contains("RUN --device=/dev/fuse is not"
                + " supported: Berth's build steps get no host devices"), device.getMessage());
    }
}
