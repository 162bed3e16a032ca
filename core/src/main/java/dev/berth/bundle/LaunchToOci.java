package dev.berth.bundle;

import dev.berth.namespaces.Namespace;
import dev.berth.namespaces.cgroup.CgroupLimits;
import dev.berth.namespaces.launch.DeviceNode;
import dev.berth.namespaces.launch.Mount;
import dev.berth.namespaces.launch.MountPlan;
import dev.berth.namespaces.launch.ProcessSpec;
import dev.berth.namespaces.launch.Rlimit;
import dev.berth.namespaces.userns.IdMapping;
import dev.berth.namespaces.userns.UserNamespaceMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Writes Berth's launch spec as a bundle's {@code config.json}, group by group: the
 * {@link ProcessSpec} groups are the runtime spec's
 * (<a href="https://github.com/opencontainers/runtime-spec/blob/main/config.md">config.md</a>), so
 * each maps to its namesake. What Berth sets up without being told (the standard /proc, /dev and
 * /sys mounts, masked and read-only paths) is written out, as runc and crun need it spelled;
 * what the runtime spec cannot say (joining another process's namespaces, a network gate) is
 * refused. {@link OciToLaunch} reads it back.
 */
public final class LaunchToOci {
    private LaunchToOci() {
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
            namespaces.add(new OciConfig.Namespace(OciConfig.Namespace.typeName(t), null));
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
                spec.linux().devices().isEmpty() ? null : spec.linux().devices().stream().map(LaunchToOci::device).toList(),
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
        List<String> options = new ArrayList<>(MountOptions.of(m.flags()));
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
}
