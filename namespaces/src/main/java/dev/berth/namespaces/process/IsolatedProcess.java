package dev.berth.namespaces.process;

import dev.berth.namespaces.Namespace;
import dev.berth.namespaces.PseudoTerminal;
import dev.berth.namespaces.cgroup.Cgroup;
import dev.berth.namespaces.cgroup.CgroupStats;
import dev.berth.namespaces.linux.Syscalls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * A running (or finished) isolated process, tracked through pidfds so that a signal never
 * reaches a recycled pid (<a href="https://man7.org/linux/man-pages/man2/pidfd_open.2.html">pidfd_open(2)</a>).
 * Its stage-1 helper reports the exit status; the shared {@link ProcessWatcher} thread reads it,
 * removes the process's cgroup and completes {@link #onExit()}. {@link #close()} kills the
 * process if it still runs and waits for it.
 */
public final class IsolatedProcess implements AutoCloseable {
    public static final int SIGTERM = 15;
    public static final int SIGKILL = 9;

    private final Syscalls sys;
    private final String name;
    private final int pid;
    private final int helperPid;
    private final int helperPidfd;
    private int pidfd;
    /** How a reattached process ended (its helper wrote it down); null for one launched here. */
    private final Supplier<ExitStatus> recordedExit;
    private final StageOneReport report;
    private final Cgroup cgroup;
    private final Set<Namespace.Type> namespaces;
    private final OutputStream stdin;
    private final InputStream stdout;
    private final InputStream stderr;
    private final PseudoTerminal terminal;
    private final Instant started = Instant.now();
    /** The exit status, once the helper has reported it (or has gone without a report). */
    private final CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
    /**
     * Completes after {@link #exit}, once the helper is reaped and the cgroup removed: that
     * work (half a millisecond and more on cgroup v1) is not between the exit and waitFor.
     */
    private final CompletableFuture<ExitStatus> released = new CompletableFuture<>();
    private volatile Instant finished;
    private ExitStatus reported;
    private ExitTrace exitTrace = ExitTrace.NONE;

    /** The resources a launcher hands over once the process has started. */
    public record Started(Syscalls sys, String name, int pid, int helperPid, int helperPidfd, int pidfd,
            StageOneReport report, Cgroup cgroup, Set<Namespace.Type> namespaces,
            OutputStream stdin, InputStream stdout, InputStream stderr, PseudoTerminal terminal) {
    }

    private IsolatedProcess(Started s, Supplier<ExitStatus> recordedExit) {
        this.sys = s.sys();
        this.name = s.name();
        this.pid = s.pid();
        this.helperPid = s.helperPid();
        this.helperPidfd = s.helperPidfd();
        this.recordedExit = recordedExit;
        this.pidfd = s.pidfd();
        this.report = s.report();
        this.cgroup = s.cgroup();
        this.namespaces = Set.copyOf(s.namespaces());
        this.stdin = s.stdin();
        this.stdout = s.stdout();
        this.stderr = s.stderr();
        this.terminal = s.terminal();
    }

    /**
     * The master of the pty the process got in its container's own devpts
     * ({@link dev.berth.namespaces.launch.ProcessSpec.Builder#console}), or null. The caller
     * owns it and closes it; reads end (-1) once every process holding the slave has ended.
     */
    public PseudoTerminal terminal() {
        return terminal;
    }

    /**
     * Takes over a started process and has {@code watcher} follow it. For launchers: the
     * remaining report lines and the helper's exit complete the handle.
     */
    public static IsolatedProcess adopt(Started s, ProcessWatcher watcher) {
        return adopt(s, watcher, ExitTrace.NONE);
    }

    /** As {@link #adopt(Started, ProcessWatcher)}, marking the steps of the end in {@code trace}. */
    public static IsolatedProcess adopt(Started s, ProcessWatcher watcher, ExitTrace trace) {
        IsolatedProcess p = new IsolatedProcess(s, null);
        p.exitTrace = trace;
        watcher.watch(s.report().fd(), new ProcessWatcher.Watch() {
            @Override
            public boolean onReadable() {
                return p.onReportReadable();
            }

            @Override
            public void onDone() {
                p.finish();
            }
        });
        return p;
    }

