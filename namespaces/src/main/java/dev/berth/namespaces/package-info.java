/**
 * Berth's Linux interface: namespaces ({@link dev.berth.namespaces.Namespace}), the launch of
 * isolated processes through a native stage-1 helper ({@code dev.berth.namespaces.launch}),
 * pidfd process handles ({@code dev.berth.namespaces.process}), cgroups
 * ({@code dev.berth.namespaces.cgroup}) and the system-call layer
 * ({@code dev.berth.namespaces.linux}). {@code Host} holds the four
 * as one value that callers hand down, so that tests can run them on a recording host without
 * root. Only this package is exported to everyone; the others
 * are exported to the Berth modules built on them.
 *
 * @see <a href="https://man7.org/linux/man-pages/man7/namespaces.7.html">namespaces(7)</a>
 */
package dev.berth.namespaces;
