package dev.berth.overlayfs.driver;

import dev.berth.overlayfs.FileTrees;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What both drivers' container roots share: a driver name and one directory holding everything,
 * removed whole after unmounting. See {@link ContainerRoot}.
 */
abstract class DirectoryRoot implements ContainerRoot {
    private final String driver;
    private final Path dir;

    DirectoryRoot(String driver, Path dir) {
        this.driver = driver;
        this.dir = dir;
    }

    @Override
    public String driver() {
        return driver;
    }

    @Override
    public Path directory() {
        return dir;
    }

    @Override
    public void remove() throws IOException {
        unmount();
        FileTrees.delete(dir);
    }
}