    /**
     * A handle on a process that another JVM launched without die-with-parent and that may
     * have outlived it: {@code process} is the container's process and {@code helper} its
     * stage-1 helper, which stays until it has reaped the process and written down how it
     * ended, which {@code recordedExit} reads. The handle signals through a pidfd and learns
     * of the end when the helper exits; it has no cgroup and no streams. If either is gone
     * (or its pid now names another process), the handle is already exited.
     */
    public static IsolatedProcess reattach(Syscalls sys, String name, ProcessIdentity process, ProcessIdentity helper,
            Set<Namespace.Type> namespaces, Supplier<ExitStatus> recordedExit, ProcessWatcher watcher) {
        int pidfd = openIfSame(sys, process);
        int helperPidfd = openIfSame(sys, helper);
        IsolatedProcess p = new IsolatedProcess(new Started(sys, name, (int) process.pid(), (int) helper.pid(),
                helperPidfd, pidfd, null, null, namespaces, null, null, null, null), recordedExit);
        if (helperPidfd < 0) {
            p.finish();
        } else {
            // A pidfd polls readable once its process has exited.
            watcher.watch(helperPidfd, new ProcessWatcher.Watch() {
                @Override
                public boolean onReadable() {
                    return false;
                }

                @Override
                public void onDone() {
                    p.finish();
                }
            });
        }
        return p;
    }

    /** A pidfd of {@code who}, or -1 when it has gone: checked after the open, so a reused pid is never taken for it. */
    private static int openIfSame(Syscalls sys, ProcessIdentity who) {
        if (!who.isAlive()) {
            return -1; // gone (an exited container's): no pidfd to open, no system call (#17: ps binds no C library)
        }
        int fd;
        try {
            fd = sys.pidfdOpen((int) who.pid());
        } catch (RuntimeException gone) {
            return -1;
        }
        if (!who.isAlive()) {
            sys.close(fd);
            return -1;
        }
        return fd;
    }

    /** The pid of its stage-1 helper, which outlives it to reap it and report its end. */
    public int helperPid() {
        return helperPid;
    }

    /**
     * Runs on the watcher thread; false once the helper has gone. The helper's "X" line tells
     * the exit: waiters learn it at once, before the helper's own exit is reaped.
     */
    private boolean onReportReadable() {
        for (String line : report.readAvailable()) {
            if (line.startsWith("T ")) {
                exitTrace.helperLine(line);
                continue;
            }
            ExitStatus st = StageOneReport.parseExit(line);
            if (st != null && reported == null) {
                reported = withOomKill(st);
                exitTrace.mark("exit-told");
                finished = Instant.now();
                exit.complete(reported);
            }
        }
        return !report.atEof();
    }

    /** Killed by the OOM killer: SIGKILL, or 128 + 9 when Berth's init reported the command. */
    private ExitStatus withOomKill(ExitStatus status) {
        boolean byKill = status.signal() == SIGKILL || (status.exited() && status.exitCode() == 128 + SIGKILL);
        if (byKill && cgroup != null && cgroup.oomKillCount() > 0) {
            return new ExitStatus(status.exitCode(), status.signal(), true);
        }
        return status;
    }

    private void finish() {
        if (recordedExit != null) {
            finishReattached();
            return;
        }
        try {
            finishLaunched();
        } finally {
            // Whatever failed on the way, nobody waits forever: the exit as far as it is known.
            ExitStatus known = reported != null ? reported : ExitStatus.killed(SIGKILL, false);
            exit.complete(known);
            released.complete(exit.getNow(known));
        }
    }

    private void finishLaunched() {
        exitTrace.mark("report-eof");
        if (!report.atEof()) {
            // The watch ended on an error rather than the helper's EOF: do not wait on a live helper.
            sys.pidfdSendSignal(helperPidfd, SIGKILL);
        }
        sys.close(report.fd());
        ExitStatus status = reported;
        try {
            sys.waitPidfd(helperPidfd, true);
            if (status == null) {
                // The helper died without a report (it was killed); its child got SIGKILL from
                // PR_SET_PDEATHSIG at that moment.
                status = withOomKill(ExitStatus.killed(SIGKILL, false));
            }
        } finally {
            sys.close(helperPidfd);
        }
        exitTrace.mark("helper-reaped");
        synchronized (this) {
            if (pidfd >= 0) {
                sys.close(pidfd);
                pidfd = -1;
            }
        }
        if (!exit.isDone()) {
            finished = Instant.now();
            exit.complete(status);
        }
        if (cgroup != null) {
            try {
                cgroup.close();
            } catch (RuntimeException e) {
                LoggerFactory.getLogger(IsolatedProcess.class).warn("could not remove the cgroup of {}", name, e);
            }
            exitTrace.mark("cgroup-removed");
        }
        exitTrace.finish();
        released.complete(status);
    }

