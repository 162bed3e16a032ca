package dev.berth.dockerapi;

import dev.berth.Berth;
import dev.berth.dockerapi.http.UnixSocketServer;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;

/**
 * The Docker Engine API, versions 1.24 to 1.52, served from this JVM on a unix socket, so that
 * the docker CLI, docker-compose and Testcontainers drive {@link Berth} unchanged. Whoever can
 * connect to the socket is root on this host, as with dockerd's: the socket is made mode 0600
 * (0660 with a group) and is never reachable at a looser mode, even for a moment. Closing the
 * server stops serving; the containers it started run on, as Docker's outlive dockerd.
 *
 * @see <a href="https://docs.docker.com/reference/api/engine/">Docker Engine API</a>
 */
public final class DockerApiServer implements AutoCloseable {
    private final Path socket;
    private final Object socketKey;
    private final UnixSocketServer server;

    private DockerApiServer(Path socket, Object socketKey, UnixSocketServer server) {
        this.socket = socket;
        this.socketKey = socketKey;
        this.server = server;
    }

    /** Serves {@code berth} on {@code socket}, mode 0600. */
    public static DockerApiServer start(Berth berth, Path socket) throws IOException {
        return start(berth, socket, null);
    }

    /**
     * Serves {@code berth} on {@code socket}: mode 0600, or 0660 and owned by {@code group} when
     * one is given. A stale socket (nothing answers) is replaced; a live one is an error.
     *
     * @throws IOException if another server answers there, the path is not a socket, or binding fails
     */
    public static DockerApiServer start(Berth berth, Path socket, String group) throws IOException {
        Objects.requireNonNull(berth, "berth");
        Path target = socket.toAbsolutePath().normalize();
        Files.createDirectories(target.getParent());
        removeStale(target);
        // Bound inside a private directory, set to its final mode and owner there, then moved
        // into place: nobody can connect while it still has the umask's mode.
        Path staging = Files.createTempDirectory(target.getParent(), ".berth-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path bound = staging.resolve("s");
        UnixSocketServer server = UnixSocketServer.listen(bound, DockerApi.router(berth), DockerApi.commonHeaders());
        try {
            if (group != null) {
                GroupPrincipal principal = target.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(group);
                Files.getFileAttributeView(bound, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setGroup(principal);
                Files.setPosixFilePermissions(bound, PosixFilePermissions.fromString("rw-rw----"));
            } else {
                Files.setPosixFilePermissions(bound, PosixFilePermissions.fromString("rw-------"));
            }
            Object key = Files.readAttributes(bound, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            Files.move(bound, target, StandardCopyOption.ATOMIC_MOVE);
            return new DockerApiServer(target, key, server);
        } catch (IOException | RuntimeException e) {
            server.close();
            Files.deleteIfExists(bound);
            throw e;
        } finally {
            Files.deleteIfExists(staging);
        }
    }

    private static void removeStale(Path target) throws IOException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.readAttributes(target, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther()) {
            throw new FileAlreadyExistsException(target.toString(), null, "exists and is not a socket");
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(target));
            throw new FileAlreadyExistsException(target.toString(), null, "another server is listening on this socket");
        } catch (IOException refused) {
            if (refused instanceof FileAlreadyExistsException) {
                throw refused;
            }
            Files.deleteIfExists(target); // nothing answers: left by a server that died
        }
    }

    /** The socket served. */
    public Path socket() {
        return socket;
    }

    /** Stops serving and removes the socket, if it is still this server's. */
    @Override
    public void close() {
        server.close();
        try {
            Object key = Files.readAttributes(socket, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            if (socketKey.equals(key)) {
                Files.deleteIfExists(socket);
            }
        } catch (IOException gone) {
            // already removed
        }
    }
}
