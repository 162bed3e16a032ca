package dev.berth.dockerapi.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.Berth;
import dev.berth.dockerapi.DockerApiServer;
import dev.berth.dockerapi.http.JsonCodec;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test's own Berth home served on a private socket, with a client on it and the JSON helpers
 * the endpoint tests share. {@link #prepare(Path)} runs before the home is opened (to store an image).
 */
public abstract class ServedHome {
    @TempDir
    protected Path dir;

    protected Berth berth;
    protected DockerApiServer server;
    protected SocketClient client;

    /** What the home needs before it is opened; nothing by default. */
    protected void prepare(Path home) throws IOException {
    }

    @BeforeEach
    void serve() throws IOException {
        prepare(dir.resolve("home"));
        berth = Berth.builder().home(dir.resolve("home")).build();
        server = DockerApiServer.start(berth, dir.resolve("docker.sock"));
        client = new SocketClient(dir.resolve("docker.sock"));
    }

    @AfterEach
    void stopServing() throws IOException {
        client.close();
        server.close();
        berth.close();
    }

    /** POST with a JSON body. */
    protected SocketClient.Response post(String path, String json) throws IOException {
        return client.request("POST", path, Map.of("Content-Type", "application/json"), json.getBytes(StandardCharsets.UTF_8));
    }

    protected static JsonNode json(SocketClient.Response r) throws IOException {
        return JsonCodec.MAPPER.readTree(r.body());
    }

    /** {@code json} as the value of a {@code filters} query parameter. */
    protected static String filters(String json) {
        return URLEncoder.encode(json, StandardCharsets.UTF_8);
    }
}
