package dev.berth.dockerapi.testing;

import dev.berth.Berth;
import dev.berth.BusyboxImage;
import dev.berth.dockerapi.DockerApiServer;
import dev.berth.namespaces.testing.RequiresRoot;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A test's own home with the busybox test image, a Berth on it and a server on a private socket (as root). */
@RequiresRoot("real containers of the busybox image")
public abstract class ServedBusybox {
    @TempDir
    protected Path dir;

    protected Berth berth;
    protected DockerApiServer server;
    protected Path socket;

    @BeforeEach
    void serve() throws Exception {
        BusyboxImage.store(home(), dir.resolve("scratch"));
        berth = Berth.builder().home(home()).build();
        socket = dir.resolve("docker.sock");
        server = DockerApiServer.start(berth, socket);
    }

    @AfterEach
    void stopServing() throws Exception {
        server.close();
        berth.close();
    }

    /** The Berth home. */
    protected Path home() {
        return dir.resolve("home");
    }

    /** The docker CLI pointed at the socket, with a config directory of its own. */
    protected DockerCli docker() {
        return new DockerCli(socket, dir.resolve("docker-config"));
    }
}
