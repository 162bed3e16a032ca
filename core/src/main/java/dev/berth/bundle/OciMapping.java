package dev.berth.bundle;

import dev.berth.namespaces.Namespace;
import dev.berth.namespaces.cgroup.CgroupLimits;
import dev.berth.namespaces.launch.Capability;
import dev.berth.namespaces.launch.DeviceNode;
import dev.berth.namespaces.launch.Mount;
import dev.berth.namespaces.launch.MountPlan;
import dev.berth.namespaces.launch.ProcessSpec;
import dev.berth.namespaces.launch.Rlimit;
import dev.berth.namespaces.launch.RootFs;
import dev.berth.namespaces.seccomp.SeccompProfile;
import dev.berth.namespaces.userns.IdMapping;
import dev.berth.namespaces.userns.UserNamespaceMap;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Maps Berth's launch spec to a bundle's {@code config.json} and back, group by group: the
 * {@link ProcessSpec} groups are the runtime spec's, so each maps to its namesake. What Berth
 * sets up without being told (the standard /proc, /dev and /sys mounts, masked and read-only
 * paths) is written out, as runc and crun need it spelled. What the runtime spec cannot say
 * (joining another process's namespaces, a network gate) and what Berth cannot run (hooks, a
 * terminal without a console socket, mounts other than bind and tmpfs) is refused with the field named.
 */
public final class OciMapping {
    /** The mounts of {@link ProcessSpec.Linux#standardMounts()}, by destination. */
    private static final Set<String> STANDARD = Set.of("/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue",
            "/sys", "/sys/fs/cgroup");

    private OciMapping() {
    }

    /** The {@code config.json} of {@code spec}, whose root is at {@code rootPath} (relative to the bundle). */
    public static OciConfig toOci(ProcessSpec spec, String rootPath) {
        ProcessSpec.Namespaces ns = spec.linux().namespaces();
        if (ns.joinTarget() != null || ns.networkGate() != null) {
            throw new IllegalArgumentException(spec.name() + ": a bundle cannot join another process's namespaces"
                    + " or run a network gate");
        }
        if (spec.root() == null) {
            throw new IllegalArgumentException(spec.name() + ": a bundle needs a root file system");
        }
        List<OciConfig.Mount> mounts = new ArrayList<>();
        if (spec.linux().standardMounts()) {
            mounts.addAll(standardMounts(ns.created()));
        }
        spec.mounts().forEach(m -> mounts.add(mount(m)));
        return new OciConfig(OciConfig.VERSION, process(spec.process()),
                new OciConfig.Root(rootPath, spec.root().readonly() ? true : null), spec.hostname(), mounts,
                linux(spec), null);
    }

    private static OciConfig.Process process(ProcessSpec.Process p) {
        List<String> caps = p.capabilities().stream().sorted().map(c -> "CAP_" + c.name()).toList();
        ProcessSpec.User u = p.user();
        return new OciConfig.Process(p.terminal() ? true : null,
                new OciConfig.User(u.uid(), u.gid(), u.umask(),
                        u.additionalGids().isEmpty() ? null : u.additionalGids().stream().map(Integer::longValue).toList()),
                p.args(), p.env(), p.cwd(),
                // The stage-1 helper sets all four sets, and ambient ones for a non-root user.
                new OciConfig.Capabilities(caps, caps, caps, caps, u.uid() != 0 ? caps : null),
                p.rlimits().stream().map(r -> new OciConfig.Rlimit("RLIMIT_" + r.type().name(), r.soft(), r.hard())).toList(),
                p.noNewPrivileges());
    }

    private static OciConfig.Linux linux(ProcessSpec spec) {
        ProcessSpec.Namespaces ns = spec.linux().namespaces();
        List<OciConfig.Namespace> namespaces = new ArrayList<>();
        for (Namespace.Type t : ns.created()) {
            namespaces.add(new OciConfig.Namespace(ociName(t), null));
        }
        if (ns.networkPath() != null) {
            namespaces.add(new OciConfig.Namespace("network", ns.networkPath()));
        }
        UserNamespaceMap users = ns.userMappings();
        if (users != null && !ns.created().contains(Namespace.Type.USER)) {
            namespaces.add(new OciConfig.Namespace("user", null));
        }
        boolean standard = spec.linux().standardMounts();
        return new OciConfig.Linux(namespaces, users == null ? null : mappings(users.uids()),
                users == null ? null : mappings(users.gids()), resources(spec.linux().resources()),
                spec.linux().devices().isEmpty() ? null : spec.linux().devices().stream().map(OciMapping::device).toList(),
                spec.linux().seccomp().isUnconfined() ? null
                        : OciSeccomp.of(spec.linux().seccomp(), spec.process().capabilities()),
                standard ? MountPlan.MASKED_PATHS : null, standard ? MountPlan.READONLY_PATHS : null);
    }

