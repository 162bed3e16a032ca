package dev.berth.dockerapi.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.BusyboxImage;
import dev.berth.Container;
import dev.berth.dockerapi.testing.ServedHome;
import dev.berth.dockerapi.testing.SocketClient;
import dev.berth.namespaces.testing.RequiresRoot;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A port published on one host address ({@code -p 127.0.0.1::8080}) and read-only named volumes
 * ({@code -v data:/data:ro}, {@code Mounts} with {@code ReadOnly}) through the API, as the docker
 * CLI sends them.
 */
@RequiresRoot("publishes ports on a bridge network and mounts volumes")
class PortAddressAndReadOnlyVolumeTest extends ServedHome {
    private static final String IMAGE = BusyboxImage.REFERENCE;

    @Override
    protected void prepare(Path home) throws IOException {
        BusyboxImage.store(home, Files.createDirectories(dir.resolve("scratch")));
    }

    @AfterEach
    void removeContainers() throws IOException {
        for (Container c : berth.listContainers()) {
            if (c.isRunning()) {
                c.kill();
            }
            c.remove();
        }
    }

    @Test
    void aPortPublishedOnLoopbackIsShownAndReachedThereOnly() throws Exception {
        SocketClient.Response created = call("POST", "/v1.41/containers/create?name=web", """
                {"Image":"%s","User":"root","Cmd":["sh","-c","mkdir -p /w && echo hi > /w/index.html && exec httpd -f -p 8080 -h /w"],
                 "ExposedPorts":{"8080/tcp":{}},
                 "HostConfig":{"PortBindings":{"8080/tcp":[{"HostIp":"127.0.0.1","HostPort":""}]}}}""".formatted(IMAGE));
        assertEquals(201, created.status(), created.text());
        assertEquals(204, call("POST", "/containers/web/start", null).status());
        JsonNode inspect = json(call("GET", "/containers/web/json", null));
        JsonNode binding = inspect.get("NetworkSettings").get("Ports").get("8080/tcp").get(0);
        assertEquals("127.0.0.1", binding.get("HostIp").asText(), inspect.toString());
        int port = binding.get("HostPort").asInt();
        assertEquals("127.0.0.1", inspect.get("HostConfig").get("PortBindings").get("8080/tcp").get(0).get("HostIp").asText());
        JsonNode listed = json(call("GET", "/containers/json", null)).get(0).get("Ports").get(0);
        assertEquals("127.0.0.1", listed.get("IP").asText(), listed.toString());
        assertEquals(port, listed.get("PublicPort").asInt());
        assertTrue(fetch(new InetSocketAddress("127.0.0.1", port)).contains("hi"));
        if (Files.isExecutable(Path.of("/usr/bin/docker"))) {
            assertEquals("127.0.0.1:" + port + "\n", docker("port", "web", "8080"));
        }
    }

    @Test
    void aPortPublishedFromAUserNetworkIsReached() throws Exception {
        // As docker-compose creates a service: on the project's network, with an alias, port on loopback.
        assertEquals(201, call("POST", "/v1.41/networks/create", "{\"Name\":\"proj_back\",\"CheckDuplicate\":true}").status());
        SocketClient.Response created = call("POST", "/v1.41/containers/create?name=proj_web_1", """
                {"Image":"%s","User":"root","Cmd":["sh","-c","mkdir -p /w && echo hi > /w/index.html && exec httpd -f -p 8080 -h /w"],
                 "ExposedPorts":{"8080/tcp":{}},
                 "HostConfig":{"NetworkMode":"proj_back","PortBindings":{"8080/tcp":[{"HostIp":"127.0.0.1","HostPort":""}]}},
                 "NetworkingConfig":{"EndpointsConfig":{"proj_back":{"Aliases":["web"]}}}}""".formatted(IMAGE));
        assertEquals(201, created.status(), created.text());
        assertEquals(204, call("POST", "/containers/proj_web_1/start", null).status());
        JsonNode inspect = json(call("GET", "/containers/proj_web_1/json", null));
        int port = inspect.get("NetworkSettings").get("Ports").get("8080/tcp").get(0).get("HostPort").asInt();
        assertTrue(fetch(new InetSocketAddress("127.0.0.1", port)).contains("hi"));
    }

