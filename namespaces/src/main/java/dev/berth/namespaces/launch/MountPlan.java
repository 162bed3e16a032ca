package dev.berth.namespaces.launch;

import static dev.berth.namespaces.launch.Mount.MKDIR;
import static dev.berth.namespaces.launch.Mount.MKFILE;
import static dev.berth.namespaces.launch.Mount.MS_NODEV;
import static dev.berth.namespaces.launch.Mount.MS_NOEXEC;
import static dev.berth.namespaces.launch.Mount.MS_NOSUID;
import static dev.berth.namespaces.launch.Mount.MS_RDONLY;
import static dev.berth.namespaces.launch.Mount.MS_REC;
import static dev.berth.namespaces.launch.Mount.MS_STRICTATIME;

import dev.berth.namespaces.Namespace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a {@link ProcessSpec} into the ordered list of mount steps the stage-1 helper executes:
 * the root, then (with standard mounts) /proc, /dev and its devices, /sys, then the caller's
 * mounts, then masked and read-only paths, and last a read-only root. The standard set follows
 * the OCI runtime spec's Linux defaults and Docker's masked paths
 * (<a href="https://github.com/opencontainers/runtime-spec/blob/main/config-linux.md">config-linux.md</a>).
 */
public final class MountPlan {
    /** Paths hidden from the container, as Docker hides them. */
    public static final List<String> MASKED_PATHS = List.of("/proc/asound", "/proc/acpi",
            "/proc/interrupts", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
            "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware",
            "/sys/devices/virtual/powercap");

    /** Paths the container can read but not write, as Docker sets them. */
    public static final List<String> READONLY_PATHS = List.of("/proc/bus", "/proc/fs", "/proc/irq",
            "/proc/sys", "/proc/sysrq-trigger");

    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;

    /** The standard character devices: name, major, minor. */
    private static final Object[][] DEVICES = {
        {"null", 1, 3}, {"zero", 1, 5}, {"full", 1, 7}, {"random", 1, 8}, {"urandom", 1, 9}, {"tty", 5, 0},
    };

    private MountPlan() {
    }

    /**
     * The mount steps for {@code spec}; {@code rootless} selects bind mounts of the host's devices
     * instead of mknod, which a user namespace does not allow.
     */
    public static List<Mount> of(ProcessSpec spec, boolean rootless) {
        return of(spec, rootless, !rootless);
    }

    /**
     * As {@link #of(ProcessSpec, boolean)}; {@code ttyGroupMapped}: whether group 5 (tty) exists
     * in the container's user namespace, so that its devpts can give ptys that group as runc's
     * default spec does ({@code gid=5}); a mount asking for an unmapped group fails (EINVAL),
     * which is why rootless specs (runc's {@code spec --rootless}) leave it out.
     */
    public static List<Mount> of(ProcessSpec spec, boolean rootless, boolean ttyGroupMapped) {
        List<Mount> plan = new ArrayList<>();
        RootFs root = spec.root() == null ? null : spec.root().path();
        if (root != null) {
            if (root.isOverlay()) {
                StringBuilder data = new StringBuilder();
                if (root.upper() != null) {
                    data.append("upperdir=").append(root.upper()).append(",workdir=").append(root.work());
                }
                if (root.isVolatileUpper()) {
                    data.append(",volatile");
                }
                if (root.upper() != null && !rootless && OverlayIndex.supported()) {
                    data.append(",index=on"); // keeps lower link groups whole on copy-up (see OverlayIndex)
                }
                if (rootless) {
                    data.append(data.length() > 0 ? "," : "").append("userxattr");
                }
                plan.add(Mount.overlay(root.lowers(), "/", data.toString()));
            } else {
                plan.add(Mount.bind(root.directory(), "/", MS_REC, 0));
            }
        }
        if (root != null && spec.linux().standardMounts()) {
            standard(plan, spec, rootless, ttyGroupMapped);
        }
        if (root != null) {
            for (DeviceNode d : spec.linux().devices()) {
                plan.add(rootless ? Mount.bind(d.host(), d.target(), MS_NOSUID | MS_NOEXEC, MKFILE)
                        : Mount.mknod(d.target(), (d.block() ? S_IFBLK : S_IFCHR) | (d.permissions() & 0777), d.major(), d.minor()));
            }
        }
        plan.addAll(spec.mounts());
        if (root != null && spec.linux().standardMounts()) {
            for (String p : MASKED_PATHS) {
                plan.add(Mount.mask(p));
            }
            for (String p : READONLY_PATHS) {
                plan.add(Mount.readOnly(p));
            }
        }
        if (root != null && spec.root().readonly()) {
            plan.add(Mount.remount("/", MS_RDONLY));
        }
        return plan;
    }

    private static void standard(List<Mount> plan, ProcessSpec spec, boolean rootless, boolean ttyGroupMapped) {
        plan.add(Mount.of("proc", "proc", "/proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, null));
        plan.add(Mount.tmpfs("/dev", MS_NOSUID | MS_STRICTATIME, "mode=755,size=65536k"));
        for (Object[] d : DEVICES) {
            String target = "/dev/" + d[0];
            if (rootless) {
                plan.add(Mount.bind(Path.of(target), target, MS_NOSUID | MS_NOEXEC, MKFILE));
            } else {
                plan.add(Mount.mknod(target, S_IFCHR | 0666, (Integer) d[1], (Integer) d[2]));
            }
        }
        plan.add(Mount.of("devpts", "devpts", "/dev/pts", MS_NOSUID | MS_NOEXEC,
                ttyGroupMapped ? "newinstance,ptmxmode=0666,mode=0620,gid=5" : "newinstance,ptmxmode=0666,mode=0620"));
        plan.add(Mount.tmpfs("/dev/shm", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=1777,size=65536k"));
        if (spec.linux().namespaces().created().contains(Namespace.Type.IPC)) {
            plan.add(Mount.of("mqueue", "mqueue", "/dev/mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC, null));
        }
        plan.add(Mount.symlink("/proc/self/fd", "/dev/fd"));
        plan.add(Mount.symlink("/proc/self/fd/0", "/dev/stdin"));
        plan.add(Mount.symlink("/proc/self/fd/1", "/dev/stdout"));
        plan.add(Mount.symlink("/proc/self/fd/2", "/dev/stderr"));
        plan.add(Mount.symlink("pts/ptmx", "/dev/ptmx"));
        if (spec.linux().namespaces().created().contains(Namespace.Type.NET)) {
            plan.add(Mount.of("sysfs", "sysfs", "/sys", MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RDONLY, null));
        } else {
            // sysfs can only be mounted from a network namespace the mounter owns.
            plan.add(new Mount(Mount.Op.BIND, MKDIR, Mount.MS_BIND | MS_REC | MS_RDONLY | MS_NOSUID
                    | MS_NODEV | MS_NOEXEC, 0, 0, "/sys", "/sys", null, null));
        }
    }
}
