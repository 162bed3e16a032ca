package dev.berth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.image.testing.TestImages;
import dev.berth.namespaces.testing.RequiresRoot;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code berth run -it} under a real pseudo-terminal made by util-linux {@code script}: the
 * shell's prompt appears, a command runs, Ctrl-C interrupts a foreground command (status 130),
 * the window size is the outer terminal's and follows a resize, and {@code exit 3} ends berth
 * with 3. Needs root.
 */
@RequiresRoot("the CLI runs containers on a pty")
class CliTerminalTest {
    /** docker inspect's Config.Tty, OpenStdin, AttachStdin, StdinOnce and AttachStdout. */
    private static final String INSPECTED = "{{.Config.Tty}} {{.Config.OpenStdin}} {{.Config.AttachStdin}} {{.Config.StdinOnce}}"
            + " {{.Config.AttachStdout}}";
    private final StringBuffer output = new StringBuffer();

    @Test
    void anInteractiveShellWithAPty(@TempDir Path dir) throws Exception {
        TestImages.assumeTool("script", "bsdutils");
        Path home = dir.resolve("home");
        assertEquals(0, new Cli(home).run("demo").code());
        Path resize = dir.resolve("resize");
        // A background job resizes the outer terminal once the test asks.
        Process p = inTerminal("(while [ ! -e " + resize + " ]; do sleep 0.1; done; stty rows 40 cols 120 < /dev/tty) & ",
                "--home", home.toString(), "run", "-it", "--rm", "--name", "shell", "localhost/berth-demo", "sh");
        try (OutputStream keys = p.getOutputStream()) {
            type(keys, "echo hi-$((1+2))\n");
            await("hi-3", 1);
            // docker inspect of a run -it: Tty, OpenStdin, AttachStdin and StdinOnce all true.
            assertEquals(new Cli.Result(0, "true true true true true\n", ""), new Cli(home).run("inspect", "-f", INSPECTED, "shell"));
            interruptAndMeasure(keys);
            Files.createFile(resize);
            for (int i = 0; i < 50 && !output.toString().contains("40 120"); i++) {
                type(keys, "stty size\n");
                Thread.sleep(200);
            }
            await("40 120", 1);
            type(keys, "exit 3\n");
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), output.toString());
        } finally {
            p.destroyForcibly();
        }
        assertEquals(3, p.exitValue(), output.toString());
    }

    @Test
    void execWithAPtyIntoARunningContainer(@TempDir Path dir) throws Exception {
        TestImages.assumeTool("script", "bsdutils");
        Path home = dir.resolve("home");
        Cli cli = new Cli(home);
        assertEquals(0, cli.run("demo").code());
        assertEquals(0, cli.run("run", "-d", "--name", "target", "localhost/berth-demo", "sleep", "300").code());
        try {
            Process p = inTerminal("", "--home", home.toString(), "exec", "-it", "target", "sh");
            try (OutputStream keys = p.getOutputStream()) {
                // A terminal of its own, in the container beside its main process.
                type(keys, "test -t 0 && echo tty-with-$(ps | grep -c '[s]leep 300')-sleeper\n");
                await("tty-with-1-sleeper", 1);
                interruptAndMeasure(keys);
                type(keys, "exit 4\n");
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), output.toString());
            } finally {
                p.destroyForcibly();
            }
            assertEquals(4, p.exitValue(), output.toString());
            assertTrue(cli.run("ps").out().contains("target"), "the exec ended the container");
        } finally {
            cli.run("rm", "-f", "target");
        }
    }

    @Test
    void runItEndsAsSoonAsTheCommandHasEndedAndItsTerminalIsItsOwn(@TempDir Path dir) throws Exception {
        TestImages.assumeTool("script", "bsdutils");
        Path home = dir.resolve("home");
        assertEquals(0, new Cli(home).run("demo").code());
        List<String> berth = new ArrayList<>(Cli.java());
        berth.addAll(List.of("--home", home.toString(), "run", "-it", "--rm", "localhost/berth-demo",
                "sh", "-c", "echo $(tty) TERM=$TERM; echo the-end"));
        Process p = new ProcessBuilder("script", "-qec", String.join(" ", berth.stream().map(CliTerminalTest::quote).toList()),
                "/dev/null").redirectErrorStream(true).start();
        try {
            Thread reader = new Thread(() -> collect(p.getInputStream()));
            reader.setDaemon(true);
            reader.start();
            await("the-end", 1); // the command's last act: from here on only berth's own ending counts
            long seen = System.nanoTime();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), output.toString());
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - seen);
            // It was 5 s more (a log drain waited out its timeout); docker takes well under 1 s.
            assertTrue(ms < 3000, "berth ended " + ms + " ms after its command");
            assertEquals(0, p.exitValue(), output.toString());
            assertTrue(output.toString().contains("/dev/pts/0 TERM=xterm"), output.toString());
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void inspectShowsTheTerminalAndStdinAsDockersConfigDoes(@TempDir Path dir) throws Exception {
        Cli cli = new Cli(dir.resolve("home"));
        assertEquals(0, cli.run("demo").code());
        Path flag = Files.createDirectories(dir.resolve("flag"));
        // run -t alone, attached: a terminal, no stdin.
        var running = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return cli.run("run", "-t", "--rm", "--name", "t-only", "-v", flag + ":/flag", "localhost/berth-demo",
                        "sh", "-c", "while [ ! -e /flag/go ]; do sleep 0.1; done");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            Cli.Result inspected = cli.run("inspect", "-f", INSPECTED, "t-only");
            for (int i = 0; i < 300 && inspected.code() != 0; i++) {
                Thread.sleep(100);
                inspected = cli.run("inspect", "-f", INSPECTED, "t-only");
            }
            assertEquals(new Cli.Result(0, "true false false false true\n", ""), inspected);
        } finally {
            Files.createFile(flag.resolve("go"));
        }
        assertEquals(0, running.get(120, TimeUnit.SECONDS).code());
        // create: as docker create, stdout and stderr attached for a later start -a; -i adds stdin.
        for (String[] c : new String[][] {{"-t", "true false false false true"}, {"-it", "true true true true true"},
                {"-i", "false true true true true"}, {"", "false false false false true"}}) {
            List<String> create = new ArrayList<>(List.of("create", "--name", "c" + c[0]));
            if (!c[0].isEmpty()) {
                create.add(c[0]);
            }
            create.addAll(List.of("localhost/berth-demo", "true"));
            assertEquals(0, cli.run(create.toArray(String[]::new)).code());
            assertEquals(new Cli.Result(0, c[1] + "\n", ""), cli.run("inspect", "-f", INSPECTED, "c" + c[0]), "create " + c[0]);
            assertEquals(0, cli.run("rm", "c" + c[0]).code());
        }
        // run -d: nothing attached; -i keeps stdin open (OpenStdin), as docker run -dit and -di do.
        for (String[] c : new String[][] {{"-dt", "true false false false false"}, {"-d", "false false false false false"},
                {"-dit", "true true false false false"}, {"-di", "false true false false false"}}) {
            assertEquals(0, cli.run("run", c[0], "--name", "r" + c[0], "localhost/berth-demo", "true").code(), "run " + c[0]);
            assertEquals(new Cli.Result(0, c[1] + "\n", ""), cli.run("inspect", "-f", INSPECTED, "r" + c[0]), "run " + c[0]);
            assertEquals(0, cli.run("rm", "-f", "r" + c[0]).code());
        }
        // run -i in the foreground: stdin attached, closed with this command's (StdinOnce).
        assertEquals(0, cli.run("run", "-i", "--name", "ri", "localhost/berth-demo", "true").code());
        assertEquals(new Cli.Result(0, "false true true true true\n", ""), cli.run("inspect", "-f", INSPECTED, "ri"));
        assertEquals(0, cli.run("rm", "ri").code());
        // run -dit sh: the shell waits on its terminal, as with docker.
        assertEquals(0, cli.run("run", "-dit", "--name", "dit-sh", "localhost/berth-demo", "sh").code());
        try {
            Thread.sleep(2000);
            assertEquals(new Cli.Result(0, "running\n", ""), cli.run("inspect", "-f", "{{.State.Status}}", "dit-sh"));
            Cli.Result exec = cli.run("exec", "dit-sh", "sh", "-c", "ls -l /proc/1/fd/0");
            assertTrue(exec.out().contains("/dev/pts/0"), exec.toString());
        } finally {
            cli.run("rm", "-f", "dit-sh");
        }
    }

    @Test
    void aTerminalForKeysWithoutATerminalAsInputIsRefusedAsDockerRefusesIt(@TempDir Path dir) throws Exception {
        Cli cli = new Cli(dir.resolve("home"));
        assertEquals(0, cli.run("demo").code());
        // Cli runs berth with stdin on /dev/null: -it is refused before anything is created.
        Cli.Result run = cli.run("run", "-it", "--name", "refused", "localhost/berth-demo", "true");
        assertEquals(1, run.code(), run.toString());
        assertEquals("the input device is not a TTY\n", run.err());
        assertTrue(!cli.run("ps", "-a").out().contains("refused"), "no container was created");
        // -t alone is fine, as with docker: the command has a terminal, its output comes back.
        Cli.Result tty = cli.run("run", "-t", "--rm", "localhost/berth-demo", "tty");
        assertEquals(0, tty.code(), tty.toString());
        assertEquals("/dev/pts/0\r\n", tty.out());
        assertEquals(0, cli.run("run", "-d", "--name", "target", "localhost/berth-demo", "sleep", "300").code());
        try {
            Cli.Result exec = cli.run("exec", "-it", "target", "true");
            assertEquals(1, exec.code(), exec.toString());
            assertEquals("the input device is not a TTY\n", exec.err());
            Cli.Result execTty = cli.run("exec", "-t", "target", "tty");
            assertEquals("/dev/pts/0\r\n", execTty.out(), execTty.toString());
        } finally {
            cli.run("rm", "-f", "target");
        }
    }

    /** Ctrl-C stops a foreground command (status 130), and the pty has the outer terminal's 33x101. */
    private void interruptAndMeasure(OutputStream keys) throws Exception {
        type(keys, "sleep 30\n");
        Thread.sleep(1000);
        type(keys, "\003");
        type(keys, "echo status=$?\n");
        await("status=130", 1);
        type(keys, "stty size\n");
        await("33 101", 1);
    }

    /**
     * Runs berth with {@code args} on the pty of util-linux {@code script}, 33x101 to start with,
     * after the shell code {@code before}; output is collected; returns once the shell prompts.
     */
    private Process inTerminal(String before, String... args) throws Exception {
        List<String> berth = new ArrayList<>(Cli.java());
        berth.addAll(List.of(args));
        String inner = "stty rows 33 cols 101; " + before + "exec " + String.join(" ", berth.stream().map(CliTerminalTest::quote).toList());
        Process p = new ProcessBuilder("script", "-qec", inner, "/dev/null").redirectErrorStream(true).start();
        Thread reader = new Thread(() -> collect(p.getInputStream()));
        reader.setDaemon(true);
        reader.start();
        await("/ # ", 1);
        return p;
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private void collect(InputStream in) {
        byte[] buf = new byte[4096];
        try {
            for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                output.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    private static void type(OutputStream keys, String s) throws IOException {
        keys.write(s.getBytes(StandardCharsets.UTF_8));
        keys.flush();
    }

    /** Waits until {@code text} has appeared at least {@code times} times in the output. */
    private void await(String text, int times) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (count(output.toString(), text) >= times) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("\"" + text + "\" did not appear; output:\n" + output);
    }

    private static int count(String s, String text) {
        int n = 0;
        for (int i = s.indexOf(text); i >= 0; i = s.indexOf(text, i + 1)) {
            n++;
        }
        return n;
    }
}
