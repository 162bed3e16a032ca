/**
 * cgroups for Berth's containers: finding how this host mounts them (v1, v2 or hybrid, see
 * {@link dev.berth.namespaces.cgroup.CgroupLayout}), making one group per container with its
 * {@link dev.berth.namespaces.cgroup.CgroupLimits limits}, reading its
 * {@link dev.berth.namespaces.cgroup.CgroupStats statistics} and OOM kills, and removing it
 * with everything still running in it ({@link dev.berth.namespaces.cgroup.Cgroup}).
 *
 * <p>The package writes only under a "berth" directory of each hierarchy and never moves this
 * JVM itself. The native launcher moves the container's first process, using the paths
 * {@link dev.berth.namespaces.cgroup.Cgroup#procsFiles()} gives.
 *
 * @see <a href="https://docs.kernel.org/admin-guide/cgroup-v2.html">Control Group v2</a>
 * @see <a href="https://docs.kernel.org/admin-guide/cgroup-v1/index.html">Control Groups version 1</a>
 */
package dev.berth.namespaces.cgroup;
