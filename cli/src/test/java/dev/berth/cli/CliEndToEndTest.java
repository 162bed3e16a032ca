package dev.berth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.namespaces.testing.RequiresRoot;
import dev.berth.overlayfs.FileTrees;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Drives the {@code berth} tool as separate processes on a temporary home, as a user would:
 * the demo, run in the foreground and detached, exec, logs, stats, stop, rm, save, rmi, load,
 * prune, and the exit codes and one-line errors of each. Needs root.
 *
 * <p>One fixture is shared: the home, with the demo image {@code berth demo} builds in it. Each
 * test uses containers and tags of its own names, so the tests run in any order.
 */
@RequiresRoot("the CLI builds and runs containers")
class CliEndToEndTest {
    private static Path home;
    private static Cli berth;
    /** What {@code berth demo} printed when it built the shared image; {@link #demoBuildsTheImageAndRunsAContainerOfIt} checks it. */
    private static Cli.Result demo;

    @BeforeAll
    static void demoBuildsTheImage() throws Exception {
        home = Files.createTempDirectory("berth-cli");
        berth = new Cli(home);
        demo = berth.run("demo");
    }

    @Test
    void demoBuildsTheImageAndRunsAContainerOfIt() {
        assertEquals(0, demo.code(), demo.toString());
        assertTrue(demo.out().contains("| hello from berth-demo"), demo.toString());
        assertTrue(demo.out().contains("| interfaces: lo\n"), demo.toString());
        // Docker's default set, far from root's full one (000001ffffffffff).
        assertTrue(demo.out().contains("| CapEff:\t00000000"), demo.toString());
    }

    @AfterAll
    static void removeHome() throws Exception {
        if (home != null) {
            berth.run("rm", "-f", "web");
            FileTrees.delete(home);
        }
    }

    @Test
    void runInTheForegroundPrintsBothStreamsAndExitsWithTheContainersCode() throws Exception {
        Cli.Result r = berth.run("run", "--rm", "--name", "foreground", "-e", "WHO=world", "localhost/berth-demo", "sh", "-c",
                "echo hello $WHO; echo oops >&2; exit 3");
        assertEquals(3, r.code(), r.toString());
        assertEquals("hello world\n", r.out());
        assertEquals("oops\n", r.err());
        assertFalse(berth.run("ps", "-a").out().contains("foreground"), "--rm left the container");
    }

    @Test
    void errorsAreOneLineWithDockersCodes() throws Exception {
        Cli.Result notFound = berth.run("run", "--rm", "localhost/berth-demo", "no-such-command");
        assertEquals(127, notFound.code(), notFound.toString());
        assertOneLine(notFound.err(), "no-such-command");
        Cli.Result noImage = berth.run("run", "--rm", "localhost/no-such-image");
        assertEquals(125, noImage.code(), noImage.toString());
        // As docker run: the image is looked for, then pulled, and the pull's failure named.
        assertTrue(noImage.err().startsWith("Unable to find image 'localhost/no-such-image:latest' locally\n"
                + "latest: Pulling from no-such-image\n"), noImage.toString());
        assertOneLine(noImage.err().lines().skip(2).collect(java.util.stream.Collectors.joining("\n", "", "\n")),
                "no-such-image");
        Cli.Result noContainer = berth.run("logs", "nosuch");
        assertEquals(125, noContainer.code(), noContainer.toString());
        assertEquals("berth: no such container: nosuch\n", noContainer.err());
        Cli.Result badOption = berth.run("run", "--bogus", "localhost/berth-demo");
        assertEquals(125, badOption.code(), badOption.toString());
        assertTrue(badOption.err().startsWith("berth: Unknown option: '--bogus'\n"), badOption.toString());
        Cli.Result badSize = berth.run("run", "--rm", "--memory", "lots", "localhost/berth-demo", "true");
        assertEquals(125, badSize.code(), badSize.toString());
        assertOneLine(badSize.err(), "invalid size \"lots\"");
    }

