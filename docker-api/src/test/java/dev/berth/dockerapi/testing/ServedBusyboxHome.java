package dev.berth.dockerapi.testing;

import dev.berth.BusyboxImage;
import dev.berth.namespaces.testing.RequiresRoot;
import java.io.IOException;
import java.nio.file.Path;

/** A {@link ServedHome} with the busybox test image stored, for tests that run containers (as root). */
@RequiresRoot("real containers of the busybox image")
public abstract class ServedBusyboxHome extends ServedHome {
    @Override
    protected void prepare(Path home) throws IOException {
        BusyboxImage.store(home, dir.resolve("scratch"));
    }

    /** The server's socket. */
    protected Path socket() {
        return dir.resolve("docker.sock");
    }

    /** The docker CLI on the socket, with a config directory of its own. */
    protected DockerCli docker() {
        return new DockerCli(socket(), dir.resolve("docker-config"));
    }
}
