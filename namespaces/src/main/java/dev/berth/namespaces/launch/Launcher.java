package dev.berth.namespaces.launch;

import dev.berth.namespaces.host.Host;
import dev.berth.namespaces.Namespace;
import dev.berth.namespaces.PseudoTerminal;
import dev.berth.namespaces.cgroup.Cgroup;
import dev.berth.namespaces.cgroup.Cgroups;
import dev.berth.namespaces.linux.Errno;
import dev.berth.namespaces.linux.SyscallException;
import dev.berth.namespaces.linux.Syscalls;
import dev.berth.namespaces.process.ExitTrace;
import dev.berth.namespaces.process.IsolatedProcess;
import dev.berth.namespaces.process.PipeDrain;
import dev.berth.namespaces.process.ProcessWatcher;
import dev.berth.namespaces.process.StageOneReport;
import dev.berth.namespaces.userns.UserNamespaceMap;
import java.io.BufferedInputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts isolated processes: validates the spec, creates the cgroup (on another thread, while
 * the stage-1 helper is started with {@code posix_spawn}), hands the helper the spec over a pipe
 * once the cgroup exists, then waits for its first report
 * line. Returns once the process has exec'd, or throws {@link LaunchException} with the failing
 * step; a failed launch leaves no process, cgroup or descriptor behind. Thread-safe.
 */
public final class Launcher {
    private static final int SIGKILL = 9;
    /** The tty group of the container's devpts (gid=5), as in runc's default spec. */
    private static final long TTY_GROUP = 5;
    /** The byte at the cgroup gate: the launch's groups exist (protocol.h, TAG_CGROUP_GATE). */
    private static final byte[] CGROUP_MADE = {'C'};

    /** Owner changes per helper run: well below the 16 MiB a spec may have. */
    private static final long OWNERSHIP_BATCH_BYTES = 8L << 20;

    private final Syscalls sys;
    private final ProcessWatcher watcher;
    private final StageOneBinary helper;
    private final LaunchPreflight preflight;
    private final Cgroups cgroups;
    private int lifelineRead = -1;
    private int lifelineWrite = -1;

    Launcher(Syscalls sys, ProcessWatcher watcher, StageOneBinary helper, Cgroups cgroups) {
        this.sys = sys;
        this.watcher = watcher;
        this.helper = helper;
        this.preflight = new LaunchPreflight(sys);
        this.cgroups = cgroups;
    }

    /**
     * A launcher that runs the stage-1 helper of this JVM's architecture (loaded from the class
     * path now) through {@code sys}, watches its processes with {@code watcher} and makes their
     * cgroups in {@code cgroups}. A host has one ({@link Host#launcher()}).
     */
    public static Launcher create(Syscalls sys, ProcessWatcher watcher, Cgroups cgroups) {
        return new Launcher(sys, watcher, StageOneBinary.load(sys), cgroups);
    }

    /** The launcher of {@link Host#system()}: the real kernel. */
    public static Launcher system() {
        return Host.system().launcher();
    }

