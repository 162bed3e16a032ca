/**
 * Overlay mounts of many lower layers: {@code fsconfig("lowerdir+")} where the kernel has it, short
 * relative paths otherwise; on a host path for inspection, or as a {@code RootFs} for the launcher.
 *
 * @see <a href="https://docs.kernel.org/filesystems/overlayfs.html">overlayfs</a>
 */
package dev.berth.overlayfs.mount;
