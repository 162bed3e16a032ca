package dev.berth.cli;

import dev.berth.namespaces.PseudoTerminal;

import dev.berth.AttachStreams;
import dev.berth.Berth;
import dev.berth.namespaces.host.StartupTrace;
import dev.berth.Container;
import dev.berth.ContainerBuilder;
import dev.berth.ContainerException;
import dev.berth.log.LogRecord;
import dev.berth.log.LogStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth run}: creates and runs a container
 * (<a href="https://docs.docker.com/reference/cli/docker/container/run/">docker run</a>). In the
 * foreground it prints the container's output and exits with its code (without {@code --rm}
 * the output comes over its helper's attach pipes, not through the log, so a full disk loses
 * none of it; the full disk is named in one line); with {@code -d} it
 * prints the id of a detached container, which its stage-1 helper keeps running and logging
 * after this process has gone. Without {@code --rm} the container is detached either way, so
 * it stays, exited, until {@code berth rm}; with {@code -t} it is removed when it exits. With
 * {@code -d --rm} it is removed once it has exited, by the next {@code berth} command that sees
 * it (there is no daemon to do it at once).
 */
@Command(name = "run", description = "Create and run a new container from an image")
final class RunCommand extends Verb {
    @Mixin
    RunOptions options;

    @Option(names = "--rm", description = "Automatically remove the container when it exits")
    boolean rm;

    @Option(names = {"-d", "--detach"}, description = "Run container in background and print container ID")
    boolean detach;

    @Option(names = {"-i", "--interactive"}, description = "Keep STDIN open")
    boolean interactive;

    @Option(names = {"-t", "--tty"}, description = "Allocate a pseudo-TTY")
    boolean tty;

    @Option(names = "--sig-proxy", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Proxy received signals to the process (default true)")
    boolean sigProxy;

    @Parameters(index = "0", paramLabel = "IMAGE")
    String image;

    @Parameters(index = "1..*", paramLabel = "COMMAND", description = "The command and its arguments")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (rm && options.restart != null && !options.restart.equals("no")) {
            throw new IllegalArgumentException("Conflicting options: cannot specify both --restart and --rm");
        }
        TerminalSession.requireTerminalInput(tty, interactive && !detach);
        try (Berth berth = top.open()) {
            StartupTrace.mark("run: opened");
            options.prepareImage(berth, image);
            ContainerBuilder<?> b = builder(berth);
            StartupTrace.mark("run: options read");
            if (detach) {
                System.out.println(start(b).id());
                return 0;
            }
            return tty ? withTerminal(b) : foreground(b);
        }
    }

    private ContainerBuilder<?> builder(Berth berth) throws IOException {
        if (options.name != null) {
            berth.findContainer(options.name).filter(c -> c.name().equals(options.name)).ifPresent(c -> {
                throw new IllegalArgumentException("the container name \"" + options.name
                        + "\" is already in use by container " + c.id().substring(0, 12) + ": remove it first");
            });
        }
        // In the foreground without --rm (detached, so it stays after its exit), the output comes
        // over the helper's attach pipes, not through the log: a full disk loses none of it.
        // Inspect shows docker's Config: Tty for -t either way, OpenStdin for -i (an attached
        // terminal's stdin is the pty, whatever the pipe setting), and a foreground run attaches
        // stdout and stderr, with -i stdin too, which then closes with this command's (StdinOnce).
        return options.builder(berth, image, command).detached(detach || (!rm && !tty))
                .attach(!detach && !rm && !tty)
                .autoRemove(rm && detach).tty(tty && detach).terminal(tty && !detach)
                .stdin(interactive).stdinOnce(interactive && !detach)
                .attachStreams(detach ? AttachStreams.NONE : new AttachStreams(interactive, true, true));
    }