    /** Starts {@code spec}; returns once its program runs. */
    public IsolatedProcess launch(ProcessSpec spec) {
        LaunchTrace trace = LaunchTrace.start(spec.name());
        preflight.check(spec);
        boolean rootless = !sys.privilegedRoot();
        UserNamespaceLaunch userns = UserNamespaceLaunch.of(spec, rootless);
        List<Mount> plan = MountPlan.of(spec, rootless || userns.map() != null,
                userns.map() == null ? !rootless : userns.map().hostGid(TTY_GROUP).isPresent());
        // The group is made once the helper has been spawned, while it starts (start()); the
        // spec, which names the group's cgroup.procs files, is written once the group exists.
        GroupToMake cgroup = new GroupToMake(null);
        Fds fds = new Fds();
        try {
            List<String> procs = new ArrayList<>();
            int joinFd = -1;
            int joinFlags = 0;
            IsolatedProcess target = spec.linux().namespaces().joinTarget();
            if (target != null) {
                joinFlags = Namespace.Type.flags(target.namespaces());
                if (joinFlags == 0) {
                    throw new LaunchException(spec.name(), "join " + target.name() + ": it has no namespaces of its own", Errno.EINVAL);
                }
                joinFd = fds.parent(target.duplicatePidfd());
                // The container's cgroups, so that an exec'd process is under its limits.
                spec.linux().namespaces().joinedCgroups().forEach(p -> procs.add(p.toString()));
            } else if (spec.linux().resources() != null && rootless) {
                cgroup.made = UserNamespaceLaunch.rootlessCgroup(spec, cgroups);
                if (cgroup.made != null) {
                    cgroup.made.procsFiles().forEach(p -> procs.add(p.toString()));
                }
            } else if (spec.linux().resources() != null) {
                List<Path> files = cgroups.procsFiles(spec.name());
                files.forEach(p -> procs.add(p.toString()));
                cgroup = new GroupToMake(() -> {
                    Cgroup made = cgroups.create(spec.name(), spec.linux().resources());
                    if (!made.procsFiles().equals(files)) {
                        made.close();
                        throw new IllegalStateException("cgroup " + spec.name() + " was made at " + made.procsFiles()
                                + ", not at the encoded " + files);
                    }
                    return made;
                });
            }
            trace.mark("cgroup");
            byte[] bytes = SpecEncoder.encode(spec, plan, procs, joinFlags, userns, cgroup.maker != null);
            trace.mark("encoded");
            return start(spec, bytes, fds, joinFd, cgroup, userns.namespaces(), trace);
        } catch (RuntimeException e) {
            fds.closeAll();
            cgroup.closeIfMade();
            throw e;
        }
    }

    /**
     * A launch's cgroup, made by {@link #start} once the helper has been spawned and has its
     * spec: the mkdirs and limit writes (about a millisecond, more while the JIT has not
     * compiled them) then overlap the helper's start-up, its clone and the child's mounts. The
     * helper waits at its cgroup gate (TAG_CGROUP_GATE) for Java's 'C' before it opens the
     * group's cgroup.procs files. A failed launch closes it.
     */
    private static final class GroupToMake {
        private final java.util.function.Supplier<Cgroup> maker;
        private Cgroup made;

        GroupToMake(java.util.function.Supplier<Cgroup> maker) {
            this.maker = maker;
        }

        Cgroup make() {
            if (made == null && maker != null) {
                made = maker.get();
            }
            return made;
        }

        void closeIfMade() {
            if (made != null) {
                made.close();
            }
        }
    }

