package dev.berth.namespaces.launch;

import dev.berth.namespaces.linux.Errno;
import dev.berth.namespaces.linux.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Checks a spec before anything is started, so that a missing root, lower directory or bind
 * source, or an rlimit above what this process may grant, fails with a clear message and
 * leaves nothing behind.
 */
final class LaunchPreflight {
    private static final int CAP_SYS_RESOURCE = 24;

    private final Syscalls sys;

    LaunchPreflight(Syscalls sys) {
        this.sys = sys;
    }

    void check(ProcessSpec spec) {
        RootFs root = spec.root() == null ? null : spec.root().path();
        if (root != null) {
            requireDir(spec, root.mountPoint(), "root mount point");
            if (root.isOverlay()) {
                for (Path lower : root.lowers()) {
                    requireDir(spec, lower, "lower directory");
                }
                if (root.upper() != null) {
                    requireDir(spec, root.upper(), "upper directory");
                    requireDir(spec, root.work(), "work directory");
                }
                if (root.isVolatileUpper()) {
                    clearVolatileMarker(spec, root.work());
                }
            }
        }
        for (Mount m : spec.mounts()) {
            if (m.op() == Mount.Op.BIND && !Files.exists(Path.of(m.source()), LinkOption.NOFOLLOW_LINKS)) {
                throw new LaunchException(spec.name(), "bind " + m.source() + " on " + m.target()
                        + ": the source does not exist", Errno.ENOENT);
            }
        }
        for (Rlimit r : spec.process().rlimits()) {
            long[] current = sys.getrlimit(r.type().number());
            if (exceeds(r.hard(), current[1]) && !hasCapability(CAP_SYS_RESOURCE)) {
                throw new LaunchException(spec.name(), "rlimit " + r.type() + " hard " + show(r.hard())
                        + " is above this process's hard limit " + show(current[1])
                        + " (raising it needs CAP_SYS_RESOURCE)", Errno.EPERM);
            }
        }
    }

    /**
     * overlayfs leaves work/work/incompat/volatile after a volatile mount and refuses the next
     * mount while it is there; the caller declared this upper disposable, so it goes.
     */
    private static void clearVolatileMarker(ProcessSpec spec, Path work) {
        Path marker = work.resolve("work/incompat/volatile");
        if (!Files.exists(marker, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var walk = Files.walk(marker)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new LaunchException(spec.name(), "remove overlay's volatile marker " + marker + ": " + e, e);
        }
    }

    private static void requireDir(ProcessSpec spec, Path p, String what) {
        if (!Files.isDirectory(p)) {
            throw new LaunchException(spec.name(), what + " " + p
                    + (Files.exists(p) ? " is not a directory" : " does not exist"), Errno.ENOENT);
        }
    }

    /** Unlimited (-1) is the largest value. */
    private static boolean exceeds(long wanted, long limit) {
        if (limit == Rlimit.UNLIMITED) {
            return false;
        }
        return wanted == Rlimit.UNLIMITED || wanted > limit;
    }

    private static String show(long v) {
        return v == Rlimit.UNLIMITED ? "unlimited" : Long.toString(v);
    }

    private static boolean hasCapability(int bit) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << bit)) != 0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return false;
        }
        return false;
    }
}
