package dev.berth.cli;

import dev.berth.namespaces.PseudoTerminal;

import dev.berth.Container;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code run -it} and {@code exec -it}: this terminal talks to the container's pty. The host terminal goes into raw
 * mode (no echo, no line editing, Ctrl-C as a byte), so keys reach the container's line
 * discipline as typed; its window size follows this one's on SIGWINCH; the terminal settings
 * are restored at the end, as {@code docker run -it} does.
 */
final class TerminalSession {
    private TerminalSession() {
    }

    /** What ends the session: the container's or the exec's exit code, once it has exited. */
    interface Exit {
        int await() throws Exception;
    }

    /**
     * {@code -it} needs this process's stdin to be a terminal, as docker's CLI checks before it
     * creates anything (a pipe or a file cannot be put into raw mode, nor sized): otherwise
     * docker's "the input device is not a TTY" on stderr and exit 1. {@code -t} alone is fine.
     */
    static void requireTerminalInput(boolean tty, boolean interactive) {
        if (tty && interactive && !PseudoTerminal.isTerminal(0)) {
            System.err.println("the input device is not a TTY");
            throw new ExitCode(1);
        }
    }

    /** Copies between this process's stdin/stdout and the pty until the command exits; returns its code. */
    static int attach(PseudoTerminal pty, Exit exit, boolean interactive) throws Exception {
        boolean hostTerminal = System.console() != null;
        String saved = hostTerminal ? stty("-g").strip() : null;
        Thread restore = new Thread(() -> restore(saved), "berth-tty-restore");
        Runtime.getRuntime().addShutdownHook(restore);
        try {
            if (hostTerminal) {
                stty("raw", "-echo");
                pty.copySizeFrom(0);
                resizeOnWinch(pty);
            } else {
                pty.resize(24, 80);
            }
            if (interactive) {
                Thread keys = new Thread(() -> copyKeys(pty), "berth-tty-stdin");
                keys.setDaemon(true);
                keys.start();
            }
            PrintStream out = System.out;
            byte[] buf = new byte[8192];
            for (int n = pty.read(buf); n > 0; n = pty.read(buf)) {
                out.write(buf, 0, n);
                out.flush();
            }
            return exit.await();
        } finally {
            restore(saved);
            Runtime.getRuntime().removeShutdownHook(restore);
        }
    }

    private static void copyKeys(PseudoTerminal pty) {
        byte[] buf = new byte[1024];
        try {
            InputStream in = System.in;
            for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                pty.write(buf, n);
            }
        } catch (IOException e) {
            // the container has gone
        }
    }

    @SuppressWarnings("sunapi")
    private static void resizeOnWinch(PseudoTerminal pty) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("WINCH"), s -> pty.copySizeFrom(0));
        } catch (IllegalArgumentException e) {
            // no SIGWINCH here: the size stays as it started
        }
    }

    private static void restore(String saved) {
        if (saved != null) {
            try {
                stty(saved);
            } catch (IOException e) {
                System.err.println("berth: cannot restore the terminal (run `stty sane`): " + e.getMessage());
            }
        }
    }

    /** Runs stty on this process's controlling terminal and returns what it printed. */
    private static String stty(String... args) throws IOException {
        Process p = new ProcessBuilder(concat(args)).redirectInput(new File("/dev/tty"))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new IOException("stty " + String.join(" ", args) + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return out;
    }

    private static List<String> concat(String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of("stty"));
        argv.addAll(List.of(args));
        return argv;
    }
}
