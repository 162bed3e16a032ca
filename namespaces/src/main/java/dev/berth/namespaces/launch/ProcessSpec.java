package dev.berth.namespaces.launch;

import dev.berth.namespaces.Namespace;
import dev.berth.namespaces.cgroup.CgroupLimits;
import dev.berth.namespaces.process.IsolatedProcess;
import dev.berth.namespaces.seccomp.SeccompProfile;
import dev.berth.namespaces.userns.UserNamespaceMap;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Everything needed to start one isolated process, grouped as the OCI runtime spec groups a
 * container's {@code config.json}
 * (<a href="https://github.com/opencontainers/runtime-spec/blob/main/config.md">config.md</a>,
 * <a href="https://github.com/opencontainers/runtime-spec/blob/main/config-linux.md">config-linux.md</a>):
 * {@link Process process}, {@link Root root}, mounts, hostname and {@link Linux linux}, plus
 * Berth's own {@link Io io}, which the runtime spec leaves to the runtime's caller. Immutable;
 * built with {@link #builder(String...)}. The defaults are the safe ones: new mnt, pid, uts, ipc,
 * net and cgroup namespaces, uid and gid 0 without capabilities, no_new_privs set, the default
 * seccomp profile, stdin from /dev/null, stdout and stderr piped, and the process killed when the
 * JVM dies.
 *
 * @param name a name used in errors, cgroup names and thread names
 * @param process what runs, as whom and with which privileges
 * @param root the root file system, or null to keep the host's
 * @param mounts the mounts made in the root, in order, after the standard ones
 * @param hostname the UTS hostname, or null to keep the namespace's
 * @param linux namespaces, cgroup limits, devices and seccomp
 * @param io where the process's streams go, and how the stage-1 helper outlives the JVM
 */
public record ProcessSpec(String name, Process process, Root root, List<Mount> mounts, String hostname, Linux linux,
        Io io) {
    /** The PATH used when the environment has none, as Docker and runc use. */
    public static final String DEFAULT_PATH =
            "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public ProcessSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(process, "process");
        mounts = List.copyOf(mounts);
        Objects.requireNonNull(linux, "linux");
        Objects.requireNonNull(io, "io");
    }

    /** A builder for {@code command} (argv; argv[0] is looked up in the spec's PATH). */
    public static Builder builder(String... command) {
        return new Builder(List.of(command));
    }

    /** A builder for {@code command}. */
    public static Builder builder(List<String> command) {
        return new Builder(command);
    }

    @Override
    public String toString() {
        return "process " + name + " " + process.args();
    }

    /**
     * The runtime spec's {@code process}: what runs and with which privileges.
     *
     * @param args argv; argv[0] is looked up in the environment's PATH
     * @param env {@code NAME=value} entries; PATH is always present
     * @param cwd the absolute working directory inside the root (made if missing)
     * @param user the ids the process runs as
     * @param capabilities what it keeps (bounding, effective, permitted, inheritable and ambient alike)
     * @param rlimits its resource limits
     * @param noNewPrivileges whether no_new_privs is set
     * @param terminal whether stdin is a terminal the command takes as its controlling terminal
     * @param init whether PID 1 is Berth's minimal init rather than the command itself (Berth's own;
     *        the runtime spec has no such field)
     */
    public record Process(List<String> args, List<String> env, String cwd, User user, Set<Capability> capabilities,
            List<Rlimit> rlimits, boolean noNewPrivileges, boolean terminal, boolean init) {
        public Process {
            args = List.copyOf(args);
            env = List.copyOf(env);
            Objects.requireNonNull(cwd, "cwd");
            Objects.requireNonNull(user, "user");
            capabilities = Set.copyOf(capabilities);
            rlimits = List.copyOf(rlimits);
        }
    }

    /**
     * The runtime spec's {@code process.user}.
     *
     * @param uid the user id
     * @param gid the primary group id
     * @param umask the umask, or null to inherit the helper's
     * @param additionalGids the supplementary group ids
     */
    public record User(int uid, int gid, Integer umask, List<Integer> additionalGids) {
        public User {
            additionalGids = List.copyOf(additionalGids);
        }
    }

    /**
     * The runtime spec's {@code root}.
     *
     * @param path the root file system: a directory or an overlay Berth mounts
     * @param readonly whether it is mounted read-only
     */
    public record Root(RootFs path, boolean readonly) {
        public Root {
            Objects.requireNonNull(path, "path");
        }
    }

    /**
     * The runtime spec's {@code linux} object, as far as Berth uses it.
     *
     * @param namespaces which namespaces are made and which are joined
     * @param resources the cgroup limits, or null for none (the process then gets no cgroup of its own)
     * @param devices host devices made available in /dev after the standard ones; their access is
     *        for the device policy in {@code resources} to allow
     * @param seccomp the seccomp profile, resolved against the capabilities at launch;
     *        {@link SeccompProfile#unconfined()} when no filter is installed
     * @param standardMounts whether /proc, /dev, /sys and the masked and read-only paths are set
     *        up (only with a root): the runtime spec's default mounts, maskedPaths and readonlyPaths
     */
    public record Linux(Namespaces namespaces, CgroupLimits resources, List<DeviceNode> devices,
            SeccompProfile seccomp, boolean standardMounts) {
        public Linux {
            Objects.requireNonNull(namespaces, "namespaces");
            devices = List.copyOf(devices);
            Objects.requireNonNull(seccomp, "seccomp");
        }
    }

    /**
     * The runtime spec's {@code linux.namespaces} (those made, and the network one joined by
     * path), {@code linux.uidMappings} and {@code gidMappings}, and Berth's joining of a running
     * process's namespaces for an exec.
     *
     * @param created the namespaces made new
     * @param networkPath the network namespace file joined instead of a new one, or null
     * @param userMappings the maps of a new user namespace, or null for none; a launcher that is
     *        not root then makes one with {@link UserNamespaceMap#ofCurrentUser()} (see {@link Launcher})
     * @param joinTarget the running process whose namespaces, root and cgroups are joined, or null
     * @param joinedCgroups the {@code cgroup.procs} files the process is written into before it
     *        runs anything when it joins {@code joinTarget}: the joined process's cgroups, so that
     *        an exec'd process is under the container's limits
     * @param networkGate what attaches a user-mode network to the new network namespace before
     *        the command runs, or null
     */
    public record Namespaces(Set<Namespace.Type> created, String networkPath, UserNamespaceMap userMappings,
            IsolatedProcess joinTarget, List<Path> joinedCgroups, NetworkGate networkGate) {
        public Namespaces {
            created = Set.copyOf(created);
            joinedCgroups = List.copyOf(joinedCgroups);
        }

        /**
         * The namespaces the process has apart from the host's: those it creates, and the network
         * namespace it joins by path. What exec into it joins.
         */
        public Set<Namespace.Type> own() {
            if (networkPath == null) {
                return created;
            }
            EnumSet<Namespace.Type> own = EnumSet.of(Namespace.Type.NET);
            own.addAll(created);
            return Set.copyOf(own);
        }
    }

    /**
     * Berth's own part, which the runtime spec leaves to the runtime's caller: the process's
     * streams, and the stage-1 helper's log and exit files for a process that outlives the JVM.
     *
     * @param stdin where stdin comes from
     * @param stdout where stdout goes (discarded or piped when the helper logs)
     * @param stderr where stderr goes (likewise)
     * @param log the json-file log the helper writes stdout and stderr to itself, or null
     * @param exitFile the file the helper writes the exit status to, or null
     * @param attach whether the helper also forwards the log's output to stdout and stderr pipes
     * @param dieWithParent whether the process is killed when the JVM dies
     */
    public record Io(Stdio stdin, Stdio stdout, Stdio stderr, LogFile log, Path exitFile, boolean attach,
            boolean dieWithParent, boolean console) {
        public Io {
            Objects.requireNonNull(stdin, "stdin");
            Objects.requireNonNull(stdout, "stdout");
            Objects.requireNonNull(stderr, "stderr");
        }
    }

    /**
     * A json-file log the stage-1 helper writes, rotated as Docker's is.
     *
     * @param file the current file
     * @param maxSize the largest size of one file before rotation; 0: never rotated
     * @param maxFiles how many files are kept, the current one included
     */
    public record LogFile(Path file, long maxSize, int maxFiles) {
        public LogFile {
            Objects.requireNonNull(file, "file");
        }
    }

    /** Builds a {@link ProcessSpec}; every setter returns the builder. */
    public static final class Builder {
        private String name = "berth-" + UUID.randomUUID().toString().substring(0, 12);
        private final List<String> command;
        private final Map<String, String> env = new LinkedHashMap<>();
        private String workdir = "/";
        private RootFs rootfs;
        private boolean readOnlyRoot;
        private Boolean standardMounts;
        private final List<Mount> mounts = new ArrayList<>();
        private String hostname;
        private Set<Namespace.Type> namespaces = EnumSet.of(Namespace.Type.MNT, Namespace.Type.PID,
                Namespace.Type.UTS, Namespace.Type.IPC, Namespace.Type.NET, Namespace.Type.CGROUP);
        private int uid;
        private int gid;
        private final List<Integer> groups = new ArrayList<>();
        private final Set<Capability> capabilities = EnumSet.noneOf(Capability.class);
        private boolean noNewPrivileges = true;
        private final List<Rlimit> rlimits = new ArrayList<>();
        private CgroupLimits limits;
        private final List<DeviceNode> devices = new ArrayList<>();
        private Stdio stdin = Stdio.discard();
        private Stdio stdout = Stdio.pipe();
        private Stdio stderr = Stdio.pipe();
        private boolean dieWithParent = true;
        private Path logFile;
        private Path exitFile;
        private long logMaxSize;
        private int logMaxFiles = 1;
        private IsolatedProcess joinTarget;
        private final List<Path> joinedCgroups = new ArrayList<>();
        private Integer umask;
        private boolean init;
        private boolean terminal;
        private boolean console;
        private boolean attach;
        private SeccompProfile seccomp = SeccompProfile.defaultProfile();
        private String networkNamespace;
        private UserNamespaceMap userNamespace;
        private NetworkGate networkGate;

        private Builder(List<String> command) {
            if (command.isEmpty() || command.get(0).isEmpty()) {
                throw new IllegalArgumentException("a process needs a command");
            }
            this.command = List.copyOf(command);
        }

        /** A name used in errors, cgroup names and thread names. */
        public Builder name(String name) {
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")) {
                throw new IllegalArgumentException("invalid process name '" + name
                        + "': use letters, digits, '_', '.' and '-' (at most 128)");
            }
            this.name = name;
            return this;
        }

        /** Sets one variable (replacing an earlier value). */
        public Builder env(String key, String value) {
            if (key.isEmpty() || key.indexOf('=') >= 0 || key.indexOf('\0') >= 0 || value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("invalid environment variable name '" + key + "'");
            }
            env.put(key, key + "=" + value);
            return this;
        }

        /** Sets variables from {@code NAME=value} entries. */
        public Builder env(Collection<String> entries) {
            for (String e : entries) {
                int eq = e.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("environment entry '" + e + "' is not NAME=value");
                }
                env(e.substring(0, eq), e.substring(eq + 1));
            }
            return this;
        }

        /** The working directory inside the root (made if missing). */
        public Builder workdir(String dir) {
            if (!dir.startsWith("/")) {
                throw new IllegalArgumentException("working directory must be absolute: " + dir);
            }
            this.workdir = dir;
            return this;
        }

        public Builder rootfs(RootFs rootfs) {
            this.rootfs = rootfs;
            return this;
        }

        public Builder readOnlyRoot(boolean readOnly) {
            this.readOnlyRoot = readOnly;
            return this;
        }

        /** Turns the standard /proc, /dev, /sys and masked-path set-up off or on. */
        public Builder standardMounts(boolean on) {
            this.standardMounts = on;
            return this;
        }

        public Builder mount(Mount m) {
            mounts.add(Objects.requireNonNull(m));
            return this;
        }

        /**
         * Makes a host device available in the container (see {@link DeviceNode}); its access is
         * for the cgroup's device policy in {@link #limits} to allow.
         */
        public Builder device(DeviceNode device) {
            devices.add(Objects.requireNonNull(device));
            return this;
        }

        public Builder bind(Path host, String target, boolean readOnly) {
            return mount(Mount.bind(host, target, readOnly));
        }

        public Builder hostname(String hostname) {
            if (hostname.length() > 64 || !hostname.matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?")) {
                throw new IllegalArgumentException("invalid hostname '" + hostname + "'");
            }
            this.hostname = hostname;
            return this;
        }

        /** The namespaces to create (replacing the default set). */
        public Builder namespaces(Collection<Namespace.Type> types) {
            this.namespaces = types.isEmpty() ? EnumSet.noneOf(Namespace.Type.class) : EnumSet.copyOf(types);
            return this;
        }

        public Builder user(int uid, int gid) {
            if (uid < 0 || gid < 0) {
                throw new IllegalArgumentException("uid and gid must not be negative: " + uid + ":" + gid);
            }
            this.uid = uid;
            this.gid = gid;
            return this;
        }

        public Builder groups(Collection<Integer> groups) {
            this.groups.clear();
            this.groups.addAll(groups);
            return this;
        }

        /** Capabilities to keep (none by default). */
        public Builder capabilities(Collection<Capability> caps) {
            capabilities.clear();
            capabilities.addAll(caps);
            return this;
        }

        public Builder noNewPrivileges(boolean on) {
            this.noNewPrivileges = on;
            return this;
        }

        public Builder rlimit(Rlimit limit) {
            rlimits.removeIf(r -> r.type() == limit.type());
            rlimits.add(limit);
            return this;
        }

        public Builder limits(CgroupLimits limits) {
            this.limits = limits;
            return this;
        }

        public Builder stdin(Stdio s) {
            if (s.kind() == Stdio.Kind.SINK) {
                throw new IllegalArgumentException("stdin cannot be a sink: it is read by the process");
            }
            this.stdin = Objects.requireNonNull(s);
            return this;
        }

        public Builder stdout(Stdio s) {
            this.stdout = Objects.requireNonNull(s);
            return this;
        }

        public Builder stderr(Stdio s) {
            this.stderr = Objects.requireNonNull(s);
            return this;
        }

        /** Whether the process is killed when the JVM dies (default true). */
        public Builder dieWithParent(boolean on) {
            this.dieWithParent = on;
            return this;
        }

        /**
         * The stage-1 helper, which lives as long as the process, writes its stdout and stderr
         * to {@code file} in Docker's json-file format (with {@code file.writer} naming the
         * writer meanwhile), so the output is kept without a JVM reading it: for a process
         * that outlives the JVM. Replaces {@link #stdout} and {@link #stderr}.
         */
        public Builder logFile(Path file) {
            this.logFile = Objects.requireNonNull(file, "file").toAbsolutePath();
            return this;
        }

        /**
         * As {@link #logFile(Path)}, rotated as Docker's json-file log is: before a record would
         * take {@code file} past {@code maxSize} bytes, {@code file.N} becomes {@code file.N+1}
         * (the oldest beyond {@code maxFiles} is dropped), {@code file} becomes {@code file.1},
         * and an empty {@code file} is started.
         */
        public Builder logFile(Path file, long maxSize, int maxFiles) {
            if (maxSize <= 0 || maxFiles < 1) {
                throw new IllegalArgumentException("log rotation needs a positive max-size and at least one file, got "
                        + maxSize + " bytes x " + maxFiles);
            }
            logFile(file);
            this.logMaxSize = maxSize;
            this.logMaxFiles = maxFiles;
            return this;
        }

        /**
         * The helper writes {@code exit N} or {@code signal N} to {@code file} once the process
         * has ended, so a JVM that did not start it can learn how it ended.
         */
        public Builder exitFile(Path file) {
            this.exitFile = Objects.requireNonNull(file, "file").toAbsolutePath();
            return this;
        }

        /**
         * Starts the process inside the namespaces, root and cgroups of {@code target} instead
         * of new ones (what {@code exec} needs). Root file system and mounts are then not used.
         * The cgroups are those {@code target} knows ({@link IsolatedProcess#cgroupProcsFiles()});
         * {@link #joinCgroups} names them for a target that does not know its own.
         */
        public Builder joinNamespacesOf(IsolatedProcess target) {
            this.joinTarget = Objects.requireNonNull(target);
            joinedCgroups.clear();
            joinedCgroups.addAll(target.cgroupProcsFiles());
            return this;
        }

        /**
         * The {@code cgroup.procs} files of the joined process's cgroups, in place of those its
         * handle knows: for a process another JVM started, whose cgroups are found by name. Needs
         * {@link #joinNamespacesOf}.
         */
        public Builder joinCgroups(List<Path> procsFiles) {
            for (Path p : procsFiles) {
                if (!p.isAbsolute() || p.getFileName() == null || !p.getFileName().toString().equals("cgroup.procs")) {
                    throw new IllegalArgumentException("not an absolute path of a cgroup.procs file: " + p);
                }
            }
            joinedCgroups.clear();
            joinedCgroups.addAll(procsFiles);
            return this;
        }

        public Builder umask(int umask) {
            this.umask = umask;
            return this;
        }

        /**
         * Runs a minimal init of Berth's own as PID 1 (like {@code docker run --init}): it starts
         * the command, reaps orphaned zombies and forwards signals, so that SIGTERM reaches a
         * command that installs no handler. A death by signal N is then reported as exit
         * 128 + N.
         */
        public Builder init(boolean on) {
            this.init = on;
            return this;
        }

        /**
         * Makes stdin, which must be a terminal (a pty slave given as {@link Stdio#file}), the
         * command's controlling terminal: the command starts its own session and takes the
         * terminal, so Ctrl-C, window-size changes and hang-up on the terminal reach it, as with
         * {@code docker run -t}. With a {@link #logFile} the stage-1 helper makes the pty itself
         * and logs what the command writes to it as stdout ({@code docker run -dt}); stdin,
         * stdout and stderr are then the pty's, whatever is given for them.
         */
        public Builder terminal(boolean on) {
            this.terminal = on;
            return this;
        }

        /**
         * {@code -t} with a terminal this JVM drives, made as runc and crun make a console: the
         * stage-1 child opens a new pty in the container's own {@code /dev/pts} (its devpts
         * instance, inside its mount namespace: for a new container after its root is set up,
         * for a process joining one in the joined namespace), makes the slave the command's
         * stdin, stdout, stderr and controlling terminal, and sends the master back; it is
         * {@link dev.berth.namespaces.process.IsolatedProcess#terminal()}. So {@code tty} in the
         * container prints {@code /dev/pts/0} and no pty of the host's devpts is involved.
         * Implies {@link #terminal}; stdin, stdout and stderr given are replaced. Not with a
         * {@link #logFile} (its helper makes the container's console for itself).
         */
        public Builder console(boolean on) {
            this.console = on;
            if (on) {
                this.terminal = true;
            }
            return this;
        }

        /**
         * With a {@link #logFile}: the stage-1 helper also forwards every byte of the process's
         * stdout and stderr, as it reads them, to pipes this JVM reads as
         * {@link IsolatedProcess#stdout()} and {@link IsolatedProcess#stderr()}, whatever becomes of
         * the log (a full disk): {@code docker run} attached to a container whose log a driver
         * writes. A stream not read holds the process back once its pipe is full, as with
         * {@link java.lang.Process}; closing it detaches that stream, and the process goes on, logged.
         */
        public Builder attach(boolean on) {
            this.attach = on;
            return this;
        }

        /**
         * The seccomp profile (default: {@link SeccompProfile#defaultProfile()}, which has the
         * effect of Docker's default); {@link SeccompProfile#unconfined()} installs none.
         */
        public Builder seccomp(SeccompProfile profile) {
            this.seccomp = Objects.requireNonNull(profile);
            return this;
        }

        /**
         * Joins the network namespace at {@code path} (an nsfs file, e.g. {@code /proc/PID/fd/N})
         * instead of creating one, so that the process starts in a network already configured
         * (bridge networking); NET is dropped from the namespaces to create.
         */
        public Builder networkNamespace(String path) {
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("network namespace path must be absolute: " + path);
            }
            this.networkNamespace = path;
            namespaces.remove(Namespace.Type.NET);
            return this;
        }

        /** Keeps the host's network namespace (Docker's {@code --network host}): NET is not created. */
        public Builder hostNetwork() {
            namespaces.remove(Namespace.Type.NET);
            return this;
        }

        /**
         * Runs {@code gate} once the new network namespace exists and before the command does,
         * e.g. to start slirp4netns on it (see {@link NetworkGate}). Needs a new network namespace.
         */
        public Builder networkGate(NetworkGate gate) {
            this.networkGate = Objects.requireNonNull(gate);
            return this;
        }

        /** Creates a user namespace with these maps (and adds it to the namespaces). */
        public Builder userNamespace(UserNamespaceMap map) {
            this.userNamespace = Objects.requireNonNull(map);
            return this;
        }

        public ProcessSpec build() {
            if (networkNamespace != null && (joinTarget != null || namespaces.contains(Namespace.Type.NET))) {
                throw new IllegalArgumentException("a process joins the network namespace " + networkNamespace
                        + " or creates or joins another, not both");
            }
            if (networkGate != null && (joinTarget != null || !namespaces.contains(Namespace.Type.NET))) {
                throw new IllegalArgumentException("a network gate needs a new network namespace (not host,"
                        + " joined or prepared networks)");
            }
            if (userNamespace != null && joinTarget != null) {
                throw new IllegalArgumentException("a process that joins another's namespaces joins its user"
                        + " namespace too; it cannot have maps of its own");
            }
            if (userNamespace != null) {
                namespaces.add(Namespace.Type.USER);
            }
            if (standardMounts == null) {
                standardMounts = rootfs != null;
            }
            if (!env.containsKey("PATH")) {
                LinkedHashMap<String, String> withPath = new LinkedHashMap<>();
                withPath.put("PATH", DEFAULT_PATH);
                withPath.putAll(env);
                env.clear();
                env.putAll(withPath);
            }
            if (joinTarget == null && !joinedCgroups.isEmpty()) {
                throw new IllegalArgumentException("cgroups to join " + joinedCgroups + " need a process whose namespaces"
                        + " are joined (joinNamespacesOf)");
            }
            if (joinTarget != null && (rootfs != null || !mounts.isEmpty())) {
                throw new IllegalArgumentException("a process that joins another's namespaces uses its root;"
                        + " it cannot have a root file system or mounts of its own");
            }
            if (hostname != null && !namespaces.contains(Namespace.Type.UTS)) {
                throw new IllegalArgumentException("a hostname needs a UTS namespace");
            }
            if (rootfs != null && !namespaces.contains(Namespace.Type.MNT)) {
                throw new IllegalArgumentException("a root file system needs a mount namespace");
            }
            if (!mounts.isEmpty() && rootfs == null) {
                throw new IllegalArgumentException("mounts need a root file system to be made in");
            }
            if (attach && logFile == null) {
                throw new IllegalArgumentException("attach forwards what the helper logs: it needs a log file");
            }
            if (console && (logFile != null || (rootfs == null && joinTarget == null))) {
                throw new IllegalArgumentException("a console is a pty of the container's devpts: it needs a root"
                        + " or a container to join, and no log file");
            }
            if (console) {
                // The console's slave replaces them in the container.
                stdin = Stdio.discard();
                stdout = Stdio.discard();
                stderr = Stdio.discard();
            }
            if (logFile != null) {
                // The helper's log pipes replace them; with attach it forwards to these pipes.
                stdout = attach ? Stdio.pipe() : Stdio.discard();
                stderr = attach ? Stdio.pipe() : Stdio.discard();
            }
            return new ProcessSpec(name,
                    new Process(command, List.copyOf(env.values()), workdir, new User(uid, gid, umask, groups), capabilities,
                            rlimits, noNewPrivileges, terminal, init),
                    rootfs == null ? null : new Root(rootfs, readOnlyRoot), mounts, hostname,
                    new Linux(new Namespaces(namespaces, networkNamespace, userNamespace, joinTarget, joinedCgroups,
                            networkGate), limits, devices, seccomp, standardMounts),
                    new Io(stdin, stdout, stderr, logFile == null ? null : new LogFile(logFile, logMaxSize, logMaxFiles),
                            exitFile, attach, dieWithParent, console));
        }
    }
}
