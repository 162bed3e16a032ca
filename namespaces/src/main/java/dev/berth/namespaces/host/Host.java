package dev.berth.namespaces.host;

import dev.berth.namespaces.cgroup.Cgroups;
import dev.berth.namespaces.launch.Launcher;
import dev.berth.namespaces.linux.LinuxSyscalls;
import dev.berth.namespaces.linux.Syscalls;
import dev.berth.namespaces.process.ProcessWatcher;
import dev.berth.namespaces.userns.UserNamespaceMap;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The host as Berth's code reaches it: the system calls, the launcher of isolated processes, the
 * cgroups and the watcher of running processes. The engine makes one and hands it down through
 * constructors, so that every decision above the kernel (mount plans, cgroup placement, network
 * attachment, undo on failure) runs in unit tests on a recording host without root, as youki's
 * {@code Syscall} trait travels from its container builder.
 *
 * @see <a href="https://github.com/youki-dev/youki/blob/main/crates/libcontainer/src/syscall/syscall.rs">youki's Syscall trait</a>
 */
public final class Host {
    /** Made on first use, so that a test host never loads the C library. */
    private static final class Real {
        static final Host HOST = real(LinuxSyscalls.get());
    }

    private static Host real(Syscalls sys) {
        return new Host(sys, ProcessWatcher.shared(), Cgroups.of(sys), null, Host::subordinateIdsOfThisUser);
    }

    private final Syscalls syscalls;
    private final ProcessWatcher watcher;
    private final Cgroups cgroups;
    private final Supplier<Optional<UserNamespaceMap>> subordinateIds;
    private volatile Launcher launcher;

    private Host(Syscalls syscalls, ProcessWatcher watcher, Cgroups cgroups, Launcher launcher,
            Supplier<Optional<UserNamespaceMap>> subordinateIds) {
        this.syscalls = Objects.requireNonNull(syscalls, "syscalls");
        this.watcher = Objects.requireNonNull(watcher, "watcher");
        this.cgroups = Objects.requireNonNull(cgroups, "cgroups");
        this.launcher = launcher;
        this.subordinateIds = subordinateIds;
    }

    /**
     * This machine: the real kernel through JNA, the JVM's one process watcher, the cgroupfs (its
     * layout detected on first use) and a launcher whose stage-1 helper is loaded on first use.
     */
    public static Host system() {
        return Real.HOST;
    }

    /**
     * A host of given parts, for tests: a recording {@link Syscalls}, a launcher over it, a fake
     * cgroupfs. It has no subordinate ids, so nothing is handed to a user namespace to chown.
     */
    public static Host of(Syscalls syscalls, ProcessWatcher watcher, Cgroups cgroups, Launcher launcher) {
        return new Host(syscalls, watcher, cgroups, Objects.requireNonNull(launcher, "launcher"), Optional::empty);
    }

    public Syscalls syscalls() {
        return syscalls;
    }

    public ProcessWatcher watcher() {
        return watcher;
    }

    public Cgroups cgroups() {
        return cgroups;
    }

    /** The launcher; on the real host made on first use, since loading the helper costs a memfd. */
    public Launcher launcher() {
        Launcher l = launcher;
        if (l == null) {
            synchronized (this) {
                l = launcher;
                if (l == null) {
                    l = Launcher.create(syscalls, watcher, cgroups);
                    launcher = l;
                }
            }
        }
        return l;
    }

    /**
     * Whether this process takes the root path: effective uid 0 with CAP_SYS_ADMIN in the initial
     * user namespace ({@link Syscalls#privilegedRoot()}). Root in a user namespace (a pod with
     * {@code hostUsers: false}) takes the rootless path, as a non-root user does.
     */
    public boolean isRoot() {
        return syscalls.privilegedRoot();
    }

    /**
     * The ids {@code /etc/subuid} and {@code /etc/subgid} grant this process's user, as a map
     * whose root is the user; empty for root, and for a user with no ranges, who can give files
     * no owner but itself.
     */
    public Optional<UserNamespaceMap> subordinateIds() {
        return isRoot() ? Optional.empty() : subordinateIds.get();
    }

    private static Optional<UserNamespaceMap> subordinateIdsOfThisUser() {
        UserNamespaceMap m = UserNamespaceMap.ofCurrentUser();
        return m.isSingle() ? Optional.empty() : Optional.of(m);
    }

    @Override
    public String toString() {
        return syscalls instanceof LinuxSyscalls ? "Host[system]" : "Host[" + syscalls.getClass().getSimpleName() + "]";
    }
}
