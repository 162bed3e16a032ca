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
 * Everything needed to start one isolated process: what to run, in which namespaces, on which
 * root, as whom, with which limits and streams. Immutable; built with {@link #builder(String...)}.
 * The defaults are the safe ones: new mnt, pid, uts, ipc, net and cgroup namespaces, uid and gid
 * 0 without capabilities, no_new_privs set, the default seccomp profile, stdin from /dev/null, stdout and stderr piped, and
 * the process killed when the JVM dies.
 */
public final class ProcessSpec {
    /** The PATH used when the environment has none, as Docker and runc use. */
    public static final String DEFAULT_PATH =
            "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final String name;
    private final List<String> command;
    private final List<String> env;
    private final String workdir;
    private final RootFs rootfs;
    private final boolean readOnlyRoot;
    private final boolean standardMounts;
    private final List<Mount> mounts;
    private final String hostname;
    private final Set<Namespace.Type> namespaces;
    private final int uid;
    private final int gid;
    private final List<Integer> groups;
    private final Set<Capability> capabilities;
    private final boolean noNewPrivileges;
    private final List<Rlimit> rlimits;
    private final CgroupLimits limits;
    private final List<DeviceNode> devices;
    private final Stdio stdin;
    private final Stdio stdout;
    private final Stdio stderr;
    private final boolean dieWithParent;
    private final Path logFile;
    private final Path exitFile;
    private final long logMaxSize;
    private final int logMaxFiles;
    private final IsolatedProcess joinTarget;
    private final List<Path> joinedCgroups;
    private final Integer umask;
    private final boolean init;
    private final boolean terminal;
    private final boolean attach;
    private final SeccompProfile seccomp;
    private final String networkNamespace;
    private final UserNamespaceMap userNamespace;
    private final NetworkGate networkGate;

    private ProcessSpec(Builder b) {
        this.name = b.name;
        this.command = List.copyOf(b.command);
        this.env = List.copyOf(b.env.values());
        this.workdir = b.workdir;
        this.rootfs = b.rootfs;
        this.readOnlyRoot = b.readOnlyRoot;
        this.standardMounts = b.standardMounts;
        this.mounts = List.copyOf(b.mounts);
        this.hostname = b.hostname;
        this.namespaces = Set.copyOf(b.namespaces);
        this.uid = b.uid;
        this.gid = b.gid;
        this.groups = List.copyOf(b.groups);
        this.capabilities = Set.copyOf(b.capabilities);
        this.noNewPrivileges = b.noNewPrivileges;
        this.rlimits = List.copyOf(b.rlimits);
        this.limits = b.limits;
        this.devices = List.copyOf(b.devices);
        this.stdin = b.stdin;
        this.stdout = b.stdout;
        this.stderr = b.stderr;
        this.dieWithParent = b.dieWithParent;
        this.logFile = b.logFile;
        this.exitFile = b.exitFile;
        this.logMaxSize = b.logMaxSize;
        this.logMaxFiles = b.logMaxFiles;
        this.joinTarget = b.joinTarget;
        this.joinedCgroups = List.copyOf(b.joinedCgroups);
        this.umask = b.umask;
        this.init = b.init;
        this.terminal = b.terminal;
        this.attach = b.attach;
        this.seccomp = b.seccomp;
        this.networkNamespace = b.networkNamespace;
        this.userNamespace = b.userNamespace;
        this.networkGate = b.networkGate;
    }

    /** A builder for {@code command} (argv; argv[0] is looked up in the spec's PATH). */
    public static Builder builder(String... command) {
        return new Builder(List.of(command));
    }

    /** A builder for {@code command}. */
    public static Builder builder(List<String> command) {
        return new Builder(command);
    }

    public String name() {
        return name;
    }

    public List<String> command() {
        return command;
    }

    /** The environment as {@code NAME=value} entries; PATH is always present. */
    public List<String> env() {
        return env;
    }

    public String workdir() {
        return workdir;
    }

    /** The root file system, or null to keep the host's. */
    public RootFs rootfs() {
        return rootfs;
    }

    public boolean readOnlyRoot() {
        return readOnlyRoot;
    }

    /** Whether /proc, /dev, /sys and the masked paths are set up (only with a root). */
    public boolean standardMounts() {
        return standardMounts;
    }

    public List<Mount> mounts() {
        return mounts;
    }

    public String hostname() {
        return hostname;
    }

    public Set<Namespace.Type> namespaces() {
        return namespaces;
    }

    public int uid() {
        return uid;
    }

    public int gid() {
        return gid;
    }

    public List<Integer> groups() {
        return groups;
    }

    public Set<Capability> capabilities() {
        return capabilities;
    }

    public boolean noNewPrivileges() {
        return noNewPrivileges;
    }

    public List<Rlimit> rlimits() {
        return rlimits;
    }

    /** The host devices made available in the container, after the standard ones in /dev. */
    public List<DeviceNode> devices() {
        return devices;
    }

    /** The cgroup limits, or null for none (the process then gets no cgroup of its own). */
    public CgroupLimits limits() {
        return limits;
    }

    public Stdio stdin() {
        return stdin;
    }

    public Stdio stdout() {
        return stdout;
    }

    public Stdio stderr() {
        return stderr;
    }

    public boolean dieWithParent() {
        return dieWithParent;
    }

    /** The json-file log the helper writes stdout and stderr to itself, or null. */
    public Path logFile() {
        return logFile;
    }

    /** The largest size of one file of the {@link #logFile()} before the helper rotates it; 0: never rotated. */
    public long logMaxSize() {
        return logMaxSize;
    }

    /** How many files of the {@link #logFile()} the helper keeps, the current one included. */
    public int logMaxFiles() {
        return logMaxFiles;
    }

    /** The file the helper writes the exit status to, or null. */
    public Path exitFile() {
        return exitFile;
    }

    /** The running process whose namespaces, root and cgroup to join, or null. */
    public IsolatedProcess joinTarget() {
        return joinTarget;
    }

    /**
     * The {@code cgroup.procs} files a process that joins another's namespaces is written into
     * before it runs anything: the joined process's cgroups, so that an exec'd process is under
     * the container's limits. Empty without a join target, or when the target has no cgroup.
     */
    public List<Path> joinedCgroups() {
        return joinedCgroups;
    }

    public Integer umask() {
        return umask;
    }

    /** Whether PID 1 is Berth's minimal init rather than the command itself. */
    public boolean init() {
        return init;
    }

    /** Whether stdin is a terminal the command takes as its controlling terminal. */
    public boolean terminal() {
        return terminal;
    }

    /** Whether the helper also forwards the {@link #logFile()}'s output to stdout and stderr pipes. */
    public boolean attach() {
        return attach;
    }

    /**
     * The seccomp profile, resolved against {@link #capabilities()} at launch;
     * {@link SeccompProfile#unconfined()} when no filter is installed.
     */
    public SeccompProfile seccomp() {
        return seccomp;
    }

    /**
     * The namespaces the process has apart from the host's: those it creates, and the network
     * namespace it joins ({@link Builder#networkNamespace}). What exec into it joins.
     */
    public Set<Namespace.Type> ownNamespaces() {
        if (networkNamespace == null) {
            return namespaces;
        }
        EnumSet<Namespace.Type> own = EnumSet.of(Namespace.Type.NET);
        own.addAll(namespaces);
        return Set.copyOf(own);
    }

    /** What attaches a user-mode network to the new network namespace before the command runs, or null. */
    public NetworkGate networkGate() {
        return networkGate;
    }

    /** The network namespace file the process joins instead of a new network namespace, or null. */
    public String networkNamespace() {
        return networkNamespace;
    }

    /**
     * The maps of the new user namespace, or null for none; a launcher that is not root then
     * makes one with {@link UserNamespaceMap#ofCurrentUser()} (see {@link Launcher}).
     */
    public UserNamespaceMap userNamespace() {
        return userNamespace;
    }

    @Override
    public String toString() {
        return "process " + name + " " + command;
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
         * With a {@link #logFile}: the stage-1 helper also forwards every byte of the process's
         * stdout and stderr, as it reads them, to pipes this JVM reads as
         * {@link IsolatedProcess#stdout()} and {@link IsolatedProcess#stderr()}, whatever becomes of
         * the log (a full disk): {@code docker run} attached to a container whose log a driver
         * writes. A stream not read holds the process back once its pipe is full, as with
         * {@link Process}; closing it detaches that stream, and the process goes on, logged.
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
            if (logFile != null) {
                // The helper's log pipes replace them; with attach it forwards to these pipes.
                stdout = attach ? Stdio.pipe() : Stdio.discard();
                stderr = attach ? Stdio.pipe() : Stdio.discard();
            }
            return new ProcessSpec(this);
        }
    }
}
