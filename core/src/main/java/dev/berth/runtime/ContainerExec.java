package dev.berth.runtime;

import dev.berth.ExecResult;
import dev.berth.namespaces.launch.Launcher;
import dev.berth.namespaces.launch.ProcessSpec;
import dev.berth.namespaces.launch.Stdio;
import dev.berth.namespaces.process.ExitStatus;
import dev.berth.namespaces.process.IsolatedProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one command inside a running container, as {@code docker exec} does: the process joins
 * the namespaces, root and cgroup of the container's main process (see
 * {@link ProcessSpec.Builder#joinNamespacesOf}), with the container's environment merged
 * under the caller's, and its output is collected whole, or goes to a pty the caller holds.
 */
public final class ContainerExec {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private ContainerExec() {
    }

    /**
     * Where the command's stdio goes: a new pty of the container's own devpts for all three
     * ({@code terminal}; pipes without), what to feed its stdin (null for an empty one), and
     * where its stdout goes as bytes (null to collect it as text in the {@link ExecResult}).
     */
    public record Streams(boolean terminal, InputStream stdin, OutputStream stdout) {
        public Streams(boolean terminal, InputStream stdin) {
            this(terminal, stdin, null);
        }
    }

    /**
     * Runs {@code command} in {@code target} as {@code user} with {@code env} in {@code workdir},
     * with the container's {@code capabilities} if the user is root and its {@code ulimits}, in
     * the container's cgroups ({@code cgroupProcs}: their cgroup.procs files, empty for none);
     * waits for it.
     */
    public static ExecResult run(Launcher launcher, IsolatedProcess target, List<Path> cgroupProcs, List<String> command, List<String> env,
            ExecUser user, String workdir, List<String> capabilities, List<ContainerConfig.Ulimit> ulimits, Streams streams)
            throws InterruptedException {
        return run(launcher, target, cgroupProcs, command, env, user, workdir, capabilities, ulimits, streams, null);
    }

    /**
     * As {@link #run(Launcher, IsolatedProcess, List, List, List, ExecUser, String, List, List, Streams)},
     * killing the command once {@code timeout} (null: none) has passed; a killed command's
     * result has exit code {@link #TIMED_OUT}.
     */
    public static ExecResult run(Launcher launcher, IsolatedProcess target, List<Path> cgroupProcs, List<String> command, List<String> env,
            ExecUser user, String workdir, List<String> capabilities, List<ContainerConfig.Ulimit> ulimits, Streams streams,
            java.time.Duration timeout) throws InterruptedException {
        return runToEnd(launcher, spec(target, cgroupProcs, command, env, user, workdir, capabilities, ulimits, streams), streams,
                timeout);
    }

    /**
     * Launches {@code command} as {@link #run} does and returns at once: the caller reads its
     * stdout and stderr (pipes, unless {@code streams} has a terminal), waits for it and closes
     * it. What {@code streams} gives as stdin is fed on a thread of its own, closed at its end.
     */
    public static IsolatedProcess start(Launcher launcher, IsolatedProcess target, List<Path> cgroupProcs, List<String> command,
            List<String> env, ExecUser user, String workdir, List<String> capabilities, List<ContainerConfig.Ulimit> ulimits,
            Streams streams) {
        ProcessSpec spec = spec(target, cgroupProcs, command, env, user, workdir, capabilities, ulimits, streams);
        IsolatedProcess p = launcher.launch(spec);
        if (!streams.terminal() && streams.stdin() != null) {
            feed(streams.stdin(), p.stdin(), spec.name());
        }
        return p;
    }

    /**
     * Launches a command as {@link #start} does, detached ({@code docker exec -d}): it outlives
     * this JVM, its stdin is empty and its output discarded, as dockerd discards a detached
     * exec's. Returns its pid on the host.
     */
    public static long startDetached(Launcher launcher, IsolatedProcess target, List<Path> cgroupProcs, List<String> command,
            List<String> env, ExecUser user, String workdir, List<String> capabilities, List<ContainerConfig.Ulimit> ulimits) {
        ProcessSpec spec = specBuilder(target, cgroupProcs, command, env, user, workdir, capabilities, ulimits,
                new Streams(false, null)).dieWithParent(false).stdout(Stdio.discard()).stderr(Stdio.discard()).build();
        IsolatedProcess p = launcher.launch(spec);
        return p.pid();
    }

    /** The launch of an exec'd command: the target's namespaces and cgroups, the user's ids and the container's limits. */
    private static ProcessSpec spec(IsolatedProcess target, List<Path> cgroupProcs, List<String> command, List<String> env,
            ExecUser user, String workdir, List<String> capabilities, List<ContainerConfig.Ulimit> ulimits, Streams streams) {
        return specBuilder(target, cgroupProcs, command, env, user, workdir, capabilities, ulimits, streams).build();
    }

    private static ProcessSpec.Builder specBuilder(IsolatedProcess target, List<Path> cgroupProcs, List<String> command,
            List<String> env, ExecUser user, String workdir, List<String> capabilities, List<ContainerConfig.Ulimit> ulimits,
            Streams streams) {
        ProcessSpec.Builder b = ContainerLaunch.withUser(ProcessSpec.builder(command),
                        ContainerLaunch.withTerm(env, streams.terminal()), user.uid(), user.gid(),
                        user.additionalGids(), user.home())
                .capabilities(ContainerCapabilities.forUser(user.uid(), capabilities))
                .name(target.name() + "-exec-" + SEQUENCE.incrementAndGet())
                .workdir(workdir)
                .joinNamespacesOf(target)
                // Written before the command runs: its memory, tasks and CPU count against the
                // container's limits, as runc exec joins the container's cgroup.
                .joinCgroups(cgroupProcs);
        // rlimits are per process and inherited from the parent, which for an exec is this JVM's
        // helper, not the container: without the container's own, an exec'd process would escape
        // them. Rootless, where no pids cgroup can be had, --ulimit nproc is the only bound on a
        // fork bomb started by exec (found by the hostile-workload suite).
        ContainerLaunch.rlimits(ulimits).forEach(b::rlimit);
        if (streams.terminal()) {
            b.console(true);
        } else if (streams.stdin() != null) {
            b.stdin(Stdio.pipe());
        }
        return b;
    }

    /** The exit code of a command killed for exceeding its timeout, as Docker reports a health probe's. */
    public static final int TIMED_OUT = -1;

    /**
     * Launches {@code spec} with {@code launcher} and waits for it, feeding it {@code streams}' stdin and collecting its
     * output (into {@code streams}' stdout if given); with a terminal the output is the caller's
     * to read from the pty's master.
     */
    public static ExecResult runToEnd(Launcher launcher, ProcessSpec spec, Streams streams) throws InterruptedException {
        return runToEnd(launcher, spec, streams, null);
    }

    private static ExecResult runToEnd(Launcher launcher, ProcessSpec spec, Streams streams, java.time.Duration timeout)
            throws InterruptedException {
        try (IsolatedProcess p = launcher.launch(spec)) {
            java.util.concurrent.atomic.AtomicBoolean killed = new java.util.concurrent.atomic.AtomicBoolean();
            if (timeout != null) {
                java.util.concurrent.CompletableFuture.delayedExecutor(timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS)
                        .execute(() -> {
                            if (p.isAlive()) {
                                killed.set(true);
                                p.kill();
                            }
                        });
            }
            ExecResult result = collect(p, spec, streams);
            return killed.get() ? new ExecResult(TIMED_OUT, result.stdout(), result.stderr()) : result;
        }
    }

    /**
     * A command on a terminal run to its end: keys from {@code streams}' stdin go to the master,
     * and what the terminal shows (stdout and stderr as one, with the terminal's \r\n) is the
     * result's stdout, or goes to {@code streams}' stdout.
     */
    private static ExecResult terminalOutput(IsolatedProcess p, Streams streams) throws InterruptedException {
        try (dev.berth.namespaces.PseudoTerminal pty = p.terminal()) {
            if (streams.stdin() != null) {
                Thread keys = new Thread(() -> {
                    byte[] buf = new byte[4096];
                    try (InputStream in = streams.stdin()) {
                        for (int n; (n = in.read(buf)) > 0;) {
                            pty.write(buf, n);
                        }
                    } catch (IOException e) {
                        // the terminal or the source is gone
                    }
                }, p.name() + "-keys");
                keys.setDaemon(true);
                keys.start();
            }
            java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
            OutputStream to = streams.stdout() != null ? streams.stdout() : text;
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = pty.read(buf)) > 0;) {
                    to.write(buf, 0, n);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new ExecResult(p.waitFor().shellCode(), text.toString(StandardCharsets.UTF_8), "");
        }
    }

    /** Feeds the command its stdin and collects its output and exit. */
    private static ExecResult collect(IsolatedProcess p, ProcessSpec spec, Streams streams) throws InterruptedException {
        if (streams.terminal()) {
            return terminalOutput(p, streams);
        }
        if (streams.stdin() != null) {
            feed(streams.stdin(), p.stdin(), spec.name());
        }
        // A thread of its own: a blocking read must not occupy the small common pool.
        FutureTask<String> err = new FutureTask<>(() -> text(p.stderr()));
        Thread reader = new Thread(err, spec.name() + "-stderr");
        reader.setDaemon(true);
        reader.start();
        String out;
        if (streams.stdout() != null) {
            try {
                p.stdout().transferTo(streams.stdout());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out = "";
        } else {
            out = text(p.stdout());
        }
        ExitStatus status = p.waitFor();
        try {
            return new ExecResult(status.shellCode(), out, err.get());
        } catch (ExecutionException e) {
            throw (RuntimeException) e.getCause(); // text() throws only UncheckedIOException
        }
    }

    /** Copies {@code from} into the command's stdin on a daemon thread, closing it at the end. */
    private static void feed(InputStream from, OutputStream to, String name) {
        Thread t = new Thread(() -> {
            try (to) {
                from.transferTo(to);
            } catch (IOException e) {
                // the command closed its stdin or exited: nothing more to give it
            }
        }, name + "-stdin");
        t.setDaemon(true);
        t.start();
    }

    private static String text(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
