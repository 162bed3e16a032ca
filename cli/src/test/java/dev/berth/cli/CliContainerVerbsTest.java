package dev.berth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.berth.namespaces.testing.RequiresRoot;
import dev.berth.overlayfs.FileTrees;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The container verbs docker has beside run: create, start (-a, -i), wait, attach, top, pause,
 * unpause, rename, restart, diff, commit, history, export, import, events, system df, info and
 * version, each as separate {@code berth} processes on one home: their output, exit codes, and
 * what they refuse; and the init, which run and create leave out unless {@code --init}, as docker
 * does. Needs root.
 */
@RequiresRoot("the CLI runs containers")
class CliContainerVerbsTest {
    private static final String IMAGE = "localhost/berth-demo";
    /** Every zombie's pid in the container, one a line. */
    static final String ZOMBIES = "for s in /proc/[0-9]*/stat; do read -r pid c st rest < $s && [ $st = Z ] && echo $pid; done; true";
    private static Path home;
    private static Cli berth;

    @BeforeAll
    static void buildTheDemoImage() throws Exception {
        home = Files.createTempDirectory("berth-cli-verbs");
        berth = new Cli(home);
        Cli.Result demo = berth.run("demo");
        assertEquals(0, demo.code(), demo.toString());
    }

    @AfterAll
    static void removeHome() throws Exception {
        if (home != null) {
            berth.run("rm", "-f", "v-run", "v-run2", "v-attach", "i-noinit", "i-init", "i-created", "i-stop", "i-trap", "i-fwd");
            FileTrees.delete(home);
        }
    }

    @Test
    void createThenStartAttachedWaitAndStartAgain() throws Exception {
        Cli.Result created = berth.run("create", "--name", "v-created", IMAGE, "sh", "-c", "echo out; echo err >&2; exit 4");
        assertEquals(0, created.code(), created.toString());
        assertTrue(created.out().matches("[0-9a-f]{64}\n"), created.toString());
        assertTrue(berth.run("ps", "-a").out().lines().anyMatch(l -> l.contains("Created") && l.endsWith("v-created")));

        Cli.Result conflict = berth.run("create", "--name", "v-created", IMAGE);
        assertEquals(1, conflict.code(), conflict.toString());
        assertOneLine(conflict.err(), "is already in use");

        Cli.Result attached = berth.run("start", "-a", "v-created");
        assertEquals(4, attached.code(), attached.toString());
        assertEquals("out\n", attached.out());
        assertEquals("err\n", attached.err());
        Cli.Result waited = berth.run("wait", "v-created");
        assertEquals(new Cli.Result(0, "4\n", ""), waited);

        // Several names: each that starts is printed, each that fails named on stderr; exit 1.
        Cli.Result some = berth.run("start", "v-created", "nosuch");
        assertEquals(new Cli.Result(1, "v-created\n", "berth: no such container: nosuch\n"), some);
        assertEquals(new Cli.Result(0, "4\n", ""), berth.run("wait", "v-created"));
        Cli.Result many = berth.run("start", "-a", "v-created", "nosuch");
        assertEquals(new Cli.Result(1, "", "berth: you cannot start and attach multiple containers at once\n"), many);
        assertEquals(new Cli.Result(1, "", "berth: no such container: nosuch\n"), berth.run("wait", "nosuch"));
        assertEquals(0, berth.run("rm", "v-created").code());
    }

    @Test
    void startAttachedAndInteractiveGivesItThisStdin() throws Exception {
        assertEquals(0, berth.run("create", "-i", "--name", "v-stdin", IMAGE, "sh", "-c", "read x; echo got $x").code());
        Cli.Result r = berth.runWithInput("hello\n".getBytes(StandardCharsets.UTF_8), "start", "-a", "-i", "v-stdin");
        assertEquals(new Cli.Result(0, "got hello\n", ""), r);
        assertEquals(0, berth.run("rm", "v-stdin").code());
    }