    @Test
    void aDetachedContainerIsReachedByExecLogsStatsStopAndRm() throws Exception {
        Cli.Result started = berth.run("run", "-d", "--name", "web", "-e", "GREETING=hi", "--memory", "32m",
                "--pids-limit", "20", "localhost/berth-demo", "sh", "-c", "echo ready; echo warn >&2; exec sleep 300");
        assertEquals(0, started.code(), started.toString());
        assertTrue(started.out().strip().matches("[0-9a-f]{64}"), started.toString());
        String id = started.out().strip();

        Cli.Result ps = berth.run("ps");
        assertTrue(ps.out().lines().anyMatch(l -> l.startsWith(id.substring(0, 12)) && l.contains("Up ") && l.endsWith("web")),
                ps.toString());

        Cli.Result exec = berth.run("exec", "-e", "EXTRA=x", "web", "sh", "-c", "echo $GREETING$EXTRA; hostname; exit 5");
        assertEquals(5, exec.code(), exec.toString());
        assertEquals("hix\n" + id.substring(0, 12) + "\n", exec.out());

        Cli.Result logs = berth.run("logs", "web");
        assertEquals("ready\n", logs.out(), logs.toString());
        assertEquals("warn\n", logs.err(), logs.toString());

        Cli.Result stats = berth.run("stats", "web");
        assertEquals(0, stats.code(), stats.toString());
        assertTrue(stats.out().lines().anyMatch(l -> l.startsWith(id.substring(0, 12)) && l.contains("web")), stats.toString());

        Cli.Result rmRunning = berth.run("rm", "web");
        assertEquals(125, rmRunning.code(), rmRunning.toString());
        assertOneLine(rmRunning.err(), "is running");

        Cli.Result stop = berth.run("stop", "-t", "1", "web");
        assertEquals(0, stop.code(), stop.toString());
        assertEquals("web\n", stop.out());
        // The command is PID 1 (no --init, as in docker): sleep has no SIGTERM handler, so the
        // kernel drops the signal and stop kills it after the 1 s timeout, as docker does.
        Cli.Result after = berth.run("ps", "-a");
        assertTrue(after.out().lines().anyMatch(l -> l.contains("Exited (137)") && l.endsWith("web")), after.toString());
        assertEquals("ready\n", berth.run("logs", "web").out(), "the log outlives the container");
        Cli.Result execStopped = berth.run("exec", "web", "true");
        assertEquals(125, execStopped.code(), execStopped.toString());
        assertOneLine(execStopped.err(), "is not running");

        Cli.Result inspect = berth.run("inspect", "web");
        assertTrue(inspect.out().contains("\"ExitCode\": 137"), inspect.toString());

        Cli.Result rm = berth.run("rm", "web");
        assertEquals(0, rm.code(), rm.toString());
        assertFalse(berth.run("ps", "-a").out().contains("web"));
        assertFalse(Files.exists(home.resolve("containers").resolve(id)), "rm left the container directory");
    }

    @Test
    void logsFollowUntilTheContainerExitsAndRmForceKills() throws Exception {
        assertEquals(0, berth.run("run", "-d", "--name", "counter", "localhost/berth-demo", "sh", "-c",
                "echo one; sleep 1; echo two").code());
        Cli.Result follow = berth.run("logs", "-f", "counter");
        assertEquals("one\ntwo\n", follow.out(), follow.toString());
        assertEquals(0, berth.run("rm", "counter").code());

        assertEquals(0, berth.run("run", "-d", "--name", "sleeper", "localhost/berth-demo", "sleep", "300").code());
        Cli.Result force = berth.run("rm", "-f", "sleeper");
        assertEquals(0, force.code(), force.toString());
        assertFalse(berth.run("ps", "-a").out().contains("sleeper"));
    }