    /**
     * Starts the container, streams its output until it exits, and returns its exit code. As
     * docker's, with {@code --sig-proxy} (the default) the signals this process gets (Ctrl-C's
     * SIGINT, SIGTERM, SIGHUP) go to the container's process, and this one waits on: a process
     * that ignores them runs on, as a PID 1 without a handler does. With {@code --sig-proxy=false}
     * Ctrl-C ends this process and leaves the container running (logged by its helper), except
     * with {@code --rm}: that container is this process's, so it is stopped and removed.
     */
    private int foreground(ContainerBuilder<?> b) throws Exception {
        Container c = start(b);
        StartupTrace.mark("run: started");
        Thread stopAtExit = new Thread(() -> stopQuietly(c), "berth-run-stop");
        if (sigProxy) {
            AttachSession.proxySignals(c);
        }
        if (rm) {
            // the --rm container is this process's (not detached): it does not outlive it
            Runtime.getRuntime().addShutdownHook(stopAtExit);
        }
        try {
            if (interactive) {
                Thread pump = new Thread(() -> copyStdin(c), "berth-run-stdin");
                pump.setDaemon(true);
                pump.start();
            }
            if (rm) {
                // Attached (--rm): this JVM writes the log, names a full disk itself, and its
                // follower gets every record from memory.
                try (LogStream log = c.followLogs()) {
                    while (log.hasNext()) {
                        LogRecord r = log.next();
                        PrintStream to = r.source() == LogRecord.Source.STDERR ? System.err : System.out;
                        to.write(r.bytes());
                        to.flush();
                    }
                }
            } else {
                // Detached: its helper writes the log and forwards the output here; a full disk
                // is in the log's marker.
                try (LogFailureNotice notice = LogFailureNotice.watch(c)) {
                    c.attachedOutput().copyTo(System.out, System.err);
                }
            }
            StartupTrace.mark("run: output ended");
            int code = c.waitFor();
            StartupTrace.mark("run: exited");
            tellOomKill(c);
            return code;
        } finally {
            if (rm) {
                Runtime.getRuntime().removeShutdownHook(stopAtExit);
                c.close();
                StartupTrace.mark("run: removed");
            }
        }
    }

    /** A container its memory limit killed says so, rather than ending on a bare 137. */
    private static void tellOomKill(Container c) {
        if (c.state().oomKilled()) {
            System.err.println("berth: container " + c.name() + " was OOM-killed: it reached its memory limit of "
                    + mebibytes(c.details().limits().memoryBytes()));
        }
    }

    /** {@code 8MiB} for {@code -m 8m}. */
    private static String mebibytes(long bytes) {
        return bytes % (1 << 20) == 0 ? (bytes >> 20) + "MiB" : bytes + " bytes";
    }

    /** {@code -t}: the container's stdio is a pty whose master this terminal drives. */
    private int withTerminal(ContainerBuilder<?> b) throws Exception {
        Container c = start(b);
        try (PseudoTerminal pty = c.terminal()) {
            Thread stopAtExit = new Thread(() -> stopQuietly(c), "berth-run-stop");
            Runtime.getRuntime().addShutdownHook(stopAtExit);
            try {
                return TerminalSession.attach(pty, c::waitFor, interactive);
            } finally {
                Runtime.getRuntime().removeShutdownHook(stopAtExit);
                if (rm) {
                    c.close();
                }
            }
        }
    }

    /** Starts the container; a command that cannot be executed exits 126 or 127, as Docker's does. */
    static Container start(ContainerBuilder<?> b) {
        try {
            return b.start();
        } catch (ContainerException e) {
            throw CommandFailure.of(e, "");
        }
    }

    /** On Ctrl-C or SIGTERM: the container gets its stop signal, so its exit is recorded. */
    static void stopQuietly(Container c) {
        try {
            if (c.isRunning()) {
                c.stop(Duration.ofSeconds(2));
            }
        } catch (RuntimeException e) {
            // exiting anyway
        }
    }

    private static void copyStdin(Container c) {
        try (OutputStream in = c.stdin()) {
            System.in.transferTo(in);
        } catch (IOException e) {
            // the container closed its stdin or exited
        }
    }
}
