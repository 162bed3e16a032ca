package dev.berth.overlayfs.driver;

import dev.berth.namespaces.launch.RootFs;
import dev.berth.overlayfs.diff.DiffResult;
import dev.berth.overlayfs.diff.LayerDiff;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * One container's root file system as a {@link StorageDriver} made it: what the launcher
 * mounts, a view of it on the host for inspection, and its changes as a layer
 * (<a href="https://github.com/opencontainers/image-spec/blob/main/layer.md">image-spec layer.md</a>).
 */
public interface ContainerRoot {
    /** The driver's name, "overlay" or "vfs". */
    String driver();

    /** The directory holding everything of this root. */
    Path directory();

    /** The root file system for the launcher. */
    RootFs rootFs();

    /** Makes the root visible on the host (mounting the overlay if needed) and returns where. */
    Path mount() throws IOException;

    /** Undoes {@link #mount}; nothing happens if it is not mounted. */
    void unmount() throws IOException;

    /** Writes the changes made since creation as a layer tar to {@code out}. */
    DiffResult diff(LayerDiff diff, OutputStream out) throws IOException;

    /** Unmounts and deletes the directory. */
    void remove() throws IOException;
}