    @Test
    void aStoppedContainersHostPortIsFreeForTheNextRunAndTakenAgainAtItsStartAsWithDockerd() throws Exception {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        String body = """
                {"Image":"%s","User":"root","Cmd":["sh","-c","mkdir -p /w && echo $HOSTNAME > /w/index.html && exec httpd -f -p 8080 -h /w"],
                 "ExposedPorts":{"8080/tcp":{}},
                 "HostConfig":{"PortBindings":{"8080/tcp":[{"HostIp":"","HostPort":"%d"}]}}}""".formatted(IMAGE, port);
        assertEquals(201, call("POST", "/v1.41/containers/create?name=first", body).status());
        assertEquals(204, call("POST", "/v1.41/containers/first/start", null).status());
        assertTrue(fetch(new InetSocketAddress("127.0.0.1", port)).contains("HTTP"));
        assertEquals(204, call("POST", "/v1.41/containers/first/stop?t=2", null).status());
        JsonNode stopped = json(call("GET", "/v1.41/containers/first/json", null));
        assertEquals("{}", stopped.get("NetworkSettings").get("Ports").toString(), "dockerd lists no port of a stopped container");
        assertEquals("[{\"HostIp\":\"\",\"HostPort\":\"" + port + "\"}]",
                stopped.get("HostConfig").get("PortBindings").get("8080/tcp").toString(), "what the create asked is kept");

        // docker stop first; docker run -p SAME: the port is free once first has stopped
        assertEquals(201, call("POST", "/v1.41/containers/create?name=second", body).status());
        assertEquals(204, call("POST", "/v1.41/containers/second/start", null).status());
        String secondHost = json(call("GET", "/v1.41/containers/second/json", null)).get("Config").get("Hostname").asText();
        assertTrue(fetch(new InetSocketAddress("127.0.0.1", port)).contains(secondHost), "second serves the port");
        SocketClient.Response refused = call("POST", "/v1.41/containers/first/start", null);
        assertEquals(500, refused.status(), refused.text());
        assertTrue(refused.text().contains(port + "/tcp is already in use by container second"), refused.text());

        assertEquals(204, call("POST", "/v1.41/containers/second/stop?t=2", null).status());
        assertEquals(204, call("POST", "/v1.41/containers/first/start", null).status());
        JsonNode again = json(call("GET", "/v1.41/containers/first/json", null));
        assertEquals(port, again.get("NetworkSettings").get("Ports").get("8080/tcp").get(0).get("HostPort").asInt());
        String firstHost = again.get("Config").get("Hostname").asText();
        assertTrue(fetch(new InetSocketAddress("127.0.0.1", port)).contains(firstHost), "first serves the port again");
    }

    @Test
    void readOnlyNamedVolumesAreReadButNotWritten() throws Exception {
        Files.writeString(berth.volumes().create("data", Map.of(), Map.of()).mountpoint().resolve("f"), "kept\n");
        SocketClient.Response created = call("POST", "/containers/create?name=ro", """
                {"Image":"%s","User":"root","Cmd":["sh","-c","cat /data/f /logs/f; touch /data/new || touch /logs/new || echo refused"],
                 "HostConfig":{"NetworkMode":"none","Binds":["data:/data:ro"],
                  "Mounts":[{"Type":"volume","Source":"data","Target":"/logs","ReadOnly":true}]}}""".formatted(IMAGE));
        assertEquals(201, created.status(), created.text());
        Container c = berth.findContainer("ro").orElseThrow();
        c.start();
        assertEquals(0, c.waitFor(), c.logs());
        assertTrue(c.logs().startsWith("kept\nkept\n") && c.logs().endsWith("refused\n"), c.logs());
        JsonNode inspect = json(call("GET", "/containers/ro/json", null));
        assertEquals("[\"data:/data:ro\",\"data:/logs:ro\"]", inspect.get("HostConfig").get("Binds").toString());
        try (java.util.stream.Stream<Path> files = Files.list(berth.volumes().find("data").orElseThrow().mountpoint())) {
            assertEquals(List.of("f"), files.map(p -> p.getFileName().toString()).toList(), "the container wrote into the volume");
        }
    }

    private SocketClient.Response call(String method, String path, String json) throws IOException {
        try (SocketClient c = new SocketClient(dir.resolve("docker.sock"))) {
            return json == null ? c.request(method, path)
                    : c.request(method, path, Map.of("Content-Type", "application/json"), json.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** An HTTP GET of / at {@code address}, retried while httpd starts. */
    private static String fetch(InetSocketAddress address) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(address, 2000);
                s.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                try (InputStream in = s.getInputStream()) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    private String docker(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/docker", "-H", "unix://" + dir.resolve("docker.sock")));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("HOME", dir.toString());
        pb.environment().put("DOCKER_CONFIG", dir.resolve(".docker").toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "docker " + String.join(" ", args) + " did not end");
        assertEquals(0, p.exitValue(), "docker " + String.join(" ", args) + ": " + out);
        return out;
    }
}
