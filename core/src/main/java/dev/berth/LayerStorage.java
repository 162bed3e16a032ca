package dev.berth;

import java.util.Locale;

/**
 * How a container's root file system is made from its image's layers: Docker's storage driver
 * ({@code dockerd --storage-driver}).
 *
 * @see <a href="https://docs.docker.com/engine/storage/drivers/select-storage-driver/">Docker storage drivers</a>
 */
public enum LayerStorage {
    /** The layers stacked with overlayfs under a writable upper directory. */
    OVERLAY,
    /** The layers copied into one directory: slower to create, for file systems or kernels where overlay cannot be mounted. */
    VFS,
    /** Overlay where a trial mount works, else vfs; decided when first needed. */
    AUTO;

    /** The driver's name as Docker writes it: {@code overlay}, {@code vfs} or {@code auto}. */
    public String driverName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The storage named {@code name} ({@code overlay}, {@code vfs} or {@code auto}).
     *
     * @throws IllegalArgumentException naming {@code name} and the choices if it is none of them
     */
    public static LayerStorage of(String name) {
        for (LayerStorage s : values()) {
            if (s.driverName().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown storage driver \"" + name + "\": overlay, vfs or auto");
    }
}
