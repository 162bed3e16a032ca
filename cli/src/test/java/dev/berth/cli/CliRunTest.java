package dev.berth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.namespaces.testing.RequiresRoot;
import dev.berth.overlayfs.FileTrees;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code berth run} as docker's answers: Ctrl-C (SIGINT) to a foreground run without a terminal
 * goes, with the default {@code --sig-proxy}, to the container's process, and {@code run} waits
 * on, ending with the container's exit code (a PID 1 without a handler ignores it and runs on);
 * with {@code --sig-proxy=false} {@code run} ends (130) and the container runs on. And the
 * options {@code --env-file}, {@code --cap-add}, {@code --cap-drop}, {@code --ulimit},
 * {@code --stop-signal} and {@code --restart}, with the values docker refuses. Needs root.
 */
@RequiresRoot("the CLI runs containers")
class CliRunTest {
    private static final String IMAGE = "localhost/berth-demo";
    /** A PID 1 that reports SIGINT and exits 7 on it. */
    private static final String TRAP = "trap 'echo got-int; exit 7' INT; echo ready; while :; do sleep 0.1; done";
    private static Path home;
    private static Cli berth;

    @BeforeAll
    static void buildTheDemoImage() throws Exception {
        home = Files.createTempDirectory("berth-cli-run");
        berth = new Cli(home, Map.of("FROM_HOST", "h"));
        Cli.Result demo = berth.run("demo");
        assertEquals(0, demo.code(), demo.toString());
    }

    @AfterAll
    static void removeHome() throws Exception {
        if (home != null) {
            berth.run("rm", "-f", "s-trap", "s-ignore", "s-noproxy", "s-rm", "o-stop", "o-restart", "o-exec", "o-publish", "o-stops");
            FileTrees.delete(home);
        }
    }

    @Test
    void ctrlCGoesToTheContainerWhoseExitEndsRun() throws Exception {
        Running run = start("run", "--name", "s-trap", IMAGE, "sh", "-c", TRAP);
        run.interrupt();
        assertEquals(7, run.exit(), run.toString());
        assertEquals("ready\ngot-int\n", run.out.join());
        assertEquals(new Cli.Result(0, "exited 7\n", ""), berth.run("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", "s-trap"));
        assertEquals(0, berth.run("rm", "s-trap").code());
    }

    @Test
    void aPidOneWithoutAHandlerRunsOnAndRunWithIt() throws Exception {
        Running run = start("run", "--name", "s-ignore", IMAGE, "sh", "-c", "echo ready; exec sleep 300");
        run.interrupt();
        // docker's run waits on: a PID 1 ignores a signal it has no handler for
        assertFalse(run.process.waitFor(3, TimeUnit.SECONDS), "run ended on a SIGINT its container ignored");
        assertEquals(new Cli.Result(0, "true\n", ""), berth.run("inspect", "-f", "{{.State.Running}}", "s-ignore"));
        assertEquals(0, berth.run("kill", "s-ignore").code());
        assertEquals(137, run.exit(), run.toString());
        assertEquals(0, berth.run("rm", "s-ignore").code());
    }

    @Test
    void withoutSigProxyCtrlCEndsRunAndTheContainerRunsOn() throws Exception {
        Running run = start("run", "--sig-proxy=false", "--name", "s-noproxy", IMAGE, "sh", "-c", TRAP);
        run.interrupt();
        assertEquals(130, run.exit(), run.toString());
        assertEquals("ready\n", run.out.join());
        assertEquals(new Cli.Result(0, "running\n", ""), berth.run("inspect", "-f", "{{.State.Status}}", "s-noproxy"));
        Cli.Result logs = berth.run("logs", "s-noproxy");
        assertEquals(new Cli.Result(0, "ready\n", ""), logs, "the container got no SIGINT");
        assertEquals(0, berth.run("rm", "-f", "s-noproxy").code());
    }