    @Test
    void topPauseUnpauseRenameDiffAndRestart() throws Exception {
        assertEquals(0, berth.run("run", "-d", "--name", "v-run", IMAGE, "sleep", "300").code());
        Cli.Result top = berth.run("top", "v-run");
        assertEquals(0, top.code(), top.toString());
        assertTrue(top.out().startsWith("UID                 PID                 PPID                C   "), top.toString());
        assertTrue(top.out().lines().anyMatch(l -> l.startsWith("root ") && l.endsWith("sleep 300")), top.toString());

        assertEquals(new Cli.Result(0, "v-run\n", ""), berth.run("pause", "v-run"));
        Cli.Result again = berth.run("pause", "v-run");
        assertEquals(1, again.code(), again.toString());
        assertOneLine(again.err(), "container v-run is already paused");
        assertEquals(new Cli.Result(0, "v-run\n", ""), berth.run("unpause", "v-run"));
        Cli.Result notPaused = berth.run("unpause", "v-run");
        assertEquals(1, notPaused.code(), notPaused.toString());
        assertOneLine(notPaused.err(), "container v-run is not paused");

        assertEquals(new Cli.Result(0, "", ""), berth.run("rename", "v-run", "v-run2"));
        assertTrue(berth.run("ps").out().lines().anyMatch(l -> l.endsWith("v-run2")));
        assertEquals(new Cli.Result(1, "", "berth: no such container: v-run\n"), berth.run("rename", "v-run", "x"));

        assertEquals(0, berth.run("exec", "v-run2", "sh", "-c", "mkdir /newdir && echo x > /tmp/f").code());
        assertEquals(new Cli.Result(0, "A /newdir\nC /tmp\nA /tmp/f\n", ""), berth.run("diff", "v-run2"));

        assertEquals(new Cli.Result(0, "v-run2\n", ""), berth.run("restart", "-t", "1", "v-run2"));
        assertTrue(berth.run("ps").out().lines().anyMatch(l -> l.contains(" Up ") && l.endsWith("v-run2")));
        assertEquals(new Cli.Result(0, "x\n", ""), berth.run("exec", "v-run2", "cat", "/tmp/f"), "the root stays across a restart");

        // stopped and started again by other processes than the one that ran it
        assertEquals(0, berth.run("stop", "-t", "1", "v-run2").code());
        assertEquals(new Cli.Result(0, "v-run2\n", ""), berth.run("start", "v-run2"));
        Cli.Result topStopped = berth.run("top", "nosuch");
        assertEquals(1, topStopped.code());

        Cli.Result refused = berth.run("restart", "--signal", "HUP", "v-run2");
        assertEquals(125, refused.code(), refused.toString());
        assertOneLine(refused.err(), "restart --signal");
        assertEquals(0, berth.run("rm", "-f", "v-run2").code());
    }