    /** The mounts Berth makes for {@link ProcessSpec.Linux#standardMounts()}, as the runtime spec writes them. */
    private static List<OciConfig.Mount> standardMounts(Set<Namespace.Type> created) {
        List<OciConfig.Mount> m = new ArrayList<>();
        m.add(new OciConfig.Mount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")));
        m.add(new OciConfig.Mount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")));
        m.add(new OciConfig.Mount("/dev/pts", "devpts", "devpts",
                List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")));
        m.add(new OciConfig.Mount("/dev/shm", "tmpfs", "shm", List.of("nosuid", "noexec", "nodev", "mode=1777", "size=65536k")));
        if (created.contains(Namespace.Type.IPC)) {
            m.add(new OciConfig.Mount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")));
        }
        m.add(created.contains(Namespace.Type.NET)
                ? new OciConfig.Mount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro"))
                // sysfs can only be mounted from a network namespace the mounter owns.
                : new OciConfig.Mount("/sys", "bind", "/sys", List.of("rbind", "nosuid", "noexec", "nodev", "ro")));
        return m;
    }

    private static OciConfig.Mount mount(Mount m) {
        List<String> options = new ArrayList<>(flagOptions(m.flags()));
        switch (m.op()) {
            case BIND -> {
                options.add(0, (m.flags() & Mount.MS_REC) != 0 ? "rbind" : "bind");
                return new OciConfig.Mount(m.target(), "bind", m.source(), options);
            }
            case MOUNT -> {
                if (!"tmpfs".equals(m.fstype())) {
                    break;
                }
                if (m.data() != null && !m.data().isEmpty()) {
                    options.addAll(List.of(m.data().split(",")));
                }
                return new OciConfig.Mount(m.target(), "tmpfs", "tmpfs", options);
            }
            default -> {
            }
        }
        throw new IllegalArgumentException("mount on " + m.target() + " (" + m.op() + " " + m.fstype()
                + "): a bundle holds bind and tmpfs mounts only");
    }

    private static List<String> flagOptions(long flags) {
        List<String> o = new ArrayList<>();
        if ((flags & Mount.MS_RDONLY) != 0) {
            o.add("ro");
        }
        if ((flags & Mount.MS_NOSUID) != 0) {
            o.add("nosuid");
        }
        if ((flags & Mount.MS_NODEV) != 0) {
            o.add("nodev");
        }
        if ((flags & Mount.MS_NOEXEC) != 0) {
            o.add("noexec");
        }
        return o;
    }

    private static long flags(List<String> options) {
        long f = 0;
        for (String o : options) {
            f |= switch (o) {
                case "ro" -> Mount.MS_RDONLY;
                case "nosuid" -> Mount.MS_NOSUID;
                case "nodev" -> Mount.MS_NODEV;
                case "noexec" -> Mount.MS_NOEXEC;
                case "rbind" -> Mount.MS_REC;
                default -> 0;
            };
        }
        return f;
    }

    private static List<OciConfig.IdMapping> mappings(List<IdMapping> ids) {
        return ids.stream().map(i -> new OciConfig.IdMapping(i.inside(), i.outside(), i.count())).toList();
    }

    private static OciConfig.Resources resources(CgroupLimits l) {
        if (l == null || l.isEmpty()) {
            return null;
        }
        OciConfig.Memory memory = l.memoryBytes().isPresent() ? new OciConfig.Memory(l.memoryBytes().getAsLong()) : null;
        OciConfig.Cpu cpu = l.cpuQuotaMicros().isPresent() || l.cpuShares().isPresent()
                ? new OciConfig.Cpu(boxed(l.cpuQuotaMicros()), boxed(l.cpuPeriodMicros()), boxed(l.cpuShares())) : null;
        OciConfig.Pids pids = l.pidsMax().isPresent() ? new OciConfig.Pids(l.pidsMax().getAsLong()) : null;
        return memory == null && cpu == null && pids == null ? null : new OciConfig.Resources(memory, cpu, pids);
    }

    private static Long boxed(java.util.OptionalLong v) {
        return v.isPresent() ? v.getAsLong() : null;
    }

    private static OciConfig.Device device(DeviceNode d) {
        return new OciConfig.Device(d.target(), d.block() ? "b" : "c", d.major(), d.minor(), d.permissions());
    }

    private static String ociName(Namespace.Type t) {
        return switch (t) {
            case MNT -> "mount";
            case NET -> "network";
            default -> t.name().toLowerCase(Locale.ROOT);
        };
    }

    private static Namespace.Type berthType(String ociName) {
        for (Namespace.Type t : Namespace.Type.values()) {
            if (ociName(t).equals(ociName)) {
                return t;
            }
        }
        throw new IllegalArgumentException("linux.namespaces: unknown namespace type '" + ociName + "'");
    }

    /**
     * A launch spec for the bundle at {@code bundle} with {@code config}: its root is
     * {@code root.path} resolved against the bundle. The caller adds the name and streams.
     *
     * @throws IllegalArgumentException naming a field Berth cannot run as it is
     */
    public static ProcessSpec.Builder fromOci(OciConfig config, Path bundle) {
        if (config.hooks() != null && !config.hooks().isEmpty()) {
            throw new IllegalArgumentException("hooks: Berth runs no hooks; remove them from the bundle's config.json");
        }
        OciConfig.Process p = config.process();
        if (p == null || p.args() == null || p.args().isEmpty()) {
            throw new IllegalArgumentException("process.args: a bundle Berth runs needs a command");
        }
        if (Boolean.TRUE.equals(p.terminal())) {
            throw new IllegalArgumentException("process.terminal: Berth runs a bundle without a console socket;"
                    + " set it to false");
        }
        if (config.root() == null || config.root().path() == null) {
            throw new IllegalArgumentException("root.path: a bundle needs a root file system");
        }
        ProcessSpec.Builder b = ProcessSpec.builder(p.args());
        if (p.env() != null) {
            b.env(p.env());
        }
        b.workdir(p.cwd() == null ? "/" : p.cwd());
        if (p.user() != null) {
            b.user(Math.toIntExact(p.user().uid()), Math.toIntExact(p.user().gid()));
            if (p.user().additionalGids() != null) {
                b.groups(p.user().additionalGids().stream().map(Math::toIntExact).toList());
            }
            if (p.user().umask() != null) {
                b.umask(p.user().umask());
            }
        }
        if (p.capabilities() != null && p.capabilities().effective() != null) {
            b.capabilities(p.capabilities().effective().stream().map(Capability::parse).toList());
        }
        if (p.rlimits() != null) {
            for (OciConfig.Rlimit r : p.rlimits()) {
                b.rlimit(new Rlimit(rlimitType(r.type()), r.soft(), r.hard()));
            }
        }
        b.noNewPrivileges(Boolean.TRUE.equals(p.noNewPrivileges()));
        b.rootfs(RootFs.directory(bundle.resolve(config.root().path()).toAbsolutePath().normalize()))
                .readOnlyRoot(Boolean.TRUE.equals(config.root().readonly()));
        if (config.hostname() != null) {
            b.hostname(config.hostname());
        }
        OciConfig.Linux linux = config.linux() != null ? config.linux()
                : new OciConfig.Linux(null, null, null, null, null, null, null, null);
        namespaces(b, linux);
        mounts(b, config.mounts() == null ? List.of() : config.mounts(), linux);
        if (linux.resources() != null) {
            b.limits(limits(linux.resources()));
        }
        if (linux.devices() != null) {
            for (OciConfig.Device d : linux.devices()) {
                b.device(new DeviceNode(Path.of(d.path()), d.path(), "b".equals(d.type()), Math.toIntExact(d.major()),
                        Math.toIntExact(d.minor()), d.fileMode() == null ? 0666 : d.fileMode()));
            }
        }
        // No linux.seccomp is no filter, as in runc.
        b.seccomp(linux.seccomp() == null ? SeccompProfile.unconfined()
                : SeccompProfile.fromDockerJson(linux.seccomp().toString()));
        return b;
    }

    private static Rlimit.Type rlimitType(String name) {
        try {
            return Rlimit.Type.valueOf(name.toUpperCase(Locale.ROOT).replaceFirst("^RLIMIT_", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("process.rlimits: unknown type '" + name + "'", e);
        }
    }

    private static void namespaces(ProcessSpec.Builder b, OciConfig.Linux linux) {
        EnumSet<Namespace.Type> created = EnumSet.noneOf(Namespace.Type.class);
        String networkPath = null;
        boolean user = false;
        for (OciConfig.Namespace n : linux.namespaces() == null ? List.<OciConfig.Namespace>of() : linux.namespaces()) {
            Namespace.Type t = berthType(n.type());
            if (n.path() != null && t == Namespace.Type.NET) {
                networkPath = n.path();
            } else if (n.path() != null) {
                throw new IllegalArgumentException("linux.namespaces: Berth joins a " + n.type()
                        + " namespace by path only for the network (" + n.path() + ")");
            } else if (t == Namespace.Type.USER) {
                user = true; // the builder adds it with the maps
            } else {
                created.add(t);
            }
        }
        b.namespaces(created);
        if (networkPath != null) {
            b.networkNamespace(networkPath);
        }
        if (user) {
            if (linux.uidMappings() == null || linux.gidMappings() == null) {
                throw new IllegalArgumentException("linux.uidMappings, gidMappings: a user namespace needs both");
            }
            b.userNamespace(UserNamespaceMap.direct(idMappings(linux.uidMappings()), idMappings(linux.gidMappings())));
        }
    }

    private static List<IdMapping> idMappings(List<OciConfig.IdMapping> ids) {
        return ids.stream().map(i -> new IdMapping(i.containerId(), i.hostId(), i.size())).toList();
    }

    /**
     * The standard mounts become Berth's standard set (if /proc is among them); bind and tmpfs
     * mounts are made as given; masked and read-only paths beyond Berth's own are added.
     */
    private static void mounts(ProcessSpec.Builder b, List<OciConfig.Mount> mounts, OciConfig.Linux linux) {
        boolean standard = mounts.stream().anyMatch(m -> "/proc".equals(m.destination()));
        b.standardMounts(standard);
        for (OciConfig.Mount m : mounts) {
            List<String> options = m.options() == null ? List.of() : m.options();
            if (standard && STANDARD.contains(m.destination())) {
                continue;
            }
            if ("bind".equals(m.type()) || options.contains("bind") || options.contains("rbind")) {
                Path source = Path.of(m.source());
                b.mount(Mount.bind(source, m.destination(), flags(options),
                        java.nio.file.Files.isDirectory(source) ? Mount.MKDIR : Mount.MKFILE));
            } else if ("tmpfs".equals(m.type())) {
                String data = String.join(",", options.stream().filter(o -> o.contains("=")).toList());
                b.mount(Mount.tmpfs(m.destination(), flags(options), data.isEmpty() ? null : data));
            } else {
                throw new IllegalArgumentException("mounts: " + m.destination() + " of type " + m.type()
                        + ": Berth mounts bind and tmpfs mounts, and the standard ones");
            }
        }
        for (String p : linux.maskedPaths() == null ? List.<String>of() : linux.maskedPaths()) {
            if (!standard || !MountPlan.MASKED_PATHS.contains(p)) {
                b.mount(Mount.mask(p));
            }
        }
        for (String p : linux.readonlyPaths() == null ? List.<String>of() : linux.readonlyPaths()) {
            if (!standard || !MountPlan.READONLY_PATHS.contains(p)) {
                b.mount(Mount.readOnly(p));
            }
        }
    }

    private static CgroupLimits limits(OciConfig.Resources r) {
        CgroupLimits.Builder l = CgroupLimits.builder();
        if (r.memory() != null && r.memory().limit() != null && r.memory().limit() > 0) {
            l.memoryBytes(r.memory().limit());
        }
        if (r.cpu() != null && r.cpu().quota() != null && r.cpu().quota() > 0) {
            l.cpuQuota(r.cpu().quota(), r.cpu().period() != null ? r.cpu().period() : 100_000);
        }
        if (r.cpu() != null && r.cpu().shares() != null && r.cpu().shares() > 0) {
            l.cpuShares(r.cpu().shares());
        }
        if (r.pids() != null && r.pids().limit() > 0) {
            l.pidsMax(r.pids().limit());
        }
        return l.build();
    }
}