    @Test
    void withRmTheContainerIsRemovedOnceItsExitEndedRun() throws Exception {
        Running run = start("run", "--rm", "--name", "s-rm", IMAGE, "sh", "-c", TRAP);
        run.interrupt();
        assertEquals(7, run.exit(), run.toString());
        assertEquals("ready\ngot-int\n", run.out.join());
        Cli.Result ps = berth.run("ps", "-a", "--format", "{{.Names}}");
        assertFalse(ps.out().lines().anyMatch("s-rm"::equals), ps.toString());
    }

    @Test
    void envFileLinesComeBeforeDashE() throws Exception {
        Path file = home.resolve("env.list");
        Files.writeString(file, "# a comment\nA=1\n\n   B=two words\nC=\"quoted\"\nFROM_HOST\nNOT_ON_HOST\n");
        Cli.Result run = berth.run("run", "--rm", "--env-file", file.toString(), "-e", "A=override", IMAGE,
                "sh", "-c", "echo \"$A|$B|$C|$FROM_HOST|${NOT_ON_HOST-unset}\"");
        assertEquals(new Cli.Result(0, "override|two words|\"quoted\"|h|unset\n", ""), run);
        // exec takes the same file
        assertEquals(0, berth.run("run", "-d", "--name", "o-exec", IMAGE, "sleep", "300").code());
        try {
            assertEquals(new Cli.Result(0, "override|two words|h\n", ""), berth.run("exec", "--env-file", file.toString(),
                    "-e", "A=override", "o-exec", "sh", "-c", "echo \"$A|$B|$FROM_HOST\""));
        } finally {
            berth.run("rm", "-f", "o-exec");
        }
        Cli.Result missing = berth.run("run", "--rm", "--env-file", home.resolve("nope").toString(), IMAGE, "true");
        assertEquals(new Cli.Result(125, "", "berth: open " + home.resolve("nope") + ": no such file or directory\n"), missing);
        Files.writeString(file, "A B=1\n");
        Cli.Result blank = berth.run("run", "--rm", "--env-file", file.toString(), IMAGE, "true");
        assertEquals(new Cli.Result(125, "", "berth: variable 'A B' contains whitespaces\n"), blank);
    }

    @Test
    void capabilitiesAndUlimits() throws Exception {
        // CAP_NET_ADMIN is bit 12, CAP_CHOWN bit 0 of the bounding set
        Cli.Result caps = berth.run("run", "--rm", "--cap-add", "NET_ADMIN", "--cap-drop", "CHOWN", IMAGE,
                "sh", "-c", "grep CapBnd /proc/self/status");
        assertEquals(0, caps.code(), caps.toString());
        long bounding = Long.parseLong(caps.out().strip().split("\\s+")[1], 16);
        assertEquals(1L << 12, bounding & (1L << 12), caps.out());
        assertEquals(0L, bounding & 1L, caps.out());
        assertEquals(new Cli.Result(0, "100\n200\n", ""), berth.run("run", "--rm", "--ulimit", "nofile=100:200", IMAGE,
                "sh", "-c", "ulimit -n; ulimit -Hn"));
        assertEquals(new Cli.Result(0, "64\n64\n", ""), berth.run("run", "--rm", "--ulimit", "nofile=64", IMAGE,
                "sh", "-c", "ulimit -n; ulimit -Hn"));
        assertEquals(new Cli.Result(125, "", "berth: invalid argument \"nofile=2:1\" for \"--ulimit\" flag: ulimit soft limit must be"
                + " less than or equal to hard limit: 2 > 1\n"), berth.run("run", "--rm", "--ulimit", "nofile=2:1", IMAGE, "true"));
    }