    @Test
    void attachFollowsTheOutputAndEndsWithTheExitCode() throws Exception {
        Instant since = Instant.now().minusSeconds(1);
        assertEquals(0, berth.run("run", "-d", "--name", "v-attach", IMAGE, "sh", "-c",
                "while [ ! -e /go ]; do echo tick; sleep 0.2; done; echo late; exit 7").code());
        CompletableFuture<Cli.Result> attach = CompletableFuture.supplyAsync(() -> {
            try {
                return berth.run("attach", "--no-stdin", "v-attach");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // The attach is recorded as an event once it is attached: only then does the container go on.
        String since10 = Long.toString(since.getEpochSecond());
        for (int i = 0; i < 120 && !berth.run("events", "--since", since10, "--until", "0s", "--filter", "event=attach",
                "--filter", "container=v-attach").out().contains(" container attach "); i++) {
            Thread.sleep(500);
        }
        assertEquals(0, berth.run("exec", "v-attach", "touch", "/go").code());
        Cli.Result r = attach.get();
        assertEquals(7, r.code(), r.toString());
        assertTrue(r.out().endsWith("late\n") && r.out().lines().allMatch(l -> l.equals("tick") || l.equals("late")), r.toString());

        Cli.Result stopped = berth.run("attach", "v-attach");
        assertEquals(new Cli.Result(1, "", "berth: You cannot attach to a stopped container, start it first\n"), stopped);
        Cli.Result keys = berth.run("attach", "--detach-keys", "ctrl-x", "v-attach");
        assertEquals(125, keys.code(), keys.toString());
        assertOneLine(keys.err(), "attach --detach-keys");
        assertEquals(0, berth.run("rm", "v-attach").code());
    }

    @Test
    void commitHistoryExportAndImport(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        assertEquals(0, berth.run("run", "--name", "v-commit", IMAGE, "sh", "-c", "echo kept > /kept").code());
        Cli.Result commit = berth.run("commit", "-m", "the message", "-a", "me", "-c", "ENV A=b", "v-commit", "localhost/v-commit:1");
        assertEquals(0, commit.code(), commit.toString());
        assertTrue(commit.out().matches("sha256:[0-9a-f]{64}\n"), commit.toString());
        assertEquals(new Cli.Result(0, "b kept\n", ""), berth.run("run", "--rm", "localhost/v-commit:1", "sh", "-c", "echo $A $(cat /kept)"));

        Cli.Result history = berth.run("history", "localhost/v-commit:1");
        assertEquals(0, history.code(), history.toString());
        var lines = history.out().lines().toList();
        assertEquals("IMAGE          CREATED", lines.get(0).substring(0, "IMAGE          CREATED".length()), history.toString());
        assertTrue(lines.get(1).startsWith(commit.out().substring(7, 19) + "   ") && lines.get(1).endsWith("the message"), history.toString());
        assertTrue(lines.get(2).startsWith("<missing>      "), history.toString());
        Cli.Result quiet = berth.run("history", "-q", "localhost/v-commit:1");
        assertEquals(commit.out().substring(7, 19) + "\n<missing>\n", quiet.out(), quiet.toString());
        // --format over docker's historyContext; table gives docker's headers
        assertEquals(new Cli.Result(0, commit.out().substring(7, 19) + "|the message\n<missing>|\n", ""),
                berth.run("history", "--format", "{{.ID}}|{{.Comment}}", "localhost/v-commit:1"));
        Cli.Result table = berth.run("history", "--format", "table {{.ID}}\t{{.Comment}}", "localhost/v-commit:1");
        assertEquals("IMAGE          COMMENT", table.out().lines().findFirst().orElseThrow(), table.toString());
        assertTrue(berth.run("history", "--format", "{{json .}}", "localhost/v-commit:1").out().startsWith("{\"Comment\":\"the message\","));
        assertEquals(new Cli.Result(1, "", "berth: no such image: localhost/nosuch\n").code(), berth.run("history", "localhost/nosuch").code());

        Path tar = dir.resolve("root.tar");
        assertEquals(new Cli.Result(0, "", ""), berth.run("export", "-o", tar.toString(), "v-commit"));
        Cli.Result imported = berth.run("import", "-m", "from a tar", "-c", "CMD [\"cat\", \"/kept\"]", tar.toString(), "localhost/v-import:1");
        assertTrue(imported.out().matches("sha256:[0-9a-f]{64}\n"), imported.toString());
        assertEquals(new Cli.Result(0, "kept\n", ""), berth.run("run", "--rm", "localhost/v-import:1"));
        assertTrue(berth.run("history", "localhost/v-import:1").out().lines().skip(1).findFirst().orElseThrow().endsWith("from a tar"));
        Cli.Result fromStdin = berth.runWithInput(Files.readAllBytes(tar), "import", "-", "localhost/v-import:2");
        assertEquals(0, fromStdin.code(), fromStdin.toString());
        assertEquals(new Cli.Result(0, "kept\n", ""), berth.run("run", "--rm", "localhost/v-import:2", "cat", "/kept"));

        Cli.Result url = berth.run("import", "http://127.0.0.1:9/root.tar");
        assertEquals(125, url.code(), url.toString());
        assertOneLine(url.err(), "import from a URL");
        Cli.Result platform = berth.run("import", "--platform", "linux/s390x", tar.toString());
        assertEquals(125, platform.code(), platform.toString());
        assertOneLine(platform.err(), "import --platform linux/s390x");
        assertEquals(0, berth.run("rm", "v-commit").code());

        assertEquals(0, berth.run("run", "-d", "--name", "v-export", IMAGE, "sleep", "300").code());
        Cli.Result running = berth.run("export", "-o", dir.resolve("x.tar").toString(), "v-export");
        assertEquals(125, running.code(), running.toString());
        assertOneLine(running.err(), "export of a running container");
        assertEquals(0, berth.run("rm", "-f", "v-export").code());
    }

    @Test
    void eventsSinceUntilAndFilters() throws Exception {
        String since = Long.toString(Instant.now().getEpochSecond() - 1);
        assertEquals(0, berth.run("run", "--name", "v-events", IMAGE, "true").code());
        assertEquals(0, berth.run("rm", "v-events").code());
        Cli.Result events = berth.run("events", "--since", since, "--until", "0s", "--filter", "container=v-events",
                "--filter", "event=start", "--filter", "event=destroy");
        assertEquals(0, events.code(), events.toString());
        var lines = events.out().lines().toList();
        assertEquals(2, lines.size(), events.toString());
        String time = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,9})?(Z|[+-]\\d\\d:\\d\\d)";
        assertTrue(lines.get(0).matches(time + " container start [0-9a-f]{64} \\(image=" + IMAGE + ", name=v-events.*\\)"), events.toString());
        assertTrue(lines.get(1).matches(time + " container destroy [0-9a-f]{64} \\(.*name=v-events.*\\)"), events.toString());
        // --format over docker's events.Message: Go names (.Status, .ID, .Actor.Attributes) and json
        Cli.Result formatted = berth.run("events", "--since", since, "--until", "0s", "--filter", "container=v-events",
                "--filter", "event=start", "--format", "{{.Type}} {{.Status}} {{.Action}} {{.Actor.Attributes.name}} {{eq .ID .Actor.ID}} {{.Scope}}");
        assertEquals(new Cli.Result(0, "container start start v-events true local\n", ""), formatted);
        Cli.Result json = berth.run("events", "--since", since, "--until", "0s", "--filter", "container=v-events",
                "--filter", "event=start", "--format", "json");
        assertTrue(json.out().startsWith("{\"status\":\"start\",\"id\":\""), json.toString());

        Cli.Result badFilter = berth.run("events", "--until", "0s", "--filter", "color=red");
        assertEquals(1, badFilter.code(), badFilter.toString());
        assertOneLine(badFilter.err(), "invalid filter 'color'");
        Cli.Result badTime = berth.run("events", "--since", "yesterday");
        assertEquals(1, badTime.code(), badTime.toString());
        assertOneLine(badTime.err(), "invalid time \"yesterday\"");
    }

    @Test
    void systemDfInfoAndVersion() throws Exception {
        Cli.Result df = berth.run("system", "df");
        assertEquals(0, df.code(), df.toString());
        var lines = df.out().lines().toList();
        assertEquals("TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE", lines.get(0));
        assertTrue(lines.get(1).startsWith("Images          "), df.toString());
        assertTrue(lines.get(2).startsWith("Containers      "), df.toString());
        assertTrue(lines.get(3).startsWith("Local Volumes   "), df.toString());
        assertEquals("Build Cache     0         0         0B        0B", lines.get(4));

        Cli.Result info = berth.run("info");
        assertEquals(0, info.code(), info.toString());
        assertTrue(info.out().startsWith("Client:\n Version:    "), info.toString());
        assertTrue(info.out().contains("\nServer:\n Containers: "), info.toString());
        assertTrue(info.out().contains("\n Docker Root Dir: " + home + "\n"), info.toString());
        assertEquals(info.code(), berth.run("system", "info").code());

        Cli.Result version = berth.run("version");
        assertEquals(0, version.code(), version.toString());
        assertTrue(version.out().startsWith("Client: Berth\n Version:           "), version.toString());
        // --format, as scripts use docker's: the client and the server (what berth serve answers /version with)
        String platform = BuildPlatform.host();
        assertEquals(new Cli.Result(0, platform + " " + platform + " Berth true\n", ""), berth.run("version", "--format",
                "{{.Client.Os}}/{{.Client.Arch}} {{.Server.Os}}/{{.Server.Arch}} {{.Client.Platform.Name}} {{eq .Client.ApiVersion .Server.ApiVersion}}"));
        assertTrue(berth.run("version", "-f", "{{json .Server}}").out().startsWith("{\"Platform\":{\"Name\":\"Berth "));
        assertEquals(new Cli.Result(64, "", "berth: template parsing error: template: version:1: unclosed action\n"),
                berth.run("version", "--format", "{{.Client"));
        // info --format over berth serve's /info, with docker's .ClientInfo
        String server = berth.run("version", "--format", "{{.Server.Version}}").out();
        assertEquals(new Cli.Result(0, Runtime.getRuntime().availableProcessors() + " " + server.strip() + " default\n", ""),
                berth.run("info", "--format", "{{.NCPU}} {{.ServerVersion}} {{.ClientInfo.Context}}"));
    }

    private static void assertOneLine(String err, String contains) {
        assertTrue(err.startsWith("berth: ") && err.endsWith("\n") && err.lines().count() == 1 && err.contains(contains),
                "expected one line with \"" + contains + "\": " + err);
    }

    // #18 item 9: run and create follow docker on the init: the command is PID 1 unless --init is
    // given; then Berth's init is PID 1, forwards signals and reaps orphans. A PID 1 without a
    // SIGTERM handler ignores stop's SIGTERM and is killed after the timeout, as in docker.

    @Test
    void theCommandIsPidOneUnlessInitIsGiven() throws Exception {
        assertEquals(new Cli.Result(0, "1\n", ""), berth.run("run", "--rm", IMAGE, "sh", "-c", "echo $$"));
        Cli.Result withInit = berth.run("run", "--rm", "--init", IMAGE, "sh", "-c", "echo $$");
        assertEquals(0, withInit.code(), withInit.toString());
        assertNotEquals("1\n", withInit.out(), "under --init the command is not PID 1");
        assertEquals("2\n", withInit.out(), "Berth's init starts it as its only child");

        assertEquals(0, berth.run("create", "--name", "i-created", IMAGE, "sh", "-c", "echo $$").code());
        assertEquals(new Cli.Result(0, "1\n", ""), berth.run("start", "-a", "i-created"));
        // dockerd omits HostConfig.Init unless --init.
        Cli.Result host = berth.run("inspect", "-f", "{{json .HostConfig}}", "i-created");
        assertTrue(host.code() == 0 && host.out().startsWith("{") && !host.out().contains("\"Init\""), host.toString());
        // The exit code of a PID 1 command is the container's, as under the init.
        assertEquals(new Cli.Result(7, "", "1\n"), berth.run("run", "--rm", IMAGE, "sh", "-c", "echo $$ >&2; exit 7"));
    }

    @Test
    void theInitReapsOrphansAndAPidOneThatDoesNotLeavesThemZombies() throws Exception {
        // The inner sh is orphaned when its parent subshell exits: it is reparented to PID 1,
        // and becomes a zombie when it ends unless PID 1 reaps it.
        String orphan = "(sh -c 'sleep 1; touch /tmp/orphan-done' &); exec sleep 120";
        assertEquals(0, berth.run("run", "-d", "--name", "i-noinit", IMAGE, "sh", "-c", orphan).code());
        assertEquals(0, berth.run("run", "-d", "--init", "--name", "i-init", IMAGE, "sh", "-c", orphan).code());
        assertTrue(berth.run("inspect", "-f", "{{json .HostConfig}}", "i-init").out().contains("\"Init\":true"));

        await("i-noinit", out -> !out.isBlank(), "a zombie under a PID 1 that does not reap");
        await("i-init", out -> out.isBlank() && existsIn("i-init", "/tmp/orphan-done"), "the orphan ended and was reaped");
        assertEquals(0, berth.run("rm", "-f", "i-noinit", "i-init").code());
    }

    @Test
    void stopKillsAPidOneWithoutHandlerAfterTheTimeoutAndSignalsOneWithAHandler() throws Exception {
        // docker stop: SIGTERM, which a PID 1 without a handler ignores, then SIGKILL: 137.
        assertEquals(0, berth.run("run", "-d", "--name", "i-stop", IMAGE, "sleep", "120").code());
        long started = System.nanoTime();
        assertEquals(new Cli.Result(0, "i-stop\n", ""), berth.run("stop", "-t", "1", "i-stop"));
        assertTrue(System.nanoTime() - started >= 1_000_000_000L, "the SIGTERM was ignored for the timeout");
        assertEquals("137\n", berth.run("inspect", "-f", "{{.State.ExitCode}}", "i-stop").out());

        // A PID 1 that handles SIGTERM gets it.
        assertEquals(0, berth.run("run", "-d", "--name", "i-trap", IMAGE, "sh", "-c",
                "trap 'exit 3' TERM; while true; do sleep 0.1; done").code());
        assertEquals(new Cli.Result(0, "i-trap\n", ""), berth.run("stop", "-t", "60", "i-trap"));
        assertEquals("3\n", berth.run("inspect", "-f", "{{.State.ExitCode}}", "i-trap").out());

        // Under --init the init forwards SIGTERM to the command, which dies of it: 143, not 137.
        assertEquals(0, berth.run("run", "-d", "--init", "--name", "i-fwd", IMAGE, "sleep", "120").code());
        assertEquals(new Cli.Result(0, "i-fwd\n", ""), berth.run("stop", "-t", "60", "i-fwd"));
        assertEquals("143\n", berth.run("inspect", "-f", "{{.State.ExitCode}}", "i-fwd").out());
        assertEquals(0, berth.run("rm", "i-stop", "i-trap", "i-fwd").code());
    }

    /** A condition on a container's zombie list. */
    private interface Check {
        boolean test(String zombies) throws Exception;
    }

    private static boolean existsIn(String container, String path) throws Exception {
        return berth.run("exec", container, "test", "-e", path).code() == 0;
    }

    /** Lists the zombies of {@code container} until {@code done} holds, for up to 60 s. */
    private static void await(String container, Check done, String what) throws Exception {
        String last = "";
        for (long end = System.nanoTime() + 60_000_000_000L; System.nanoTime() < end; Thread.sleep(200)) {
            Cli.Result r = berth.run("exec", container, "sh", "-c", ZOMBIES);
            assertEquals(0, r.code(), r.toString());
            last = r.out();
            if (done.test(last)) {
                return;
            }
        }
        fail(what + " not seen in " + container + "; zombies: " + last);
    }
}
