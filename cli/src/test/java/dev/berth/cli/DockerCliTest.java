package dev.berth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.namespaces.testing.RequiresRoot;
import dev.berth.registry.testing.LocalRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The docker CLI (Debian's docker.io, 20.10) unchanged against {@code berth serve}, with
 * {@code DOCKER_HOST=unix://...}: each verb the issue lists, as a user types it, on the
 * busybox-based demo image. One server for the class; each test names its own objects.
 */
@RequiresRoot("berth serve runs containers")
class DockerCliTest {
    static final String IMAGE = "localhost/berth-demo";

    @TempDir
    static Path dir;
    static ServedBerth served;
    static HostCommand shell;
    static Cli berth;

    @BeforeAll
    static void serve() throws Exception {
        HostCommand.assume(HostCommand.DOCKER, "docker.io");
        Path home = dir.resolve("home");
        berth = new Cli(home);
        Cli.Result demo = berth.run("demo");
        assertEquals(0, demo.code(), demo.toString());
        served = ServedBerth.start(home, dir.resolve("run/docker.sock"));
        // A private client configuration (no credential helpers) and the classic builder, which posts /build.
        shell = new HostCommand(Map.of("DOCKER_HOST", served.dockerHost(), "DOCKER_CONFIG", dir.resolve("docker-config").toString(),
                "DOCKER_BUILDKIT", "0"), Files.createDirectories(dir.resolve("work")));
    }

    @AfterAll
    static void stop() throws Exception {
        if (served == null) {
            return;
        }
        try {
            removeEach(docker("ps", "-aq"), "rm", "-f");
            // A failed test's networks would leave their bridges on the host.
            removeEach(docker("network", "ls", "-q", "--filter", "type=custom"), "network", "rm");
            removeEach(docker("volume", "ls", "-q"), "volume", "rm", "-f");
        } finally {
            served.close();
            // Whatever the API could not remove: berth itself, on the same store.
            for (String line : berth.run("ps", "-a", "-q").out().split("\\s+")) {
                if (!line.isBlank()) {
                    berth.run("rm", "-f", line);
                }
            }
        }
    }

    private static void removeEach(Cli.Result listed, String... verb) throws Exception {
        for (String id : listed.out().split("\\s+")) {
            if (!id.isBlank()) {
                List<String> argv = new ArrayList<>(Arrays.asList(verb));
                argv.add(id);
                docker(argv.toArray(String[]::new));
            }
        }
    }

    static Cli.Result docker(String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(HostCommand.DOCKER));
        argv.addAll(Arrays.asList(args));
        return shell.run(argv);
    }

    /** Runs a docker command that must succeed and returns its stdout. */
    static String ok(String... args) throws Exception {
        Cli.Result r = docker(args);
        assertEquals(0, r.code(), () -> "docker " + String.join(" ", args) + "\n" + r);
        return r.out();
    }

    @Test
    void berthRmVRemovesTheAnonymousVolumesDockerMadeAndKeepsNamedOnes() throws Exception {
        ok("volume", "create", "kept-named");
        ok("create", "--name", "anon-v", "-v", "/data", "-v", "kept-named:/named", IMAGE, "true");
        String anonymous = ok("inspect", "-f", "{{range .Mounts}}{{if eq .Destination \"/data\"}}{{.Name}}{{end}}{{end}}", "anon-v").strip();
        assertTrue(anonymous.matches("[0-9a-f]{64}"), anonymous);
        assertEquals(new Cli.Result(0, "anon-v\n", ""), berth.run("rm", "-v", "anon-v"));
        String volumes = ok("volume", "ls", "-q");
        assertFalse(volumes.contains(anonymous), volumes);
        assertTrue(volumes.contains("kept-named"), volumes);
        ok("volume", "rm", "kept-named");
    }

    @Test
    void addHostGoesIntoTheContainersHostsFile() throws Exception {
        Cli.Result r = docker("run", "--rm", "--add-host", "db.example:10.1.2.3", IMAGE, "grep", "db.example", "/etc/hosts");
        assertEquals(new Cli.Result(0, "10.1.2.3\tdb.example\n", ""), r);
    }

    @Test
    void dnsOptionsGoIntoTheContainersResolvConf() throws Exception {
        Cli.Result r = docker("run", "--rm", "--dns", "10.9.8.7", "--dns-search", "corp.example", "--dns-option", "ndots:2",
                IMAGE, "cat", "/etc/resolv.conf");
        assertEquals(0, r.code(), r.toString());
        List<String> lines = r.out().lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertEquals(List.of("nameserver 10.9.8.7", "search corp.example", "options ndots:2"), lines, r.toString());
    }

    @Test
    void versionAndInfoNegotiateTheClientsVersion() throws Exception {
        // The 20.10 client speaks up to 1.41; the server must accept it, not call it too old or too new.
        assertEquals("1.41 linux\n", ok("version", "--format", "{{.Client.APIVersion}} {{.Server.Os}}"));
        String info = ok("info", "--format", "{{.OSType}} {{.Containers}}");
        assertTrue(info.matches("linux [0-9]+\n"), info);
    }

    @Test
    void runInTheForegroundPrintsBothStreamsAndReturnsTheExitCode() throws Exception {
        Cli.Result r = docker("run", "--rm", IMAGE, "sh", "-c", "echo to-out; echo to-err >&2; exit 3");
        assertEquals(3, r.code(), r.toString());
        assertEquals("to-out\n", r.out(), r.toString());
        assertTrue(r.err().contains("to-err"), r.toString());
        assertFalse(ok("ps", "-a", "--format", "{{.Image}} {{.Command}}").contains("to-out"), "--rm removed it");
    }

    @Test
    void aDetachedServerPublishesItsPortAndShowsInPsPortTopStatsAndInspect() throws Exception {
        String id = ok("run", "-d", "--name", "web", "-p", "127.0.0.1::8080", IMAGE, "httpd", "-f", "-p", "8080", "-h", "/etc").strip();
        assertTrue(id.matches("[0-9a-f]{64}"), id);
        try {
            assertTrue(ok("ps", "--format", "{{.ID}} {{.Names}} {{.Status}}").lines()
                    .anyMatch(l -> l.startsWith(id.substring(0, 12) + " web Up")), ok("ps"));
            assertEquals(id.substring(0, 12) + "\n", ok("ps", "-q", "--filter", "name=web"));
            String port = ok("port", "web", "8080").lines().findFirst().orElseThrow();
            assertTrue(port.matches("127\\.0\\.0\\.1:[0-9]+"), port);
            assertEquals(berthDemoFile(), awaitPage("http://" + port + "/berth-demo"));
            assertEquals("true /web " + IMAGE + " 8080/tcp\n",
                    ok("inspect", "--format", "{{.State.Running}} {{.Name}} {{.Config.Image}} {{range $p, $b := .NetworkSettings.Ports}}{{$p}}{{end}}", "web"));
            assertTrue(ok("top", "web").lines().anyMatch(l -> l.contains("httpd -f -p 8080")), ok("top", "web"));
            String stats = ok("stats", "--no-stream", "--format", "{{.Name}} {{.MemUsage}} {{.PIDs}}", "web");
            assertTrue(stats.matches("web [0-9.]+[KMG]i?B / [0-9.]+[KMGT]i?B [1-9][0-9]*\n"), stats);
        } finally {
            ok("rm", "-f", "web");
        }
        assertEquals("", ok("ps", "-aq", "--filter", "name=web"));
    }

    /** The body of the first 200 answer at {@code url}, trying for up to 30 s while the server starts. */
    static String awaitPage(String url) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String last = "";
        for (int i = 0; i < 60; i++) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return r.body();
                }
                last = r.statusCode() + " " + r.body();
            } catch (java.io.IOException e) {
                last = e.toString();
            }
            Thread.sleep(500);
        }
        return "no 200 from " + url + " in 30 s: " + last;
    }

    /**
     * {@code GET /berth-demo} from {@code from} to port 8080 of {@code host}, with nc: Debian 12's
     * busybox-static wget crashes (SIGSEGV), on the host too.
     */
    static String httpGet(String from, String host) throws Exception {
        return ok("exec", from, "sh", "-c", "printf 'GET /berth-demo HTTP/1.0\\r\\n\\r\\n' | nc -w 10 " + host + " 8080");
    }

    private static String berthDemoFile() throws Exception {
        return ok("run", "--rm", IMAGE, "cat", "/etc/berth-demo");
    }

    @Test
    void logsSplitTheStreamsAndTail() throws Exception {
        ok("run", "-d", "--name", "logger", IMAGE, "sh", "-c", "echo one; echo two >&2; sleep 1; echo three; sleep 300");
        try {
            // Apart in time: the two streams are separate pipes, in Docker too, so lines written together may be stored in either order.
            Cli.Result logs = awaitLogs("logger", "three");
            assertEquals("one\nthree\n", logs.out(), logs.toString());
            assertEquals("two\n", logs.err(), logs.toString());
            assertEquals("three\n", ok("logs", "--tail", "1", "logger"));
        } finally {
            ok("rm", "-f", "logger");
        }
    }

    private static Cli.Result awaitLogs(String container, String text) throws Exception {
        Cli.Result logs = docker("logs", container);
        for (int i = 0; i < 100 && !logs.out().contains(text); i++) {
            Thread.sleep(200);
            logs = docker("logs", container);
        }
        return logs;
    }

    @Test
    void execWithAPtyAndWithout() throws Exception {
        HostCommand.assume("/usr/bin/script", "bsdutils");
        ok("run", "-d", "--name", "shell", IMAGE, "sleep", "300");
        try {
            // script(1) gives docker a terminal, as a user's shell does.
            Cli.Result tty = shell.run("/usr/bin/script", "-qec",
                    HostCommand.DOCKER + " exec -it shell sh -c 'test -t 0 && test -t 1 && echo on-a-terminal $(tty); echo in-$((2+3)); exit 4'", "/dev/null");
            assertEquals(4, tty.code(), tty.toString());
            // stdin and stdout are a terminal: as under dockerd, a pty of the container's own
            // devpts, which tty(1) inside names.
            assertTrue(tty.out().contains("on-a-terminal /dev/pts/0"), tty.toString());
            assertTrue(tty.out().contains("in-5"), tty.toString());
            assertEquals("not a tty\n", docker("exec", "shell", "tty").out());
            Cli.Result code = docker("exec", "-e", "X=y", "-w", "/etc", "shell", "sh", "-c", "echo $X $(pwd); exit 7");
            assertEquals(7, code.code(), code.toString());
            assertEquals("y /etc\n", code.out(), code.toString());
        } finally {
            ok("rm", "-f", "shell");
        }
    }

    @Test
    void cpCopiesBothWays() throws Exception {
        ok("run", "-d", "--name", "files", IMAGE, "sleep", "300");
        try {
            Path in = Files.writeString(dir.resolve("work/in.txt"), "from the host\n");
            ok("cp", in.toString(), "files:/tmp/");
            assertEquals("from the host\n", ok("exec", "files", "cat", "/tmp/in.txt"));
            ok("exec", "files", "sh", "-c", "mkdir -p /out/sub && echo from the container > /out/sub/f");
            Path out = dir.resolve("work/out");
            ok("cp", "files:/out", out.toString());
            assertEquals("from the container\n", Files.readString(out.resolve("sub/f")));
            Cli.Result missing = docker("cp", "files:/no/such", dir.resolve("work/x").toString());
            assertEquals(1, missing.code(), missing.toString());
            assertTrue(missing.err().contains("No such container:path") || missing.err().contains("Could not find the file"), missing.toString());
        } finally {
            ok("rm", "-f", "files");
        }
    }

    @Test
    void inspectFormatsAndProbesEachType() throws Exception {
        ok("create", "--name", "probe", "-e", "A=1", "--label", "k=v", "-w", "/tmp", IMAGE, "true");
        try {
            assertEquals("created false 0 A=1 v /tmp\n", ok("inspect", "--format",
                    "{{.State.Status}} {{.State.Running}} {{.State.ExitCode}} {{range .Config.Env}}{{if eq . \"A=1\"}}{{.}}{{end}}{{end}}"
                            + " {{index .Config.Labels \"k\"}} {{.Config.WorkingDir}}", "probe"));
            assertEquals(IMAGE + ":latest\n", ok("image", "inspect", "--format", "{{index .RepoTags 0}}", IMAGE));
            Cli.Result none = docker("inspect", "no-such-thing");
            assertEquals(1, none.code(), none.toString());
            assertTrue(none.err().contains("No such object: no-such-thing"), none.toString());
        } finally {
            ok("rm", "probe");
        }
    }

    @Test
    void buildWithArgsTargetAndLabels() throws Exception {
        Path ctx = Files.createDirectories(dir.resolve("work/ctx"));
        Files.writeString(ctx.resolve("greeting"), "hello\n");
        Files.writeString(ctx.resolve("Dockerfile"), "FROM " + IMAGE + " AS base\n"
                + "ARG WHO=nobody\n"
                + "COPY greeting /greeting\n"
                + "RUN echo \"$WHO\" > /who\n"
                + "LABEL stage=base\n"
                + "FROM base AS final\n"
                + "RUN echo final > /stage\n"
                + "CMD [\"cat\", \"/greeting\", \"/who\"]\n");
        ok("build", "-t", "built:1", "--build-arg", "WHO=berth", "--label", "by=test", ctx.toString());
        try {
            assertEquals("hello\nberth\n", ok("run", "--rm", "built:1"));
            assertEquals("base test\n", ok("image", "inspect", "--format", "{{index .Config.Labels \"stage\"}} {{index .Config.Labels \"by\"}}", "built:1"));
            ok("build", "-q", "-t", "built:base", "--target", "base", ctx.toString());
            Cli.Result noStage = docker("run", "--rm", "built:base", "cat", "/stage");
            assertEquals(1, noStage.code(), "--target base stops before the final stage: " + noStage);
        } finally {
            docker("rmi", "built:1", "built:base");
        }
    }

    @Test
    void imagesTagAndRmi() throws Exception {
        ok("tag", IMAGE, "mine:v1");
        assertTrue(ok("images", "--format", "{{.Repository}}:{{.Tag}}").lines().anyMatch("mine:v1"::equals), ok("images"));
        String id = ok("image", "inspect", "--format", "{{.Id}}", IMAGE).strip();
        assertEquals(id + "\n", ok("image", "inspect", "--format", "{{.Id}}", "mine:v1"));
        assertTrue(ok("rmi", "mine:v1").contains("Untagged: mine:v1"));
        assertFalse(ok("images", "--format", "{{.Repository}}:{{.Tag}}").contains("mine:v1"));
        assertTrue(ok("images", "-q").contains(id.substring("sha256:".length(), "sha256:".length() + 12)), "the image stays under its other name");
        Cli.Result gone = docker("rmi", "mine:v1");
        assertEquals(1, gone.code(), gone.toString());
        assertTrue(gone.err().contains("No such image: mine:v1"), gone.toString());
    }

    @Test
    void pushAndPullAgainstALocalRegistry() throws Exception {
        Assumptions.assumeTrue(LocalRegistry.available(), "docker-registry is not installed (apt-get install docker-registry)");
        try (LocalRegistry registry = LocalRegistry.start(Files.createDirectories(dir.resolve("registry")))) {
            String ref = registry.host() + "/clients/demo:1";
            ok("tag", IMAGE, ref);
            String push = ok("push", ref);
            assertTrue(push.contains("1: digest: sha256:"), push);
            ok("rmi", ref);
            String pull = ok("pull", ref);
            assertTrue(pull.contains("Status: Downloaded newer image for " + ref), pull);
            assertEquals("pulled\n", ok("run", "--rm", ref, "echo", "pulled"));
            Cli.Result missing = docker("pull", registry.host() + "/clients/none:1");
            assertEquals(1, missing.code(), missing.toString());
            ok("rmi", ref);
        }
    }

    @Test
    void networkVerbsAndNamesOnIt() throws Exception {
        ok("network", "create", "--label", "team=clients", "backend");
        try {
            assertTrue(ok("network", "ls", "--format", "{{.Name}}").lines().anyMatch("backend"::equals));
            assertTrue(ok("network", "ls", "--format", "{{.Name}}").lines().anyMatch("bridge"::equals), "Docker's default network");
            assertEquals("backend bridge clients\n", ok("network", "inspect", "--format", "{{.Name}} {{.Driver}} {{index .Labels \"team\"}}", "backend"));
            // Servers both (busybox httpd serving /etc), so each can reach the other over TCP; ping
            // needs NET_RAW, which Berth's default capabilities leave out.
            ok("run", "-d", "--name", "db", "--network", "backend", "--network-alias", "database", IMAGE, "httpd", "-f", "-p", "8080", "-h", "/etc");
            ok("run", "-d", "--name", "app", IMAGE, "httpd", "-f", "-p", "8080", "-h", "/etc");
            ok("network", "connect", "backend", "app");
            assertTrue(ok("inspect", "--format", "{{range $n, $e := .NetworkSettings.Networks}}{{$n}} {{end}}", "app").contains("backend"));
            // Both ways, after the second joined: by name and by alias.
            String page = berthDemoFile();
            assertTrue(httpGet("app", "database").endsWith("\r\n\r\n" + page), "app reaches db by its alias");
            assertTrue(httpGet("db", "app").endsWith("\r\n\r\n" + page), "db reaches app, which joined later, by name");
            ok("network", "disconnect", "backend", "app");
            assertFalse(ok("inspect", "--format", "{{range $n, $e := .NetworkSettings.Networks}}{{$n}} {{end}}", "app").contains("backend"));
            Cli.Result busy = docker("network", "rm", "backend");
            assertEquals(1, busy.code(), "a network with a container on it stays: " + busy);
        } finally {
            docker("rm", "-f", "db", "app");
        }
        ok("network", "rm", "backend");
        Cli.Result gone = docker("network", "inspect", "backend");
        assertEquals(1, gone.code(), gone.toString());
    }

    @Test
    void volumeVerbsAndDataThatOutlivesContainers() throws Exception {
        ok("volume", "create", "--label", "team=clients", "data");
        try {
            assertTrue(ok("volume", "ls", "-q").lines().anyMatch("data"::equals));
            assertEquals("data local clients\n", ok("volume", "inspect", "--format", "{{.Name}} {{.Driver}} {{index .Labels \"team\"}}", "data"));
            ok("run", "--rm", "-v", "data:/data", IMAGE, "sh", "-c", "echo kept > /data/f");
            assertEquals("kept\n", ok("run", "--rm", "-v", "data:/data:ro", IMAGE, "cat", "/data/f"));
            assertEquals("data\n", ok("volume", "ls", "-q", "--filter", "label=team=clients"));
        } finally {
            ok("volume", "rm", "data");
        }
        assertEquals(1, docker("volume", "inspect", "data").code());
    }

    @Test
    void stopKillWaitAndRm() throws Exception {
        ok("run", "-d", "--name", "stoppable", IMAGE, "sh", "-c", "trap 'exit 5' TERM; while true; do sleep 1; done");
        ok("run", "-d", "--name", "killable", IMAGE, "sleep", "300");
        try {
            ok("stop", "-t", "20", "stoppable");
            assertEquals("5\n", ok("wait", "stoppable"));
            assertEquals("exited 5\n", ok("inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", "stoppable"));
            ok("kill", "killable");
            assertEquals("137\n", ok("wait", "killable"));
            assertEquals(1, docker("rm", "nothing-here").code());
            ok("rm", "stoppable", "killable");
            assertEquals("", ok("ps", "-aq", "--filter", "name=stoppable"));
        } finally {
            docker("rm", "-f", "stoppable", "killable");
        }
    }

    /** #18 item 9: as with dockerd, the command is PID 1 unless docker run --init (HostConfig.Init: true). */
    @Test
    void theCommandIsPidOneUnlessInitIsGiven() throws Exception {
        assertEquals("1\n", ok("run", "--rm", IMAGE, "sh", "-c", "echo $$"));
        String underInit = ok("run", "--rm", "--init", IMAGE, "sh", "-c", "echo $$");
        assertFalse(underInit.equals("1\n"), underInit);
        ok("run", "-d", "--init", "--name", "with-init", IMAGE, "sh", "-c", "(sh -c 'sleep 1; touch /tmp/done' &); exec sleep 300");
        ok("run", "-d", "--name", "pid-one", IMAGE, "sleep", "300");
        try {
            assertEquals("true\n", ok("inspect", "--format", "{{.HostConfig.Init}}", "with-init"));
            assertEquals("<nil>\n", ok("inspect", "--format", "{{.HostConfig.Init}}", "pid-one"), "dockerd omits Init unless --init");
            // The init reaps the orphan once it ends: no zombie stays.
            Cli.Result zombies = null;
            for (int i = 0; i < 300; i++) {
                zombies = docker("exec", "with-init", "sh", "-c", "test -e /tmp/done && " + CliContainerVerbsTest.ZOMBIES);
                if (zombies.code() == 0 && zombies.out().isEmpty()) {
                    break;
                }
                Thread.sleep(100);
            }
            assertEquals(new Cli.Result(0, "", ""), zombies, "the orphaned sh ended and was reaped");
            // docker stop: a PID 1 without a SIGTERM handler ignores it and is killed after the timeout.
            ok("stop", "-t", "1", "pid-one");
            assertEquals("137\n", ok("wait", "pid-one"));
            // Under the init, SIGTERM reaches the command, which dies of it.
            ok("stop", "-t", "60", "with-init");
            assertEquals("143\n", ok("wait", "with-init"));
        } finally {
            docker("rm", "-f", "with-init", "pid-one");
        }
    }

    @Test
    void aRunningContainerIsNotRemovedWithoutForce() throws Exception {
        ok("run", "-d", "--name", "busy", IMAGE, "sleep", "300");
        try {
            Cli.Result refused = docker("rm", "busy");
            assertEquals(1, refused.code(), refused.toString());
            // Docker 20.10 says "Stop the container before attempting removal or force remove", later ones "stop the container before removing or force remove".
            assertTrue(refused.err().contains(" or force remove"), refused.toString());
        } finally {
            ok("rm", "-f", "busy");
        }
    }

    @Test
    void saveAndLoad() throws Exception {
        ok("tag", IMAGE, "saved:1");
        Path tar = dir.resolve("work/saved.tar");
        ok("save", "-o", tar.toString(), "saved:1");
        assertTrue(Files.size(tar) > 100_000, "busybox is in it");
        ok("rmi", "saved:1");
        assertTrue(ok("load", "-i", tar.toString()).contains("Loaded image: saved:1"));
        assertEquals("loaded\n", ok("run", "--rm", "saved:1", "echo", "loaded"));
        ok("rmi", "saved:1");
    }

    @Test
    void eventsBetweenSinceAndUntil() throws Exception {
        long since = System.currentTimeMillis() / 1000 - 1;
        ok("run", "--name", "evented", IMAGE, "true");
        ok("rm", "evented");
        long until = System.currentTimeMillis() / 1000 + 2;
        String events = ok("events", "--since", Long.toString(since), "--until", Long.toString(until),
                "--filter", "container=evented", "--format", "{{.Type}} {{.Action}} {{.Actor.Attributes.name}}");
        List<String> actions = events.lines().map(l -> l.split(" ")[1]).filter(a -> List.of("create", "start", "die", "destroy").contains(a)).toList();
        assertEquals(List.of("create", "start", "die", "destroy"), actions, events);
        assertTrue(events.lines().allMatch(l -> l.startsWith("container ") && l.endsWith(" evented")), events);
    }

    @Test
    void systemDf() throws Exception {
        String df = ok("system", "df");
        assertTrue(df.lines().anyMatch(l -> l.startsWith("Images ")), df);
        assertTrue(df.lines().anyMatch(l -> l.startsWith("Containers ")), df);
        assertTrue(df.lines().anyMatch(l -> l.startsWith("Local Volumes ")), df);
        String verbose = ok("system", "df", "-v");
        assertTrue(verbose.contains(IMAGE), verbose);
    }

    @Test
    void pauseRenameCommitDiffAndHistory() throws Exception {
        ok("run", "-d", "--name", "before", IMAGE, "sh", "-c", "echo changed > /etc/changed; sleep 300");
        try {
            ok("rename", "before", "after");
            ok("pause", "after");
            assertEquals("paused\n", ok("inspect", "--format", "{{.State.Status}}", "after"));
            ok("unpause", "after");
            assertEquals("running\n", ok("inspect", "--format", "{{.State.Status}}", "after"));
            awaitFile("after", "/etc/changed");
            assertTrue(ok("diff", "after").lines().anyMatch("A /etc/changed"::equals), ok("diff", "after"));
            ok("commit", "--change", "ENV COMMITTED=yes", "after", "committed:1");
            assertEquals("changed yes\n", ok("run", "--rm", "committed:1", "sh", "-c", "echo $(cat /etc/changed) $COMMITTED"));
            assertTrue(ok("history", "-q", "committed:1").lines().count() >= 2, ok("history", "committed:1"));
        } finally {
            docker("rm", "-f", "after", "before");
            docker("rmi", "committed:1");
        }
    }

    private static void awaitFile(String container, String path) throws Exception {
        for (int i = 0; i < 100 && docker("exec", container, "test", "-e", path).code() != 0; i++) {
            Thread.sleep(100);
        }
    }
}
