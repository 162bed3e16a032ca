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
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a bundle's {@code config.json} as Berth's launch spec, group by group (see
 * {@link LaunchToOci}). What Berth cannot run as given (hooks, mounts other than bind and
 * tmpfs, joining namespaces other than the network's by path) is refused with the field named.
 * {@code process.terminal} makes the process's stdio a pty of the container's own devpts, whose
 * master the launcher receives, as runc receives it over its console socket.
 */
public final class OciToLaunch {
    /** The mounts of {@link ProcessSpec.Linux#standardMounts()}, by destination. */
    private static final Set<String> STANDARD = Set.of("/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue",
            "/sys", "/sys/fs/cgroup");

    private OciToLaunch() {
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
        // process.terminal: a pty of the container's own devpts is its stdio and controlling
        // terminal; the master is handed to the launcher, as runc hands it over a console socket.
        b.console(Boolean.TRUE.equals(p.terminal()));
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
            Namespace.Type t = n.berthType();
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
                b.mount(Mount.bind(source, m.destination(), MountOptions.flags(options),
                        java.nio.file.Files.isDirectory(source) ? Mount.MKDIR : Mount.MKFILE));
            } else if ("tmpfs".equals(m.type())) {
                String data = String.join(",", options.stream().filter(o -> o.contains("=")).toList());
                b.mount(Mount.tmpfs(m.destination(), MountOptions.flags(options), data.isEmpty() ? null : data));
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
