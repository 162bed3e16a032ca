package dev.berth.runtime;

import dev.berth.log.LogRecord;
import dev.berth.namespaces.cgroup.CgroupLimits;
import dev.berth.namespaces.cgroup.device.DevicePolicy;
import dev.berth.namespaces.launch.DeviceNode;
import dev.berth.namespaces.launch.Mount;
import dev.berth.namespaces.launch.ProcessSpec;
import dev.berth.namespaces.launch.Rlimit;
import dev.berth.namespaces.launch.RootFs;
import dev.berth.namespaces.launch.Stdio;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Turns a container's resolved {@link ContainerConfig} and its {@link ContainerDirectory} into the
 * launch spec of its main process, the way Docker turns them into an OCI runtime spec
 * (<a href="https://github.com/opencontainers/runtime-spec/blob/main/config.md">runtime-spec config.md</a>):
 * an overlay of the image's layers under the container's upper directory, the generated /etc
 * files bound read-write, binds and tmpfs mounts, a network namespace (its own with only
 * loopback unless the caller's network operator picks the host's or a prepared one), and a cgroup of its own even without limits, for stats and OOM reports.
 */
public final class ContainerLaunch {
    /** Docker's default tmpfs options: {@code rw,noexec,nosuid,nodev}, world-writable. */
    private static final long TMPFS_FLAGS = Mount.MS_NOSUID | Mount.MS_NODEV | Mount.MS_NOEXEC;

    private ContainerLaunch() {
    }

    /** The process name: what cgroups and errors show, unique per container. */
    public static String processName(ContainerConfig c) {
        return "berth-" + c.id().substring(0, 12);
    }

    /**
     * The main process's spec, its stdout and stderr going to {@code log}, with {@code network}
     * choosing its network namespace; for a detached container (then {@code log} is null) the
     * stage-1 helper writes the log and the exit file itself, and the process outlives this JVM.
     */
    public static ProcessSpec mainProcess(ContainerConfig c, ContainerDirectory dir, ContainerLogWriter log,
            UnaryOperator<ProcessSpec.Builder> network) {
        return mainProcess(c, dir, log, network, false, false);
    }

    /**
     * As {@link #mainProcess(ContainerConfig, ContainerDirectory, ContainerLogWriter, UnaryOperator)};
     * with {@code terminal}, stdin, stdout and stderr are a new pty of the container's own
     * devpts ({@link ProcessSpec.Builder#console}), the command's controlling terminal, whose
     * master the launched process hands over; the log then stays empty. A terminal is for
     * containers that are not detached. With {@code attach}, a detached container's helper
     * also forwards its stdout and stderr to pipes the launching JVM reads
     * ({@link ProcessSpec.Builder#attach}).
     */
    public static ProcessSpec mainProcess(ContainerConfig c, ContainerDirectory dir, ContainerLogWriter log,
            UnaryOperator<ProcessSpec.Builder> network, boolean terminal, boolean attach) {
        ProcessSpec.Builder b = process(c.process(), terminal || c.io().tty()).name(processName(c)).hostname(c.hostname())
                .rootfs(dir.hasCopiedRoot() ? RootFs.directory(dir.copiedRoot())
                        : RootFs.overlay(c.root().lowers(), dir.upper(), dir.work(), dir.merged()))
                .readOnlyRoot(c.root().readonly());
        mounts(b, c.mounts(), dir);
        linux(b, c.linux());
        io(b, c.io(), dir, log, terminal, attach);
        return network.apply(b).build();
    }

    /**
     * The runtime spec's process: command, environment, user, capabilities and rlimits; with a
     * {@code terminal}, TERM=xterm unless the environment sets TERM.
     */
    private static ProcessSpec.Builder process(ContainerConfig.Process p, boolean terminal) {
        ContainerConfig.User u = p.user();
        ProcessSpec.Builder b = withUser(ProcessSpec.builder(p.argv()), withTerm(p.env(), terminal), u.uid(), u.gid(), u.groups(), u.home())
                .workdir(p.workdir())
                .init(p.init())
                .capabilities(ContainerCapabilities.forUser(u.uid(), p.capabilities()));
        rlimits(p.ulimits()).forEach(b::rlimit);
        return b;
    }

