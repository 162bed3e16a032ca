package dev.berth.namespaces.cgroup;

/**
 * How the cgroup hierarchies of this host are mounted.
 *
 * <p>systemd calls these "legacy", "unified" and "hybrid". Berth must handle all three, because a
 * controller can be bound to only one hierarchy at a time: on a hybrid host some controllers are
 * in v1 hierarchies and the cgroup2 mount has only what is left over.
 *
 * @see <a href="https://docs.kernel.org/admin-guide/cgroup-v2.html#mounting">Control Group v2:
 *      Mounting</a>
 * @see <a href="https://docs.kernel.org/admin-guide/cgroup-v1/cgroups.html">Control Groups (v1)</a>
 */
public enum CgroupMode {
    /** Only v1 hierarchies (fstype {@code cgroup}) are mounted. */
    V1,
    /** Only the unified hierarchy (fstype {@code cgroup2}) is mounted, as on current systemd hosts. */
    V2,
    /** Both: v1 hierarchies and a cgroup2 mount, usually at {@code /sys/fs/cgroup/unified}. */
    HYBRID
}
