/**
 * User namespaces for rootless operation: the id maps of a container
 * ({@link dev.berth.namespaces.userns.UserNamespaceMap}), read from {@code /etc/subuid} and
 * {@code /etc/subgid} ({@link dev.berth.namespaces.userns.SubordinateIds}) and written by the
 * stage-1 helper, directly or through {@code newuidmap}/{@code newgidmap}.
 *
 * @see <a href="https://man7.org/linux/man-pages/man7/user_namespaces.7.html">user_namespaces(7)</a>
 */
package dev.berth.namespaces.userns;
