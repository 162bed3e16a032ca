/**
 * Root file systems made from the host, with no registry: {@link dev.berth.namespaces.rootfs.BusyboxTree}
 * turns the host's static busybox into a small Linux root.
 */
package dev.berth.namespaces.rootfs;
