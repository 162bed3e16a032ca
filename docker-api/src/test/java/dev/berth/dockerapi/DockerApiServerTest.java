package dev.berth.dockerapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.Berth;
import dev.berth.dockerapi.http.JsonCodec;
import dev.berth.dockerapi.testing.SocketClient;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server as clients first meet it: the socket, _ping, /version, /info. */
class DockerApiServerTest {
    @TempDir
    Path dir;

    private Berth berth;

    @BeforeEach
    void open() throws IOException {
        berth = Berth.builder().home(dir.resolve("home")).build();
    }

    @AfterEach
    void close() {
        berth.close();
    }

    @Test
    void theSocketIsOwnerOnlyAndGoesWithTheServer() throws IOException {
        Path socket = dir.resolve("run/docker.sock");
        try (DockerApiServer server = DockerApiServer.start(berth, socket)) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
            assertEquals(socket, server.socket());
            try (Stream listing = new Stream(socket.getParent())) {
                assertEquals(1, listing.count, "no staging directory is left beside the socket");
            }
        }
        assertFalse(Files.exists(socket));
    }

    /** Counts a directory's entries. */
    private static final class Stream implements AutoCloseable {
        final long count;

        Stream(Path dir) throws IOException {
            try (var s = Files.list(dir)) {
                count = s.count();
            }
        }

        @Override
        public void close() {}
    }

    @Test
    void aStaleSocketIsReplacedAndALiveOneRefused() throws IOException {
        Path socket = dir.resolve("docker.sock");
        try (ServerSocketChannel other = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            other.bind(UnixDomainSocketAddress.of(socket));
            FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class, () -> DockerApiServer.start(berth, socket));
            assertTrue(e.getMessage().contains("another server is listening"), e.getMessage());
        }
        // the other server is gone, its socket file stays behind
        assertTrue(Files.exists(socket));
        try (DockerApiServer server = DockerApiServer.start(berth, socket);
                SocketClient c = new SocketClient(socket)) {
            assertEquals(200, c.request("GET", "/_ping").status());
        }
        Path file = dir.resolve("plain");
        Files.writeString(file, "x");
        assertThrows(FileAlreadyExistsException.class, () -> DockerApiServer.start(berth, file));
    }

    @Test
    void pingAndVersionNegotiateAsClientsExpect() throws IOException {
        Path socket = dir.resolve("docker.sock");
        try (DockerApiServer server = DockerApiServer.start(berth, socket);
                SocketClient c = new SocketClient(socket)) {
            SocketClient.Response head = c.request("HEAD", "/_ping");
            assertEquals(200, head.status());
            assertEquals("1.52", head.header("Api-Version"));
            assertEquals("linux", head.header("Ostype"));
            SocketClient.Response ping = c.request("GET", "/v1.44/_ping");
            assertEquals("OK", ping.text());
            JsonNode version = JsonCodec.MAPPER.readTree(c.request("GET", "/version").body());
            assertEquals("1.52", version.get("ApiVersion").asText());
            assertEquals("1.24", version.get("MinAPIVersion").asText());
            assertEquals("linux", version.get("Os").asText());
            JsonNode info = JsonCodec.MAPPER.readTree(c.request("GET", "/v1.41/info").body());
            assertEquals(0, info.get("Containers").asInt());
            assertEquals("linux", info.get("OSType").asText());
            assertTrue(info.get("MemTotal").asLong() > 0);
            assertEquals(404, c.request("GET", "/v1.41/plugins/nothing/json").status());
        }
    }
}
