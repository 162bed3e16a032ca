package dev.berth.overlayfs.driver;

import dev.berth.namespaces.host.Host;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * How a container's writable root file system is made from its image layers (layer directories
 * in overlay form, highest first) and how its changes become a layer again. Two drivers exist:
 * {@code overlay}, which stacks the layers with
 * <a href="https://docs.kernel.org/filesystems/overlayfs.html">overlayfs</a>, and {@code vfs}, which
 * copies them into one directory for hosts or file systems without overlay and diffs by
 * comparison. {@link #detect} picks overlay when a trial mount works and vfs otherwise.
 */
public interface StorageDriver {
    /** "overlay" or "vfs". */
    String name();

    /** Prepares a container root over {@code layers} (highest first) in the new directory {@code dir}. */
    ContainerRoot create(List<Path> layers, Path dir) throws IOException;

    /** The overlay driver. */
    static StorageDriver overlay(Host host) {
        return new OverlayDriver(host.syscalls());
    }

    /** The copy ("vfs") driver. */
    static StorageDriver copy(Host host) {
        return new CopyDriver(host);
    }

    /** The driver called {@code name}: "overlay", "vfs", or "auto" for {@link #detect}. */
    static StorageDriver named(Host host, String name, Path scratch) {
        switch (name) {
            case "overlay":
                return overlay(host);
            case "vfs":
                return copy(host);
            case "auto":
                return detect(host, scratch);
            default:
                throw new IllegalArgumentException("unknown storage driver '" + name + "' (overlay, vfs or auto)");
        }
    }

    /**
     * Overlay if an overlay with an upper directory can be mounted in {@code scratch} (a
     * directory on the file system the containers will use), the copy driver otherwise.
     */
    static StorageDriver detect(Host host, Path scratch) {
        return OverlayDriver.detect(host, scratch);
    }

    /**
     * For a process without root, whose containers mount their overlay inside a user namespace:
     * overlay if a trial launch mounts one there (over {@code scratch}), the copy driver otherwise,
     * as podman falls back to vfs where rootless overlay is not available.
     */
    static StorageDriver detectInUserNamespace(Host host, Path scratch) {
        return UserNamespaceOverlayTrial.refusal(host.launcher(), scratch).isEmpty() ? overlay(host) : copy(host);
    }
}