    /** The generated /etc files, then the binds and tmpfs mounts. */
    private static void mounts(ProcessSpec.Builder b, ContainerConfig.Mounts mounts, ContainerDirectory dir) {
        // Bound like Docker's: files in the container directory, writable from inside.
        for (String name : List.of("hostname", "hosts", "resolv.conf")) {
            b.bind(dir.etc().resolve(name), "/etc/" + name, false);
        }
        for (ContainerConfig.Bind bind : mounts.binds()) {
            b.bind(Path.of(bind.hostPath()), bind.containerPath(), bind.readOnly());
        }
        for (String entry : mounts.tmpfs()) {
            // Docker's form, path[:options], e.g. /run:size=65536
            int colon = entry.indexOf(':');
            b.mount(colon < 0 ? Mount.tmpfs(entry, TMPFS_FLAGS, "mode=1777")
                    : Mount.tmpfs(entry.substring(0, colon), TMPFS_FLAGS, "mode=1777," + entry.substring(colon + 1)));
        }
    }

    /** The cgroup limits with the device policy, and the devices. */
    private static void linux(ProcessSpec.Builder b, ContainerConfig.Linux linux) {
        b.limits(limits(linux.resources(), linux.devices()));
        for (ContainerConfig.Device d : linux.devices()) {
            b.device(new DeviceNode(Path.of(d.hostPath()), d.containerPath(), d.type() == 'b', d.major(), d.minor(), d.mode()));
        }
    }

    /**
     * Stdin, and where the output goes: the log this JVM writes, or for a detached container the
     * log and exit file its stage-1 helper writes; or all three on {@code terminal}.
     */
    private static void io(ProcessSpec.Builder b, ContainerConfig.Io io, ContainerDirectory dir, ContainerLogWriter log,
            boolean terminal, boolean attach) {
        b.stdin(io.stdin() ? Stdio.pipe() : Stdio.discard());
        if (io.detached()) {
            b.dieWithParent(false).logFile(dir.log(io.log()).file(), io.log().maxSize(), io.log().maxFiles())
                    .exitFile(dir.exitFile()).terminal(io.tty()).attach(attach);
        } else {
            b.stdout(Stdio.sink(log.sink(LogRecord.Source.STDOUT))).stderr(Stdio.sink(log.sink(LogRecord.Source.STDERR)));
        }
        if (terminal) {
            b.console(true);
        }
    }

    /**
     * {@code env} with TERM=xterm added when the process has a terminal and {@code env} sets no
     * TERM, as Docker adds it for {@code run -t} and {@code exec -t}.
     */
    public static List<String> withTerm(List<String> env, boolean terminal) {
        if (!terminal || env.stream().anyMatch(e -> e.startsWith("TERM="))) {
            return env;
        }
        List<String> with = new java.util.ArrayList<>(env);
        with.add("TERM=xterm");
        return with;
    }

    /**
     * The container's {@code --ulimit}s as rlimits: for its main process and for every process
     * exec'd into it, as runc and podman give an exec the container's process rlimits.
     */
    public static List<Rlimit> rlimits(List<ContainerConfig.Ulimit> ulimits) {
        if (ulimits == null) {
            return List.of(); // a config recorded without the field, read back for an exec
        }
        return ulimits.stream()
                .map(u -> new Rlimit(Rlimit.Type.valueOf(u.name().toUpperCase(Locale.ROOT)), u.soft(), u.hard()))
                .toList();
    }

    /** Sets env, user, groups and HOME (from the user unless env has one, as runc does). */
    public static ProcessSpec.Builder withUser(ProcessSpec.Builder b, List<String> env, int uid, int gid,
            List<Integer> groups, String home) {
        if (env.stream().noneMatch(e -> e.startsWith("HOME="))) {
            b.env("HOME", home);
        }
        return b.env(env).user(uid, gid).groups(groups);
    }

    /**
     * The limits, and Docker's device policy with a rule for each {@code --device}: a device node
     * an image ships (a disk, a loop device) is then refused with EPERM, as in Docker. A launch
     * without root leaves the policy out (see {@code UserNamespaceLaunch.rootlessCgroup}).
     */
    private static CgroupLimits limits(ContainerConfig.Limits l, List<ContainerConfig.Device> devices) {
        DevicePolicy policy = DevicePolicy.dockerDefault();
        for (ContainerConfig.Device d : devices) {
            policy = policy.allow(DeviceRequest.rule(d));
        }
        CgroupLimits.Builder b = CgroupLimits.builder().devices(policy);
        if (l.memoryBytes() > 0) {
            b.memoryBytes(l.memoryBytes());
        }
        if (l.cpus() > 0) {
            b.cpus(l.cpus());
        }
        if (l.pids() > 0) {
            b.pidsMax(l.pids());
        }
        return b.build();
    }
}