    @Test
    void saveRmiLoadRoundTrip() throws Exception {
        // A tag of its own, so that the shared demo image stays for the other tests.
        assertEquals(0, berth.run("tag", "localhost/berth-demo", "localhost/round-trip:1").code());
        Path archive = home.resolve("round-trip.tar");
        Cli.Result save = berth.run("save", "-o", archive.toString(), "localhost/round-trip:1");
        assertEquals(0, save.code(), save.toString());
        assertTrue(Files.size(archive) > 1_000_000, "the archive holds busybox");

        Cli.Result rmi = berth.run("rmi", "localhost/round-trip:1");
        assertEquals(0, rmi.code(), rmi.toString());
        assertTrue(rmi.out().contains("Untagged: localhost/round-trip:1"), rmi.toString());
        assertFalse(berth.run("images").out().contains("round-trip"));

        Cli.Result load = berth.run("load", "-i", archive.toString());
        assertEquals(0, load.code(), load.toString());
        assertEquals("Loaded image: localhost/round-trip:1\n", load.out());
        Cli.Result run = berth.run("run", "--rm", "localhost/round-trip:1", "cat", "/etc/berth-demo");
        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().startsWith("built by berth demo"), run.toString());
        assertEquals(0, berth.run("rmi", "localhost/round-trip:1").code());
    }

    @Test
    void pruneRemovesExitedContainers() throws Exception {
        assertEquals(0, berth.run("run", "--name", "done", "localhost/berth-demo", "true").code());
        assertTrue(berth.run("ps", "-a").out().contains("done"), "an exited container stays until rm");
        Cli.Result prune = berth.run("system", "prune", "-f");
        assertEquals(0, prune.code(), prune.toString());
        assertFalse(berth.run("ps", "-a").out().contains("done"), prune.toString());
        Cli.Result check = berth.run("system", "check");
        assertEquals(0, check.code(), check.toString());
        assertTrue(check.out().contains("0 problems"), check.toString());
    }

    @Test
    void runDetachedWithRmIsRemovedOnceItExits() throws Exception {
        Cli.Result started = berth.run("run", "-d", "--rm", "--name", "ephemeral", "localhost/berth-demo", "sleep", "300");
        assertEquals(0, started.code(), started.toString());
        String id = started.out().strip();
        assertTrue(berth.run("ps").out().contains("ephemeral"), "the -d --rm container is not running");
        Cli.Result stop = berth.run("stop", "-t", "1", "ephemeral");
        assertEquals(0, stop.code(), stop.toString());
        // As docker: stopping a --rm container removes it.
        assertFalse(berth.run("ps", "-a").out().contains("ephemeral"), "stop left the --rm container");
        assertFalse(Files.exists(home.resolve("containers").resolve(id)), "its directory stayed");

        // One that exits by itself after berth has gone is removed by the next berth command.
        Cli.Result quick = berth.run("run", "-d", "--rm", "localhost/berth-demo", "sh", "-c", "sleep 1");
        String quickId = quick.out().strip();
        Path exit = home.resolve("containers").resolve(quickId).resolve("exit");
        for (int i = 0; i < 100 && !Files.exists(exit); i++) {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(exit), "the container did not exit: " + quick);
        assertFalse(berth.run("ps", "-a").out().contains(quickId.substring(0, 12)), "ps listed the exited --rm container");
        assertFalse(Files.exists(home.resolve("containers").resolve(quickId)), "the exited --rm container stayed");
    }

    @Test
    void killSendsTheSignalAsked() throws Exception {
        assertEquals(0, berth.run("run", "-d", "--name", "trapper", "localhost/berth-demo", "sh", "-c",
                "trap 'echo got-hup' HUP; echo ready; while true; do sleep 0.1; done").code());
        Cli.Result hup = berth.run("kill", "-s", "HUP", "trapper");
        assertEquals(0, hup.code(), hup.toString());
        String logs = "";
        for (int i = 0; i < 50 && !logs.contains("got-hup"); i++) {
            Thread.sleep(100);
            logs = berth.run("logs", "trapper").out();
        }
        assertTrue(logs.contains("got-hup"), logs);
        Cli.Result bad = berth.run("kill", "-s", "NOSUCH", "trapper");
        assertEquals(125, bad.code(), bad.toString());
        assertTrue(bad.err().contains("NOSUCH"), bad.toString());
        assertEquals(0, berth.run("rm", "-f", "trapper").code());
    }

    @Test
    void buildFromADockerfileShowsStepsAndTheCacheThenRuns() throws Exception {
        Path context = Files.createDirectories(home.resolve("context"));
        Files.writeString(context.resolve("Dockerfile"), "FROM localhost/berth-demo\nARG GREETING=hi\n"
                + "RUN echo \"$GREETING from a RUN step\" > /greeting\nCOPY note.txt /note.txt\n"
                + "CMD [\"cat\", \"/greeting\", \"/note.txt\"]\n");
        Files.writeString(context.resolve("note.txt"), "copied from the context\n");
        Cli.Result build = berth.run("build", "-t", "localhost/built:1", "--build-arg", "GREETING=hello", context.toString());
        assertEquals(0, build.code(), build.toString());
        assertTrue(build.out().contains("Step 3/5 : RUN echo"), build.toString());
        assertTrue(build.out().contains("Successfully tagged localhost/built:1"), build.toString());
        Cli.Result again = berth.run("build", "-t", "localhost/built:1", "--build-arg", "GREETING=hello", context.toString());
        assertTrue(again.out().contains(" ---> Using cache"), again.toString());
        Cli.Result run = berth.run("run", "--rm", "localhost/built:1");
        assertEquals(0, run.code(), run.toString());
        assertEquals("hello from a RUN step\ncopied from the context\n", run.out());
        Cli.Result broken = berth.run("build", "-f", context.resolve("missing").toString(), context.toString());
        assertEquals(125, broken.code(), broken.toString());
        assertOneLine(broken.err(), "missing");

        // run -dt: the helper's pty; the log shows what the command wrote to it.
        Cli.Result detachedTty = berth.run("run", "-d", "-t", "--name", "with-tty", "localhost/berth-demo", "sh", "-c",
                "test -t 0 && test -t 1 && echo on-a-tty; stty size");
        assertEquals(0, detachedTty.code(), detachedTty.toString());
        String logs = "";
        for (int i = 0; i < 100 && !logs.contains("24 80"); i++) {
            Thread.sleep(50);
            logs = berth.run("logs", "with-tty").out();
        }
        assertEquals("on-a-tty\r\n24 80\r\n", logs);
        assertEquals(0, berth.run("rm", "-f", "with-tty").code());
    }

    @Test
    void aPublishedPortIsReachedFromTheHost() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Cli.Result web = berth.run("run", "-d", "--name", "pub", "-p", port + ":8080", "localhost/berth-demo",
                "httpd", "-f", "-p", "8080", "-h", "/etc");
        assertEquals(0, web.code(), web.toString());
        try {
            String body = null;
            for (int i = 0; i < 100 && body == null; i++) {
                try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                    s.getOutputStream().write("GET /berth-demo HTTP/1.0\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    body = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                } catch (java.io.IOException notYet) {
                    Thread.sleep(100);
                }
            }
            assertTrue(body != null && body.contains("built by berth demo"), String.valueOf(body));
        } finally {
            assertEquals(0, berth.run("rm", "-f", "pub").code());
        }
        Cli.Result badPort = berth.run("run", "--rm", "-p", "x:80", "localhost/berth-demo", "true");
        assertEquals(125, badPort.code(), badPort.toString());
        assertOneLine(badPort.err(), "invalid port mapping \"x:80\"");
    }

    @Test
    void deviceAddsAHostDeviceAndABadOneIsRefusedInOneLine() throws Exception {
        Cli.Result r = berth.run("run", "--rm", "--device", "/dev/null:/dev/host-null:rw", "localhost/berth-demo", "sh", "-c",
                "stat -c '%F %t:%T' /dev/host-null && echo written > /dev/host-null && wc -c < /dev/host-null");
        assertEquals(0, r.code(), r.toString());
        assertEquals("character special file 1:3\n0\n", r.out());
        Cli.Result notADevice = berth.run("run", "--rm", "--device", "/etc/hostname", "localhost/berth-demo", "true");
        assertEquals(125, notADevice.code(), notADevice.toString());
        assertOneLine(notADevice.err(), "invalid device /etc/hostname: /etc/hostname is not a character or block device");
        Cli.Result badPerms = berth.run("run", "--rm", "--device", "/dev/null:/dev/x:rwx", "localhost/berth-demo", "true");
        assertEquals(125, badPerms.code(), badPerms.toString());
        assertOneLine(badPerms.err(), "permissions \"rwx\" must be a combination of r (read), w (write) and m (mknod)");
    }

    private static void assertOneLine(String err, String contains) {
        assertTrue(err.startsWith("berth: ") && err.endsWith("\n") && err.lines().count() == 1 && err.contains(contains),
                "expected one line with \"" + contains + "\": " + err);
    }
}
