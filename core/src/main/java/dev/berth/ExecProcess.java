package dev.berth;

import dev.berth.namespaces.PseudoTerminal;
import dev.berth.namespaces.process.ExitStatus;
import dev.berth.namespaces.process.IsolatedProcess;
import java.io.InputStream;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * A command started in a running container that runs on while the caller streams its output,
 * as the Engine API's exec start does
 * (<a href="https://docs.docker.com/reference/api/engine/version/v1.45/#tag/Exec/operation/ExecStart">ExecStart</a>):
 * its stdout and stderr are read as they come, and its exit code is known once it has exited
 * ({@code GET /exec/{id}/json}). Made by {@link Container#startExec(ExecOptions)}. Read both
 * streams, or close this: as with a {@link Process}, output nobody reads holds the command back
 * once a pipe is full. Thread-safe.
 */
public final class ExecProcess implements AutoCloseable {
    private final IsolatedProcess process;
    private final boolean terminal;

    ExecProcess(IsolatedProcess process) {
        this.process = process;
        this.terminal = process.terminal() != null;
    }

    /**
     * With {@link ExecOptions#terminal}: the master of the command's terminal (a pty of the
     * container's own devpts), to read what it shows, write keys and resize; the caller
     * closes it, which hangs the terminal up. Null without a terminal.
     */
    public PseudoTerminal terminal() {
        return process.terminal();
    }

    /** The command's pid on the host. */
    public int pid() {
        return process.pid();
    }

    /**
     * What the command writes to stdout; its end is the command's last write.
     *
     * @throws IllegalStateException with a {@link ExecOptions#terminal terminal}, whose master the caller reads
     */
    public InputStream stdout() {
        return pipe(process::stdout);
    }

    /**
     * What the command writes to stderr.
     *
     * @throws IllegalStateException with a {@link ExecOptions#terminal terminal}
     */
    public InputStream stderr() {
        return pipe(process::stderr);
    }

    private InputStream pipe(java.util.function.Supplier<InputStream> stream) {
        if (terminal) {
            throw new IllegalStateException("exec " + process.name() + " writes to its terminal: read the pty's master");
        }
        return stream.get();
    }

    /** Whether it still runs. */
    public boolean isRunning() {
        return process.exitStatus().isEmpty();
    }

    /** The exit code (128 + N for a death by signal N) once it has exited. */
    public OptionalInt exitCode() {
        return process.exitStatus().map(s -> OptionalInt.of(s.shellCode())).orElse(OptionalInt.empty());
    }

    /** Completes with the exit code when it exits. */
    public CompletableFuture<Integer> onExit() {
        return process.onExit().thenApply(ExitStatus::shellCode);
    }

    /** Waits for the exit; returns the exit code. */
    public int waitFor() throws InterruptedException {
        return process.waitFor().shellCode();
    }

    /** Kills the command if it still runs, waits for it and closes its streams. */
    @Override
    public void close() {
        process.close();
    }

    @Override
    public String toString() {
        return "exec " + process.name() + " (pid " + pid() + ", " + (isRunning() ? "running" : "exit code " + exitCode().getAsInt()) + ")";
    }
}
