package dev.berth.cli;

import dev.berth.Container;
import dev.berth.ContainerAttach;
import dev.berth.log.LogRecord;
import dev.berth.log.LogStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code docker attach} and {@code docker start -a}: this process prints the container's output
 * as it writes it (stderr to stderr, unless it has a terminal), copies its own stdin to the
 * container's when asked, forwards the signals it gets to the container (docker's
 * {@code --sig-proxy}), and ends with the container's exit code once the run it attached to
 * has exited.
 */
final class AttachSession {
    /** The signals docker's sig-proxy forwards that a JVM can catch (it reserves QUIT and USR1). */
    private static final List<String> PROXIED = List.of("INT", "TERM", "HUP", "USR2");

    private AttachSession() {
    }

    /**
     * Follows {@code attach} (made before a start, so it attaches to that run) until the run
     * ends, and returns the container's exit code.
     *
     * @param stdin whether this process's stdin goes to the container's
     * @throws UnsupportedOperationException when stdin is asked for but another process holds it
     */
    static int follow(Container c, ContainerAttach attach, boolean stdin, boolean sigProxy) throws Exception {
        if (!attach.awaitRun(Duration.ofSeconds(30))) {
            throw new IllegalStateException("container " + c.name() + " did not start");
        }
        if (stdin) {
            Optional<OutputStream> in;
            try {
                in = attach.stdin();
            } catch (IllegalStateException heldElsewhere) {
                throw new UnsupportedOperationException("cannot attach to the stdin of container " + c.name()
                        + ": the process that started it holds it (use --no-stdin to attach to its output)");
            }
            in.ifPresent(AttachSession::pump);
        }
        if (sigProxy) {
            proxySignals(c);
        }
        try (LogStream out = attach.output()) {
            while (out.hasNext()) {
                LogRecord r = out.next();
                PrintStream to = r.source() == LogRecord.Source.STDERR ? System.err : System.out;
                to.write(r.bytes());
                to.flush();
            }
        }
        return c.waitFor();
    }

    private static void pump(OutputStream in) {
        Thread t = new Thread(() -> {
            try (in) {
                System.in.transferTo(in);
            } catch (IOException e) {
                // the container closed its stdin or exited
            }
        }, "berth-attach-stdin");
        t.setDaemon(true);
        t.start();
    }

    /** docker's {@code --sig-proxy}: each signal of {@link #PROXIED} this process gets goes to the container's main process. */
    @SuppressWarnings("sunapi")
    static void proxySignals(Container c) {
        for (String name : PROXIED) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), s -> c.signal("SIG" + name));
            } catch (IllegalArgumentException reserved) {
                // this JVM cannot catch it: it keeps its default action
            }
        }
    }
}