    @Test
    void stopSignalAndRestartPolicyAreTheContainers() throws Exception {
        assertEquals(0, berth.run("run", "-d", "--name", "o-stop", "--stop-signal", "SIGUSR1", "--restart", "on-failure:3",
                IMAGE, "sh", "-c", "trap 'exit 9' USR1; while :; do sleep 0.1; done").code());
        assertEquals(new Cli.Result(0, "SIGUSR1 on-failure 3\n", ""), berth.run("inspect", "-f",
                "{{.Config.StopSignal}} {{.HostConfig.RestartPolicy.Name}} {{.HostConfig.RestartPolicy.MaximumRetryCount}}", "o-stop"));
        assertEquals(new Cli.Result(0, "o-stop\n", ""), berth.run("stop", "o-stop"));
        assertEquals(new Cli.Result(0, "9\n", ""), berth.run("wait", "o-stop"));
        assertEquals(0, berth.run("rm", "-f", "o-stop").code());
        // stop -s: another signal than the stop signal
        assertEquals(0, berth.run("run", "-d", "--name", "o-stops", IMAGE, "sh", "-c", "trap 'exit 3' HUP; while :; do sleep 0.1; done").code());
        assertEquals(new Cli.Result(0, "o-stops\n", ""), berth.run("stop", "-s", "HUP", "o-stops"));
        assertEquals(new Cli.Result(0, "3\n", ""), berth.run("wait", "o-stops"));
        assertEquals(0, berth.run("rm", "o-stops").code());
        assertEquals(new Cli.Result(125, "", "berth: Conflicting options: cannot specify both --restart and --rm\n"),
                berth.run("run", "--rm", "--restart", "always", "--name", "o-restart", IMAGE, "true"));
        assertEquals("Error: No such object: o-restart\n", berth.run("inspect", "o-restart").err(), "nothing was created");
    }

    @Test
    void publishAllPublishesEachPortTheImageExposes() throws Exception {
        Path context = Files.createDirectories(home.resolve("expose"));
        Files.writeString(context.resolve("Dockerfile"), "FROM " + IMAGE + "\nEXPOSE 8080 9090/udp\n");
        Cli.Result built = berth.run("build", "-q", "-t", "localhost/exposes:1", context.toString());
        assertEquals(0, built.code(), built.toString());
        assertEquals(0, berth.run("run", "-d", "-P", "--name", "o-publish", "localhost/exposes:1", "sleep", "300").code());
        try {
            Cli.Result port = berth.run("port", "o-publish");
            assertEquals(0, port.code(), port.toString());
            List<String> lines = port.out().lines().sorted().toList();
            assertEquals(2, lines.size(), port.toString());
            assertTrue(lines.get(0).matches("8080/tcp -> 0\\.0\\.0\\.0:[1-9][0-9]*"), port.toString());
            assertTrue(lines.get(1).matches("9090/udp -> 0\\.0\\.0\\.0:[1-9][0-9]*"), port.toString());
        } finally {
            berth.run("rm", "-f", "o-publish");
        }
    }

    /** A berth process in the foreground, its stdout read until its first line ({@code ready}). */
    private record Running(Process process, CompletableFuture<String> out, CompletableFuture<String> err) {
        void interrupt() throws Exception {
            assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start().waitFor());
        }

        int exit() throws Exception {
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), "berth run did not end");
            return process.exitValue();
        }

        @Override
        public String toString() {
            return "stdout: " + out.getNow("(still open)") + "\nstderr: " + err.getNow("(still open)");
        }
    }

    private static Running start(String... args) throws Exception {
        List<String> argv = new ArrayList<>(Cli.java());
        argv.addAll(List.of("--home", home.toString()));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> Cli.read(p.getErrorStream()));
        BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String first = lines.readLine();
        if (!"ready".equals(first)) {
            p.destroyForcibly();
            throw new AssertionError("berth " + String.join(" ", args) + ": first line " + first + "; stderr " + err.get(60, TimeUnit.SECONDS));
        }
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
            StringBuilder rest = new StringBuilder("ready\n");
            lines.lines().forEach(l -> rest.append(l).append('\n'));
            return rest.toString();
        });
        return new Running(p, out, err);
    }
}
