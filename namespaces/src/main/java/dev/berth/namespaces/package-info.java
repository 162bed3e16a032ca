/**
 * Berth's Linux interface: namespaces ({@link dev.berth.namespaces.Namespace}), the launch of
 * isolated processes through a native stage-1 helper ({@link dev.berth.namespaces.launch}),
 * pidfd process handles ({@link dev.berth.namespaces.process}), cgroups
 * ({@link dev.berth.namespaces.cgroup}) and the system-call layer
 * ({@link dev.berth.namespaces.linux}). {@link dev.berth.namespaces.Host} holds the four as one
 * value that callers hand down, so that tests can run them on a recording host without root.
 *
 * @see <a href="https://man7.org/linux/man-pages/man7/namespaces.7.html">namespaces(7)</a>
 */
package dev.berth.namespaces;