    /**
     * Gives files below {@code root} the owners of {@code changes}, as the root of a new user
     * namespace with {@code map}: the only way an unprivileged user can make files owned by its
     * subordinate ids (the helper runs {@code fchownat} there; no command, no other namespace).
     * Several passes when the list is longer than one spec may be.
     *
     * @throws LaunchException naming the entry that failed
     */
    public void changeOwners(UserNamespaceMap map, Path root, List<OwnerChange> changes) {
        int from = 0;
        do {
            int to = from;
            long bytes = 0;
            while (to < changes.size() && bytes < OWNERSHIP_BATCH_BYTES) {
                bytes += 32 + changes.get(to++).path().length() * 3L;
            }
            List<OwnerChange> batch = changes.subList(from, to);
            ProcessSpec spec = ProcessSpec.builder("chown").name("berth-chown")
                    .namespaces(List.of()).stdout(Stdio.discard()).stderr(Stdio.discard()).build();
            Fds fds = new Fds();
            try (IsolatedProcess p = start(spec, SpecEncoder.encodeOwnership(map, root, batch), fds, -1, new GroupToMake(null),
                    java.util.Set.of(Namespace.Type.USER), LaunchTrace.start(spec.name()))) {
                var status = p.waitFor();
                if (!status.exited() || status.exitCode() != 0) {
                    throw new LaunchException(spec.name(), "change owners below " + root + ": helper ended with "
                            + status, Errno.EIO);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LaunchException(spec.name(), "interrupted while changing owners below " + root, e);
            } catch (RuntimeException e) {
                fds.closeAll();
                throw e;
            }
            from = to;
        } while (from < changes.size());
    }

    private IsolatedProcess start(ProcessSpec spec, byte[] bytes, Fds fds, int joinFd, GroupToMake making,
            java.util.Set<Namespace.Type> namespaces, LaunchTrace trace) {
        int[] specPipe = fds.pipe();
        int[] reportPipe = fds.pipe();
        int[] in = stdio(spec.io().stdin(), 0, fds, spec);
        int[] out = stdio(spec.io().stdout(), 1, fds, spec);
        int[] err = stdio(spec.io().stderr(), 2, fds, spec);
        int lifeline = lifeline();
        // With a cgroup or network gate: fd 7 is the gate (Java writes 'C' once the cgroup
        // exists, 'G' once the network is up). With a network gate, fd 8 is the write end of the
        // pipe whose read end becomes slirp4netns's exit fd, held by the helper (protocol.h).
        // Without them, both are /dev/null (-1): the helper closes only from fd 9 on, and a
        // descriptor the JVM holds there without close-on-exec would otherwise pass into it.
        boolean cgroupGate = making.maker != null;
        boolean networkGate = spec.linux().namespaces().networkGate() != null;
        int[] gatePipe = null;
        int[] holdPipe = null;
        if (cgroupGate || networkGate) {
            gatePipe = fds.pipe();
        }
        if (networkGate) {
            holdPipe = fds.pipe();
        }
        // With a console: fd 9 is a socket the child sends the pty's master over (protocol.h).
        int[] console = spec.io().console() ? fds.socketPair() : null;
        int[] fdMap = {in[0], out[0], err[0], specPipe[0], reportPipe[1], lifeline, joinFd,
            gatePipe == null ? -1 : gatePipe[0], holdPipe == null ? -1 : holdPipe[1], console == null ? -1 : console[1]};
        List<String> argv = List.of("berth-stage1", spec.name());
        List<String> env = trace.enabled() ? List.of(LaunchTrace.HELPER_VARIABLE) : List.of();
        int helperPid;
        try {
            helperPid = sys.spawn(helper.path(), argv, env, fdMap);
        } catch (SyscallException e) {
            if (!helper.memfdRefused(e.errno())) {
                throw new LaunchException(spec.name(), "posix_spawn stage-1 helper", e.errno());
            }
            helperPid = sys.spawn(helper.path(), argv, env, fdMap);
        }
        trace.mark("spawned");
        int helperPidfd;
        try {
            helperPidfd = sys.pidfdOpen(helperPid);
        } catch (SyscallException e) {
            // Closing Java's ends gives the helper EOF on its spec, and it exits; reaped by pid,
            // which is still this JVM's unreaped child and so names no other process.
            fds.closeAll();
            sys.waitPid(helperPid);
            throw new LaunchException(spec.name(), "pidfd_open stage-1 helper", e.errno());
        }
        // Descriptors that now belong to the helper are closed here so that EOFs arrive.
        fds.closeChildSide(specPipe[0], reportPipe[1], in[0], out[0], err[0], joinFd);
        if (gatePipe != null) {
            fds.closeChildSide(gatePipe[0]);
        }
        if (holdPipe != null) {
            fds.closeChildSide(holdPipe[1]);
        }
        if (console != null) {
            fds.closeChildSide(console[1]);
        }
        // Until the handle owns the helper, a failure here kills and reaps it.
        boolean reaped = false;
        int pidfd = -1;
        boolean reportHandedOver = false;
        Cgroup cgroup = null;
        try {
            // The spec first: the helper clones and the child mounts while the group is made.
            // It waits at the cgroup gate before it opens the group's files. If making the
            // group fails, the helper is killed and reaped (abandon) and launch() rethrows.
            try {
                sys.write(specPipe[1], bytes, 0, bytes.length);
            } catch (SyscallException e) {
                // EPIPE: the helper died before reading; its report (or its absence) says why.
            }
            fds.close(specPipe[1]);
            trace.mark("spec-written");
            cgroup = making.make();
            trace.mark("cgroup-made");
            if (cgroupGate) {
                try {
                    sys.write(gatePipe[1], CGROUP_MADE, 0, 1);
                } catch (SyscallException e) {
                    // EPIPE: the helper is gone; its report says why
                }
                if (!networkGate) {
                    fds.close(gatePipe[1]);
                }
            }
            StageOneReport report = new StageOneReport(sys, reportPipe[0]);
            String first = traced(report, trace);
            Exception gateFailure = null;
            if (first != null && first.startsWith("N ") && networkGate) {
                gateFailure = openGate(spec.linux().namespaces().networkGate(), Integer.parseInt(first.substring(2).trim()), gatePipe[1],
                        holdPipe[0]);
            }
            if (networkGate) {
                fds.close(gatePipe[1]); // EOF at the gate: a helper still waiting there kills the child
                fds.close(holdPipe[0]);
                if (first != null && first.startsWith("N ")) {
                    first = traced(report, trace);
                }
            }
            if (gateFailure != null || first == null || !first.startsWith("S ")) {
                reaped = true;
                var status = sys.waitPidfd(helperPidfd, true);
                sys.close(helperPidfd);
                fds.closeAll();
                if (cgroup != null) {
                    cgroup.close();
                }
                if (gateFailure != null) {
                    throw new LaunchException(spec.name(), "network: " + gateFailure.getMessage(), gateFailure);
                }
                if (first != null && first.startsWith("E ")) {
                    int sp = first.indexOf(' ', 2);
                    int errno = Integer.parseInt(first.substring(2, sp));
                    throw new LaunchException(spec.name(), first.substring(sp + 1), errno);
                }
                throw new LaunchException(spec.name(), "stage-1 helper ended without a report ("
                        + (status.exited() ? "exit " + status.value() : "signal " + status.value()) + ")"
                        + (first == null ? "" : ": " + first), Errno.EIO);
            }
            String[] s = first.split(" ");
            int pid = Integer.parseInt(s[1]);
            pidfd = containerPidfd(helperPidfd, Integer.parseInt(s[2]), pid);
            PseudoTerminal terminal = console == null ? null : receiveConsole(spec, console[0], fds);
            IsolatedProcess.Started started = new IsolatedProcess.Started(sys, spec.name(), pid, helperPid, helperPidfd,
                    pidfd, report, cgroup, spec.linux().namespaces().joinTarget() != null ? spec.linux().namespaces().joinTarget().namespaces() : withJoinedNetwork(spec, namespaces),
                    in[1] >= 0 ? outputStream(fds.handOver(in[1])) : null,
                    output(spec.io().stdout(), out[1], fds), output(spec.io().stderr(), err[1], fds), terminal);
            fds.handOver(reportPipe[0]);
            reportHandedOver = true;
            trace.finish();
            ExitTrace end = trace.exitTrace();
            IsolatedProcess adopted = IsolatedProcess.adopt(started, watcher, end);
            end.mark("adopted");
            return adopted;
        } catch (RuntimeException e) {
            if (!reaped) {
                abandon(helperPidfd, pidfd, reportHandedOver ? reportPipe[0] : -1, e);
            }
            throw e;
        }
    }

    /**
     * The master the child sent before its execve (so it is there once "S" is read); the
     * socket is closed, and the master is close-on-exec (MSG_CMSG_CLOEXEC): no process this
     * JVM starts later inherits it.
     */
    private PseudoTerminal receiveConsole(ProcessSpec spec, int socket, Fds fds) {
        int master;
        try {
            master = sys.receiveDescriptor(socket);
        } catch (SyscallException e) {
            throw new LaunchException(spec.name(), "console: receive the pty's master", e.errno());
        } finally {
            fds.close(socket);
        }
        if (master < 0) {
            throw new LaunchException(spec.name(), "console: the helper sent no pty master", Errno.EIO);
        }
        return PseudoTerminal.ofMaster(master);
    }

    /**
     * Kills and reaps a helper whose launch failed after it was spawned, and closes what Java
     * held of it; what goes wrong meanwhile is added to {@code failure}.
     */
    /** The next report line, after the helper's "T" line (its trace) if one comes. */
    private static String traced(StageOneReport report, LaunchTrace trace) {
        String line = report.readLine();
        while (line != null && line.startsWith("T ")) {
            trace.helperLine(line);
            line = report.readLine();
        }
        trace.mark("report-read");
        return line;
    }

    private void abandon(int helperPidfd, int containerPidfd, int reportFd, RuntimeException failure) {
        try {
            sys.pidfdSendSignal(helperPidfd, SIGKILL);
            sys.waitPidfd(helperPidfd, true);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
        for (int fd : new int[] {helperPidfd, containerPidfd, reportFd}) {
            if (fd >= 0) {
                sys.close(fd);
            }
        }
    }

    /**
     * Runs the gate with the child's pid and lets the helper go on ('G'); returns what the gate
     * threw instead, leaving the gate shut so that the helper kills the child.
     */
    private Exception openGate(NetworkGate gate, int pid, int gateFd, int exitFd) {
        try {
            gate.open(pid, exitFd);
        } catch (Exception e) {
            return e;
        }
        try {
            sys.write(gateFd, new byte[] {'G'}, 0, 1);
        } catch (SyscallException e) {
            // EPIPE: the helper is gone; its report says why
        }
        return null;
    }

    /** The namespaces {@code created} (a user namespace included) and those the spec joins: what an exec joins. */
    private static java.util.Set<Namespace.Type> withJoinedNetwork(ProcessSpec spec, java.util.Set<Namespace.Type> created) {
        java.util.EnumSet<Namespace.Type> own = java.util.EnumSet.noneOf(Namespace.Type.class);
        own.addAll(created);
        own.addAll(spec.linux().namespaces().own());
        return own;
    }

    /** The JVM's end of an output pipe as a stream, or null when it is drained into a sink (or absent). */
    private InputStream output(Stdio s, int parentEnd, Fds fds) {
        if (parentEnd < 0) {
            return null;
        }
        if (s.kind() == Stdio.Kind.SINK) {
            PipeDrain.start(sys, watcher, parentEnd, s.sink());
            fds.handOver(parentEnd); // only now: a drain that did not start leaves it to closeAll
            return null;
        }
        return inputStream(fds.handOver(parentEnd));
    }

    /** The container's pidfd, taken from the helper so that it refers to exactly that process. */
    private int containerPidfd(int helperPidfd, int fdInHelper, int pid) {
        if (fdInHelper >= 0) {
            try {
                return sys.pidfdGetfd(helperPidfd, fdInHelper);
            } catch (SyscallException e) {
                // ESRCH: the helper has already gone, and with it the process; EPERM: no ptrace right
            }
        }
        try {
            return sys.pidfdOpen(pid);
        } catch (SyscallException e) {
            return -1; // it has exited; the report will say how
        }
    }

    /** {child descriptor, parent end or -1} for one standard stream. */
    private int[] stdio(Stdio s, int which, Fds fds, ProcessSpec spec) {
        switch (s.kind()) {
            case PIPE:
            case SINK: {
                int[] p = fds.pipe();
                return which == 0 ? new int[] {p[0], p[1]} : new int[] {p[1], p[0]};
            }
            case INHERIT:
                return new int[] {which, -1};
            case DISCARD:
                return new int[] {-1, -1};
            case FILE: {
                int flags = which == 0 ? Syscalls.O_RDONLY
                        : Syscalls.O_WRONLY | Syscalls.O_CREAT | (s.append() ? 02000 : Syscalls.O_TRUNC);
                try {
                    // O_NOCTTY: a terminal given as a file must not become this JVM's controlling terminal.
                    return new int[] {fds.parent(sys.open(s.file().toString(), flags | Syscalls.O_CLOEXEC | Syscalls.O_NOCTTY, 0644)), -1};
                } catch (SyscallException e) {
                    throw new LaunchException(spec.name(), "open " + s.file() + " for "
                            + new String[] {"stdin", "stdout", "stderr"}[which], e.errno());
                }
            }
            default:
                throw new IllegalStateException(s.toString());
        }
    }

    /** The read end of the JVM-wide lifeline pipe; its write end closes only when the JVM dies. */
    private synchronized int lifeline() {
        if (lifelineRead < 0) {
            int[] p = sys.pipe2(Syscalls.O_CLOEXEC);
            lifelineRead = p[0];
            lifelineWrite = p[1]; // stays open for the JVM's lifetime on purpose
        }
        return lifelineRead;
    }

    /**
     * The descriptors this launcher keeps open for the JVM's life on purpose: both ends of the
     * lifeline and the helper's memfd, once a launch made them (a leak check leaves them out).
     */
    synchronized List<Integer> descriptorsHeldForTheJvm() {
        List<Integer> held = new ArrayList<>();
        if (lifelineRead >= 0) {
            held.add(lifelineRead);
            held.add(lifelineWrite);
        }
        if (helper.memfdDescriptor() >= 0) {
            held.add(helper.memfdDescriptor());
        }
        return held;
    }

    private InputStream inputStream(int fd) {
        try {
            // Buffered like the JDK's process streams; JDK 17's FileInputStream.readAllBytes
            // would lseek the pipe (ESPIPE).
            return new BufferedInputStream(new FileInputStream(reopen(fd)));
        } catch (FileNotFoundException e) {
            throw new IllegalStateException("cannot open pipe fd " + fd, e);
        } finally {
            closeQuietly(fd);
        }
    }

    private OutputStream outputStream(int fd) {
        try {
            return new FileOutputStream(reopen(fd), true); // append: no truncation of a pipe
        } catch (FileNotFoundException e) {
            throw new IllegalStateException("cannot open pipe fd " + fd, e);
        } finally {
            closeQuietly(fd);
        }
    }

    /** A pipe end becomes a JDK stream by opening it again through /proc (no reflection). */
    private static File reopen(int fd) {
        return new File("/proc/self/fd/" + fd);
    }

    private void closeQuietly(int fd) {
        try {
            sys.close(fd);
        } catch (RuntimeException ignored) {
            // already closed
        }
    }

    /** True when the helper runs from a memfd rather than a cache file. */
    public boolean helperInMemory() {
        return helper.usesMemfd();
    }

    /** Descriptors opened for one launch, closed on failure and handed over on success. */
    private final class Fds {
        private final List<Integer> open = new ArrayList<>();

        int[] pipe() {
            int[] p = sys.pipe2(Syscalls.O_CLOEXEC);
            open.add(p[0]);
            open.add(p[1]);
            return p;
        }

        int[] socketPair() {
            int[] p = sys.socketPair();
            open.add(p[0]);
            open.add(p[1]);
            return p;
        }

        int parent(int fd) {
            open.add(fd);
            return fd;
        }

        int handOver(int fd) {
            open.remove(Integer.valueOf(fd));
            return fd;
        }

        void close(int fd) {
            if (open.remove(Integer.valueOf(fd))) {
                sys.close(fd);
            }
        }

        void closeChildSide(int... child) {
            for (int fd : child) {
                if (fd > 2) {
                    close(fd);
                }
            }
        }

        void closeAll() {
            for (int fd : new ArrayList<>(open)) {
                close(fd);
            }
        }
    }
}