    private void finishReattached() {
        synchronized (this) {
            for (int fd : new int[] {pidfd, helperPidfd}) {
                if (fd >= 0) {
                    sys.close(fd);
                }
            }
            pidfd = -1;
        }
        finished = Instant.now();
        ExitStatus status;
        try {
            status = recordedExit.get();
        } catch (RuntimeException e) {
            status = null;
        }
        // No record: the helper itself was killed, and its process went with it.
        ExitStatus st = status != null ? status : ExitStatus.killed(SIGKILL, false);
        exit.complete(st);
        released.complete(st);
    }

    /** The name given in the spec. */
    public String name() {
        return name;
    }

    /** The pid, as seen from the JVM's pid namespace. */
    public int pid() {
        return pid;
    }

    /** The namespaces the process was created in (what a joining process can join). */
    public Set<Namespace.Type> namespaces() {
        return namespaces;
    }

    /** The cgroup.procs files of its cgroups (empty without limits). */
    public List<Path> cgroupProcsFiles() {
        return cgroup == null ? List.of() : cgroup.procsFiles();
    }

    /** Resource usage now, from its cgroup; empty when it has none. */
    public Optional<CgroupStats> stats() {
        return cgroup == null || !isAlive() ? Optional.empty() : Optional.of(cgroup.stats());
    }

    /** When the launch returned. */
    public Instant startedAt() {
        return started;
    }

    /** When the exit was seen, if it has been. */
    public Optional<Instant> finishedAt() {
        return Optional.ofNullable(finished);
    }

    public boolean isAlive() {
        return !exit.isDone();
    }

    /** Sends {@code signal}; false when the process has already gone. */
    public synchronized boolean signal(int signal) {
        if (pidfd < 0 || exit.isDone()) {
            return false;
        }
        return sys.pidfdSendSignal(pidfd, signal);
    }

    /** SIGKILL. */
    public boolean kill() {
        return signal(SIGKILL);
    }

    /**
     * A duplicate of the process's pidfd, for joining its namespaces; the caller closes it.
     * Fails when the process has exited.
     */
    public synchronized int duplicatePidfd() {
        if (pidfd < 0 || exit.isDone()) {
            throw new IllegalStateException("process " + name + " has exited");
        }
        return sys.fcntl(pidfd, Syscalls.F_DUPFD_CLOEXEC, 3);
    }

    /**
     * Waits for the exit. The helper's reaping and the cgroup's removal may still be under way
     * when it returns; {@link #close()} and {@link #onExit()} wait for them as well.
     */
    public ExitStatus waitFor() throws InterruptedException {
        try {
            return exit.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Waits at most {@code timeout}; empty if the process still runs then. */
    public Optional<ExitStatus> waitFor(Duration timeout) throws InterruptedException {
        try {
            return Optional.of(exit.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The exit status, if it has exited. */
    public Optional<ExitStatus> exitStatus() {
        return Optional.ofNullable(exit.getNow(null));
    }

    /**
     * Completes on exit, once the helper is reaped and the cgroup removed (a group of the same
     * name can then be made again); dependent actions run asynchronously, never on the watcher
     * thread.
     */
    public CompletableFuture<ExitStatus> onExit() {
        return released.thenApplyAsync(Function.identity());
    }

    /** The process's stdin when it is a pipe. */
    public OutputStream stdin() {
        return require(stdin, "stdin");
    }

    /** The process's stdout when it is a pipe. */
    public InputStream stdout() {
        return require(stdout, "stdout");
    }

    /** The process's stderr when it is a pipe. */
    public InputStream stderr() {
        return require(stderr, "stderr");
    }

    private <T> T require(T stream, String which) {
        if (stream == null) {
            throw new IllegalStateException(which + " of " + name + " is not a pipe");
        }
        return stream;
    }

    /**
     * Kills the process if it runs, waits for it, its helper's reaping and its cgroup's
     * removal, and closes the streams.
     */
    @Override
    public void close() {
        kill();
        try {
            released.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        for (AutoCloseable c : new AutoCloseable[] {stdin, stdout, stderr}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // a stream closed twice or a pipe whose reader is gone
                }
            }
        }
    }

    @Override
    public String toString() {
        return "process " + name + " (pid " + pid + ", " + (isAlive() ? "running" : exit.getNow(null)) + ")";
    }
}
