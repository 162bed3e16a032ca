package dev.berth.namespaces.launch;

/**
 * Linux capabilities by their bit numbers, as
 * <a href="https://man7.org/linux/man-pages/man7/capabilities.7.html">capabilities(7)</a> lists them.
 * A launched process keeps none unless the spec names them.
 */
public enum Capability {
    CHOWN, DAC_OVERRIDE, DAC_READ_SEARCH, FOWNER, FSETID, KILL, SETGID, SETUID, SETPCAP,
    LINUX_IMMUTABLE, NET_BIND_SERVICE, NET_BROADCAST, NET_ADMIN, NET_RAW, IPC_LOCK, IPC_OWNER,
    SYS_MODULE, SYS_RAWIO, SYS_CHROOT, SYS_PTRACE, SYS_PACCT, SYS_ADMIN, SYS_BOOT, SYS_NICE,
    SYS_RESOURCE, SYS_TIME, SYS_TTY_CONFIG, MKNOD, LEASE, AUDIT_WRITE, AUDIT_CONTROL, SETFCAP,
    MAC_OVERRIDE, MAC_ADMIN, SYSLOG, WAKE_ALARM, BLOCK_SUSPEND, AUDIT_READ, PERFMON, BPF,
    CHECKPOINT_RESTORE;

    /** The bit number (CAP_CHOWN is 0). */
    public int bit() {
        return ordinal();
    }

    /** Parses {@code CAP_NET_ADMIN} or {@code net_admin}. */
    public static Capability parse(String name) {
        String n = name.toUpperCase(java.util.Locale.ROOT);
        if (n.startsWith("CAP_")) {
            n = n.substring(4);
        }
        try {
            return valueOf(n);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown capability: " + name, e);
        }
    }
}
