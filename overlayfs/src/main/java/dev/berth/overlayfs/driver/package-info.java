/**
 * Storage drivers that give a container its writable root: overlay, and a copy driver ("vfs")
 * chosen where an overlay cannot be mounted.
 */
package dev.berth.overlayfs.driver;
