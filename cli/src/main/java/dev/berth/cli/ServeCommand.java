package dev.berth.cli;

import dev.berth.Berth;
import dev.berth.dockerapi.DockerApiServer;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code berth serve}: serves the Docker Engine API on a unix socket, so that the docker CLI,
 * docker-compose and Testcontainers run on Berth unchanged
 * (<a href="https://docs.docker.com/reference/api/engine/">Docker Engine API</a>). Whoever can
 * connect to the socket is root on the host: it is mode 0600 unless {@code --group} opens it to a
 * group (0660). It refuses a socket another server answers on and replaces a stale one. SIGTERM
 * or SIGINT stops it cleanly (the listener closes, the socket goes) while the containers it
 * started keep running, as Docker's outlive a stopped dockerd.
 */
@Command(name = "serve", description = {"Serve the Docker Engine API on a unix socket (for docker, docker-compose, Testcontainers).",
        "Whoever can connect to the socket is root on this host. SIGTERM or SIGINT stops the server; its containers keep running."})
final class ServeCommand extends Verb {
    @Option(names = {"-H", "--socket"}, paramLabel = "unix:///PATH",
            description = "The socket to listen on (default: unix:///run/berth/docker.sock as root, else unix://$XDG_RUNTIME_DIR/berth/docker.sock)")
    String socket;

    @Option(names = "--group", paramLabel = "GROUP",
            description = "Let this group connect too: the socket becomes mode 0660, owned by GROUP (default: 0600, the owner only)")
    String group;

    @Override
    public Integer call() throws Exception {
        Path path = ServeAddress.socket(socket, System.getenv());
        if (group != null) {
            try {
                FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByGroupName(group);
            } catch (UserPrincipalNotFoundException e) {
                throw new IllegalArgumentException("--group " + group + ": no such group");
            }
        }
        CountDownLatch stop = new CountDownLatch(1);
        sun.misc.Signal.handle(new sun.misc.Signal("TERM"), s -> stop.countDown());
        sun.misc.Signal.handle(new sun.misc.Signal("INT"), s -> stop.countDown());
        try (Berth berth = top.open(); DockerApiServer server = DockerApiServer.start(berth, path, group)) {
            // Any other way out (SIGHUP, a fatal error) still closes the listener and removes the socket.
            Thread hook = new Thread(server::close, "berth-serve-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            System.err.println("berth serve: listening on " + ServeAddress.SCHEME + path + " (Docker Engine API 1.24 to 1.52);"
                    + " use it with: export DOCKER_HOST=" + ServeAddress.SCHEME + path);
            stop.await();
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        System.err.println("berth serve: stopped; the containers it started keep running");
        return 0;
    }
}
