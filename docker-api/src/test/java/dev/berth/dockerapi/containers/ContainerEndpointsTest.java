package dev.berth.dockerapi.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.BusyboxImage;
import dev.berth.Container;
import dev.berth.dockerapi.http.JsonCodec;
import dev.berth.dockerapi.testing.ServedHome;
import dev.berth.dockerapi.testing.SocketClient;
import dev.berth.namespaces.testing.RequiresRoot;
import dev.berth.wait.Wait;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The container and exec endpoints over real HTTP on the unix socket, against real containers:
 * inspect, list, logs, kill, stop, remove, exec (hijacked and plain), archive and stats; and the
 * docker CLI doing the same.
 */
@RequiresRoot("real containers of the busybox image behind the API")
class ContainerEndpointsTest extends ServedHome {
    static final String IMAGE = BusyboxImage.REFERENCE;

    private Path socket;

    @Override
    protected void prepare(Path home) throws IOException {
        BusyboxImage.store(home, Files.createDirectories(dir.resolve("scratch")));
    }

    @BeforeEach
    void socket() {
        socket = dir.resolve("docker.sock");
    }

    /** Runs before the server and the home close: no container of a test outlives it. */
    @AfterEach
    void removeContainers() throws IOException {
        for (Container c : berth.listContainers()) {
            if (c.isRunning()) {
                c.kill();
            }
            c.remove();
        }
    }

    /** A detached container, as the API's are, that writes a line to each stream and then sleeps. */
    private Container sleeper(String name) {
        return berth.container(IMAGE).name(name).detached(true).label("suite", "endpoints").user("root")
                .command("sh", "-c", "echo out; echo err >&2; mkdir -p /tmp/d; printf 12345 > /tmp/d/f; echo ready; exec sleep 600")
                .waitingFor(Wait.forLogMessage(".*ready.*", 1)).start();
    }

    private SocketClient.Response call(String method, String path) throws IOException {
        try (SocketClient c = new SocketClient(socket)) {
            return c.request(method, path);
        }
    }

    private SocketClient.Response call(String method, String path, String json) throws IOException {
        try (SocketClient c = new SocketClient(socket)) {
            return c.request(method, path, Map.of("Content-Type", "application/json"), json.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Docker's 8-byte frames split back into stdout (index 0) and stderr (index 1). */
    static String[] demux(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        for (int i = 0; i + 8 <= body.length;) {
            int len = ((body[i + 4] & 0xff) << 24) | ((body[i + 5] & 0xff) << 16) | ((body[i + 6] & 0xff) << 8) | (body[i + 7] & 0xff);
            (body[i] == 2 ? err : out).write(body, i + 8, len);
            i += 8 + len;
        }
        return new String[] {out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void createMakesAContainerThatIsNotStartedWithTheBodysOptions() throws Exception {
        SocketClient.Response created = call("POST", "/v1.41/containers/create?name=api-made", """
                {"Image":"%s","Cmd":["sh","-c","echo $GREETING; exec sleep 600"],"Env":["GREETING=hello"],"Labels":{"suite":"create"},
                 "User":"root","WorkingDir":"/tmp","Hostname":"made","ExposedPorts":{"8080/tcp":{}},
                 "HostConfig":{"Memory":67108864,"PidsLimit":64,"Tmpfs":{"/scratch":"size=1m"},"NetworkMode":"none",
                  "RestartPolicy":{"Name":"on-failure","MaximumRetryCount":2}}}""".formatted(IMAGE));
        assertEquals(201, created.status(), created.text());
        String id = json(created).get("Id").asText();
        assertEquals("[]", json(created).get("Warnings").toString());
        JsonNode made = json(call("GET", "/v1.41/containers/api-made/json"));
        assertEquals(id, made.get("Id").asText());
        assertEquals("created", made.get("State").get("Status").asText());
        assertFalse(made.get("State").get("Running").asBoolean());
        assertEquals(ContainerInspection.ZERO_TIME, made.get("State").get("StartedAt").asText());
        assertEquals(IMAGE, made.get("Config").get("Image").asText());
        assertEquals("made", made.get("Config").get("Hostname").asText());
        assertEquals(67108864, made.get("HostConfig").get("Memory").asLong());
        assertEquals(64, made.get("HostConfig").get("PidsLimit").asInt());
        assertEquals("on-failure", made.get("HostConfig").get("RestartPolicy").get("Name").asText());
        assertEquals("Created", json(call("GET", "/containers/json?all=1&filters=" + filters("{\"label\":[\"suite=create\"]}")))
                .get(0).get("Status").asText());

        SocketClient.Response taken = call("POST", "/containers/create?name=api-made", "{\"Image\":\"" + IMAGE + "\"}");
        assertEquals(409, taken.status());
        assertTrue(json(taken).get("message").asText().contains("\"/api-made\" is already in use by container \"" + id), taken.text());
        SocketClient.Response noImage = call("POST", "/containers/create", "{\"Image\":\"busybox:1.36.1\"}");
        assertEquals(404, noImage.status());
        assertEquals("No such image: busybox:1.36.1", json(noImage).get("message").asText());
        assertEquals(400, call("POST", "/containers/create", "{\"Image\":\"" + IMAGE + "\",\"HostConfig\":{\"Privileged\":true}}").status());

        assertEquals(204, call("POST", "/v1.41/containers/api-made/start").status());
        JsonNode started = json(call("GET", "/containers/api-made/json"));
        assertEquals("running", started.get("State").get("Status").asText());
        Container c = berth.findContainer(id).orElseThrow();
        assertEquals("hello\n", c.exec("sh", "-c", "echo $GREETING").stdout());
        assertEquals("/tmp\n", c.exec("pwd").stdout());
        assertTrue(c.exec("sh", "-c", "grep /scratch /proc/mounts").stdout().contains("tmpfs"));
    }

    @Test
    void inspectEchoesTheAttachAndStdinFlagsOfTheCreateBody() throws Exception {
        // docker run -i (foreground): attach to all three, stdin open and closed after the first attach
        assertEquals(201, call("POST", "/v1.41/containers/create?name=api-attached", """
                {"Image":"%s","Cmd":["cat"],"AttachStdin":true,"AttachStdout":true,"AttachStderr":true,
                 "OpenStdin":true,"StdinOnce":true,"Tty":false,"HostConfig":{"NetworkMode":"none"}}""".formatted(IMAGE)).status());
        // docker run -d: none
        assertEquals(201, call("POST", "/v1.41/containers/create?name=api-detached", """
                {"Image":"%s","Cmd":["true"],"AttachStdin":false,"AttachStdout":false,"AttachStderr":false,
                 "OpenStdin":false,"StdinOnce":false,"HostConfig":{"NetworkMode":"none"}}""".formatted(IMAGE)).status());
        // docker create (no -i): stdout and stderr only
        assertEquals(201, call("POST", "/v1.41/containers/create?name=api-created", """
                {"Image":"%s","Cmd":["true"],"AttachStdout":true,"AttachStderr":true,"HostConfig":{"NetworkMode":"none"}}"""
                .formatted(IMAGE)).status());
        String[] keys = {"AttachStdin", "AttachStdout", "AttachStderr", "OpenStdin", "StdinOnce", "Tty"};
        Map<String, String> expected = Map.of("api-attached", "true true true true true false",
                "api-detached", "false false false false false false", "api-created", "false true true false false false");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            JsonNode config = json(call("GET", "/v1.41/containers/" + e.getKey() + "/json")).get("Config");
            List<String> got = new java.util.ArrayList<>();
            for (String k : keys) {
                got.add(config.get(k).asText());
            }
            assertEquals(e.getValue(), String.join(" ", got), e.getKey() + ": " + config);
        }
    }

    @Test
    void aContainerCreatedOnANetworkWithAliasesAndPublishedPortsShowsThemInInspect() throws Exception {
        berth.createNetwork("api-net");
        try {
            SocketClient.Response created = call("POST", "/v1.41/containers/create?name=api-netted", """
                    {"Image":"%s","Cmd":["sleep","600"],"ExposedPorts":{"8080/tcp":{}},
                     "HostConfig":{"NetworkMode":"api-net","PublishAllPorts":true},
                     "NetworkingConfig":{"EndpointsConfig":{"api-net":{"Aliases":["web-alias"]}}}}""".formatted(IMAGE));
            assertEquals(201, created.status(), created.text());
            assertEquals(204, call("POST", "/containers/api-netted/start").status());
            JsonNode settings = json(call("GET", "/containers/api-netted/json")).get("NetworkSettings");
            JsonNode endpoint = settings.get("Networks").get("api-net");
            assertTrue(endpoint.get("IPAddress").asText().matches("\\d+\\.\\d+\\.\\d+\\.\\d+"), settings.toString());
            assertTrue(endpoint.get("Aliases").toString().contains("web-alias"), settings.toString());
            assertFalse(endpoint.get("NetworkID").asText().isEmpty(), settings.toString());
            int hostPort = settings.get("Ports").get("8080/tcp").get(0).get("HostPort").asInt();
            assertTrue(hostPort > 0, settings.toString());
            assertEquals(hostPort, berth.findContainer("api-netted").orElseThrow().mappedPort(8080));
            assertEquals(1, json(call("GET", "/containers/json?filters=" + filters("{\"network\":[\"api-net\"]}"))).size());
            assertEquals(204, call("DELETE", "/containers/api-netted?force=1&v=1").status());
        } finally {
            berth.removeNetwork("api-net");
        }
    }

    @Test
    void aHealthcheckFromCreateShowsInStateHealthAndTheListsStatus() throws Exception {
        SocketClient.Response created = call("POST", "/containers/create?name=api-health", """
                {"Image":"%s","User":"root","Cmd":["sleep","600"],"HostConfig":{"NetworkMode":"none"},
                 "Healthcheck":{"Test":["CMD-SHELL","test -e /tmp/ok"],"Interval":200000000,"Timeout":5000000000,"Retries":1}}""".formatted(IMAGE));
        assertEquals(201, created.status(), created.text());
        assertEquals(204, call("POST", "/containers/api-health/start").status());
        berth.findContainer("api-health").orElseThrow().exec("touch", "/tmp/ok");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String status = "";
        while (!status.equals("healthy") && System.nanoTime() < deadline) {
            Thread.sleep(200);
            JsonNode health = json(call("GET", "/containers/api-health/json")).get("State").get("Health");
            status = health == null ? "" : health.get("Status").asText();
        }
        assertEquals("healthy", status);
        assertTrue(json(call("GET", "/containers/json?filters=" + filters("{\"health\":[\"healthy\"]}"))).get(0)
                .get("Status").asText().endsWith("(healthy)"));
    }

    @Test
    void inspectListLogsKillAndRemoveARealContainer() throws Exception {
        Container c = sleeper("api-web");
        JsonNode inspect = json(call("GET", "/v1.41/containers/api-web/json"));
        assertEquals(c.id(), inspect.get("Id").asText());
        assertEquals("/api-web", inspect.get("Name").asText());
        assertEquals("running", inspect.get("State").get("Status").asText());
        assertEquals(c.state().pid(), inspect.get("State").get("Pid").asInt());
        assertEquals(IMAGE, inspect.get("Config").get("Image").asText());
        assertEquals(berth.image(IMAGE).id(), inspect.get("Image").asText());
        assertEquals(c.id(), json(call("GET", "/containers/" + c.id().substring(0, 10) + "/json")).get("Id").asText(), "by id prefix");

        SocketClient.Response missing = call("GET", "/v1.41/containers/nope/json");
        assertEquals(404, missing.status());
        assertEquals("No such container: nope", json(missing).get("message").asText());

        JsonNode listed = json(call("GET", "/v1.41/containers/json?filters=" + filters("{\"label\":[\"suite=endpoints\"]}")));
        assertEquals(1, listed.size());
        assertEquals("[\"/api-web\"]", listed.get(0).get("Names").toString());
        assertEquals("running", listed.get(0).get("State").asText());
        assertTrue(listed.get(0).get("Status").asText().startsWith("Up "), listed.toString());
        assertEquals(0, json(call("GET", "/containers/json?filters=" + filters("{\"status\":[\"exited\"]}"))).size());
        assertEquals(1, json(call("GET", "/containers/json?filters=" + filters("{\"name\":{\"api-w\":true}}"))).size());
        assertEquals(400, call("GET", "/containers/json?filters=" + filters("{\"colour\":[\"red\"]}")).status());

        SocketClient.Response logs = call("GET", "/v1.41/containers/api-web/logs?stdout=1&stderr=1");
        assertEquals(200, logs.status());
        String[] streams = demux(logs.body());
        assertEquals("out\nready\n", streams[0]);
        assertEquals("err\n", streams[1]);
        String stamped = demux(call("GET", "/containers/api-web/logs?stdout=1&timestamps=1&tail=1").body())[0];
        assertTrue(stamped.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z ready\n"), stamped);
        assertEquals(400, call("GET", "/containers/api-web/logs").status(), "no stream chosen");

        SocketClient.Response running = call("DELETE", "/v1.41/containers/api-web");
        assertEquals(409, running.status());
        assertTrue(json(running).get("message").asText().contains("Stop the container"), running.text());

        assertEquals(204, call("POST", "/v1.41/containers/api-web/kill?signal=SIGKILL").status());
        assertTrue(c.waitFor(Duration.ofSeconds(20)).isPresent());
        assertEquals(409, call("POST", "/v1.41/containers/api-web/kill").status());
        assertEquals(304, call("POST", "/v1.41/containers/api-web/stop").status());
        JsonNode exited = json(call("GET", "/containers/json?all=1&filters=" + filters("{\"status\":[\"exited\"]}")));
        assertEquals(1, exited.size());
        assertTrue(exited.get(0).get("Status").asText().startsWith("Exited (137) "), exited.toString());
        assertEquals(137, json(call("GET", "/containers/api-web/json")).get("State").get("ExitCode").asInt());

        assertEquals(204, call("DELETE", "/v1.41/containers/api-web?v=1").status());
        assertEquals(404, call("GET", "/v1.41/containers/api-web/json").status());
    }

    @Test
    void followedLogsStreamNewLinesAsTheyComeAndEndWhenTheContainerExits() throws Exception {
        Container c = berth.container(IMAGE).name("api-follow").detached(true).user("root")
                .command("sh", "-c", "echo ready; while [ ! -e /tmp/go ]; do sleep 0.1; done; echo later; exec sleep 600")
                .waitingFor(Wait.forLogMessage(".*ready.*", 1)).start();
        try (SocketClient client = new SocketClient(socket)) {
            client.output().write("GET /v1.41/containers/api-follow/logs?follow=1&stdout=1&stderr=1&tail=1 HTTP/1.1\r\nHost: d\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            client.output().flush();
            assertTrue(client.line().contains("200"));
            while (!client.line().isEmpty()) {
                // headers
            }
            assertEquals("ready\n", demux(chunk(client))[0], "the tail of what was written");
            c.exec("touch", "/tmp/go");
            assertEquals("later\n", demux(chunk(client))[0], "a line written after the request");
            c.kill();
            assertEquals("0", client.line().trim(), "the stream ends with the container");
        }
    }

    /** One chunk of a chunked body. */
    private static byte[] chunk(SocketClient client) throws IOException {
        int size = Integer.parseInt(client.line().trim(), 16);
        byte[] bytes = client.input().readNBytes(size);
        client.line();
        return bytes;
    }

    @Test
    void stopSendsTheStopSignalAndForceRemovesARunningOne() throws Exception {
        Container c = sleeper("api-stop");
        assertEquals(204, call("POST", "/containers/api-stop/stop?t=5").status());
        assertFalse(c.isRunning());
        Container d = sleeper("api-force");
        assertEquals(204, call("DELETE", "/containers/api-force?force=1").status());
        assertFalse(d.isRunning());
        assertTrue(berth.findContainer("api-force").isEmpty());
    }

    @Test
    void execRunsPlainForDockerJavaAndHijackedWithStdinForTheCli() throws Exception {
        Container c = sleeper("api-exec");
        JsonNode created = json(call("POST", "/v1.41/containers/api-exec/exec",
                "{\"AttachStdout\":true,\"AttachStderr\":true,\"Env\":[\"WHO=api\"],\"WorkingDir\":\"/tmp\","
                        + "\"Cmd\":[\"sh\",\"-c\",\"echo $WHO in $(pwd); echo oops >&2; exit 3\"]}"));
        String id = created.get("Id").asText();
        JsonNode before = json(call("GET", "/v1.41/exec/" + id + "/json"));
        assertFalse(before.get("Running").asBoolean());
        assertTrue(before.get("ExitCode").isNull());
        assertEquals(c.id(), before.get("ContainerID").asText());
        assertEquals("sh", before.get("ProcessConfig").get("entrypoint").asText());

        // docker-java: no upgrade, a 200 raw-stream body read to its end.
        SocketClient.Response plain = call("POST", "/v1.41/exec/" + id + "/start", "{\"Detach\":false,\"Tty\":false}");
        assertEquals(200, plain.status());
        String[] streams = demux(plain.body());
        assertEquals("api in /tmp\n", streams[0]);
        assertEquals("oops\n", streams[1]);
        JsonNode after = json(call("GET", "/v1.41/exec/" + id + "/json"));
        assertEquals(3, after.get("ExitCode").asInt());
        assertFalse(after.get("Running").asBoolean());
        assertTrue(after.get("Pid").asInt() > 0);
        assertEquals(409, call("POST", "/exec/" + id + "/start", "{}").status(), "an exec runs once");
        assertEquals(404, call("GET", "/exec/nosuch/json").status());

        // The CLI: Upgrade: tcp, 101, then stdin from the client until it shuts its side.
        String upper = json(call("POST", "/v1.41/containers/api-exec/exec",
                "{\"AttachStdin\":true,\"AttachStdout\":true,\"AttachStderr\":true,\"Cmd\":[\"tr\",\"a-z\",\"A-Z\"]}")).get("Id").asText();
        try (SocketClient client = new SocketClient(socket)) {
            Map<String, String> headers = new LinkedHashMap<>();
            assertEquals(101, client.hijack("POST", "/v1.41/exec/" + upper + "/start", true, headers));
            client.output().write("through stdin\n".getBytes(StandardCharsets.UTF_8));
            client.output().flush();
            client.shutdownOutput();
            assertEquals("THROUGH STDIN\n", demux(client.input().readAllBytes())[0]);
        }
        assertEquals(0, json(call("GET", "/exec/" + upper + "/json")).get("ExitCode").asInt());

        // With a TTY there is one stream, unframed, from a terminal of the command's own (its
        // line discipline turns \n into \r\n, as with dockerd): stdout and stderr as they come.
        String tty = json(call("POST", "/containers/api-exec/exec",
                "{\"AttachStdout\":true,\"AttachStderr\":true,\"Tty\":true,\"Cmd\":[\"sh\",\"-c\",\"test -t 0 && test -t 1 && test -t 2 && echo terminal; echo one; echo two >&2\"]}")).get("Id").asText();
        String raw = call("POST", "/exec/" + tty + "/start", "{\"Tty\":true}").text();
        assertEquals("terminal\r\none\r\ntwo\r\n", raw);
        assertEquals(200, call("POST", "/exec/" + tty + "/resize?h=24&w=80").status());

        String missing = json(call("POST", "/containers/api-exec/exec", "{\"AttachStdout\":true,\"Cmd\":[\"/bin/nosuch\"]}")).get("Id").asText();
        SocketClient.Response failed = call("POST", "/exec/" + missing + "/start", "{}");
        assertTrue(demux(failed.body())[1].contains("nosuch"), failed.text());
        assertEquals(127, json(call("GET", "/exec/" + missing + "/json")).get("ExitCode").asInt());

        c.kill();
        assertEquals(409, call("POST", "/containers/api-exec/exec", "{\"Cmd\":[\"true\"]}").status(), "not running");
    }

    @Test
    void archiveStatsGetsAndPutsThroughTheContainersRoot() throws Exception {
        sleeper("api-cp");
        SocketClient.Response head = call("HEAD", "/v1.41/containers/api-cp/archive?path=/tmp/d/f");
        assertEquals(200, head.status());
        JsonNode stat = JsonCodec.MAPPER.readTree(Base64.getDecoder().decode(head.header(ContainerArchive.STAT_HEADER)));
        assertEquals("f", stat.get("name").asText());
        assertEquals(5, stat.get("size").asLong());
        JsonNode dirStat = JsonCodec.MAPPER.readTree(Base64.getDecoder().decode(
                call("HEAD", "/containers/api-cp/archive?path=/tmp/d").header(ContainerArchive.STAT_HEADER)));
        assertTrue((dirStat.get("mode").asLong() & (1L << 31)) != 0, dirStat.toString());
        SocketClient.Response absent = call("HEAD", "/containers/api-cp/archive?path=/tmp/none");
        assertEquals(404, absent.status());
        assertEquals(404, call("GET", "/containers/api-cp/archive?path=/tmp/none").status());

        SocketClient.Response tar = call("GET", "/v1.41/containers/api-cp/archive?path=/tmp/d");
        assertEquals(200, tar.status());
        assertTrue(tar.header(ContainerArchive.STAT_HEADER) != null);
        Map<String, String> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar.body()))) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertEquals("12345", entries.get("d/f"), entries.toString());

        ByteArrayOutputStream upload = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(upload)) {
            TarArchiveEntry e = new TarArchiveEntry("sub/new.txt");
            byte[] content = "uploaded\n".getBytes(StandardCharsets.UTF_8);
            e.setSize(content.length);
            e.setMode(0644);
            out.putArchiveEntry(e);
            out.write(content);
            out.closeArchiveEntry();
        }
        try (SocketClient client = new SocketClient(socket)) {
            assertEquals(200, client.request("PUT", "/v1.41/containers/api-cp/archive?path=/tmp&noOverwriteDirNonDir=true",
                    Map.of("Content-Type", "application/x-tar"), upload.toByteArray()).status());
            assertEquals(404, client.request("PUT", "/containers/api-cp/archive?path=/tmp/none", Map.of(), upload.toByteArray()).status());
            assertEquals(400, client.request("PUT", "/containers/api-cp/archive?path=/tmp/d/f", Map.of(), upload.toByteArray()).status());
        }
        assertEquals("uploaded\n", berth.findContainer("api-cp").orElseThrow().exec("cat", "/tmp/sub/new.txt").stdout());
    }

    @Test
    void statsCarryTheNameWithItsSlashAndTheCgroupsNumbers() throws Exception {
        Container c = sleeper("api-stats");
        JsonNode stats = json(call("GET", "/v1.41/containers/api-stats/stats?stream=false"));
        assertEquals("/api-stats", stats.get("name").asText());
        assertEquals(c.id(), stats.get("id").asText());
        assertTrue(stats.get("memory_stats").get("usage").asLong() > 0, stats.toString());
        assertTrue(stats.get("memory_stats").get("limit").asLong() > 0, stats.toString());
        long inactive = stats.get("memory_stats").get("stats").get("total_inactive_file").asLong();
        assertTrue(inactive >= 0 && inactive <= stats.get("memory_stats").get("usage").asLong(), "docker stats: usage - inactive file");
        JsonNode memoryStats = stats.get("memory_stats").get("stats");
        JsonNode cpuUsage = stats.get("cpu_stats").get("cpu_usage");
        if (memoryStats.has("total_cache")) { // cgroup v1: dockerd 20.10's 32 keys and the per-CPU times
            assertEquals(32, memoryStats.size(), memoryStats.toString());
            for (String key : List.of("cache", "rss", "total_rss", "mapped_file", "pgfault", "hierarchical_memory_limit", "unevictable")) {
                assertTrue(memoryStats.has(key), key + " in " + memoryStats);
            }
            long sum = 0;
            for (JsonNode n : cpuUsage.get("percpu_usage")) {
                sum += n.asLong();
            }
            // read a moment apart from the total: equal for an idle sleeper, close for any
            assertTrue(cpuUsage.get("percpu_usage").size() >= 1
                    && Math.abs(sum - cpuUsage.get("total_usage").asLong()) < 100_000_000L, cpuUsage.toString());
        } else { // cgroup v2: dockerd's 31 keys, no per-CPU times
            assertEquals(31, memoryStats.size(), memoryStats.toString());
            assertTrue(memoryStats.has("anon") && memoryStats.has("file") && memoryStats.has("inactive_file"), memoryStats.toString());
            assertFalse(cpuUsage.has("percpu_usage"), cpuUsage.toString());
        }
        assertTrue(stats.get("pids_stats").get("current").asLong() >= 1, stats.toString());
        assertTrue(stats.get("cpu_stats").get("system_cpu_usage").asLong() > stats.get("precpu_stats").get("system_cpu_usage").asLong());
        assertTrue(stats.get("cpu_stats").get("online_cpus").asInt() >= 1);
        assertFalse(stats.get("preread").asText().startsWith("0001"), "a one-shot sample has its precpu a second before");
        // A stream goes on until the client has read enough and closes it.
        try (SocketClient client = new SocketClient(socket)) {
            Map<String, String> headers = new LinkedHashMap<>();
            client.output().write("GET /containers/api-stats/stats HTTP/1.1\r\nHost: d\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            client.output().flush();
            assertTrue(client.line().contains("200"));
            for (String l = client.line(); !l.isEmpty(); l = client.line()) {
                headers.put(l, l);
            }
            client.line(); // the first chunk's size
            assertTrue(client.line().contains("\"name\":\"/api-stats\""));
        }
        // dockerd's answer for a container that does not run: no times, no memory, no system CPU (docker stats -a: 0B / 0B)
        c.kill();
        JsonNode stopped = json(call("GET", "/v1.41/containers/api-stats/stats?stream=false"));
        assertEquals(ContainerInspection.ZERO_TIME, stopped.get("read").asText(), stopped.toString());
        assertEquals(ContainerInspection.ZERO_TIME, stopped.get("preread").asText());
        assertEquals("{}", stopped.get("memory_stats").toString());
        assertFalse(stopped.get("cpu_stats").has("system_cpu_usage"));
        assertFalse(stopped.get("cpu_stats").has("online_cpus"));
    }

    @Test
    void sizeOneGivesTheWritableLayerAndTheRootFsSizes() throws Exception {
        Container c = sleeper("api-size");
        c.exec("sh", "-c", "head -c 5000 /dev/zero > /tmp/blob");
        JsonNode inspect = json(call("GET", "/v1.41/containers/api-size/json?size=1"));
        assertTrue(inspect.get("SizeRw").asLong() >= 5000, inspect.toString());
        assertTrue(inspect.get("SizeRootFs").asLong() > inspect.get("SizeRw").asLong(), "the image's size too");
        assertFalse(json(call("GET", "/v1.41/containers/api-size/json")).has("SizeRw"), "only when asked, as dockerd");
        JsonNode listed = json(call("GET", "/v1.41/containers/json?size=1&filters=%7B%22name%22%3A%5B%22api-size%22%5D%7D"));
        assertEquals(inspect.get("SizeRw").asLong(), listed.get(0).get("SizeRw").asLong(), listed.toString());
        assertEquals(inspect.get("SizeRootFs").asLong(), listed.get(0).get("SizeRootFs").asLong());
    }

    /** What dockerd 20.10 prints for a created container: its env as created, no ports before start. */
    @Test
    void theDockerCliSeesACreatedContainerAsDockerdShowsIt() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/docker")), "no docker CLI at /usr/bin/docker");
        docker("create", "--name", "cli-made", "-e", "FOO=bar", "-p", "8080", IMAGE, "sleep", "300");
        try {
            String env = docker("inspect", "--format", "{{json .Config.Env}}", "cli-made");
            assertTrue(env.startsWith("[\"FOO=bar\""), env);
            assertFalse(env.contains("HOSTNAME="), env);
            assertEquals("", docker("port", "cli-made"), "no published port until start");
        } finally {
            docker("rm", "-f", "cli-made");
        }
    }

    /** The docker CLI on the socket: what a user's scripts run against a running container. */
    @Test
    void theDockerCliWorksOnARunningContainer() throws Exception {
        Path docker = Path.of("/usr/bin/docker");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(docker), "no docker CLI at /usr/bin/docker");
        sleeper("cli-web");
        assertEquals("cli-web\n", docker("ps", "--format", "{{.Names}}"));
        assertEquals("running " + IMAGE + "\n", docker("inspect", "--format", "{{.State.Status}} {{.Config.Image}}", "cli-web"));
        assertEquals("out\nerr\nready\n", sorted(docker("logs", "cli-web")));
        assertEquals("hello from exec\n", docker("exec", "cli-web", "echo", "hello from exec"));
        Path local = dir.resolve("f");
        docker("cp", "cli-web:/tmp/d/f", local.toString());
        assertEquals("12345", Files.readString(local));
        Files.writeString(local, "back in\n");
        docker("cp", local.toString(), "cli-web:/tmp/back.txt");
        assertEquals("back in\n", docker("exec", "cli-web", "cat", "/tmp/back.txt"));
        docker("kill", "cli-web");
        docker("rm", "cli-web");
        assertEquals("", docker("ps", "-a", "--format", "{{.Names}}"));
        assertEquals("from run\n", docker("run", "--rm", "--network", "none", IMAGE, "echo", "from run"));
        String id = docker("run", "-d", "--name", "cli-run", "--network", "none", IMAGE, "sleep", "600").strip();
        assertEquals("running\n", docker("inspect", "--format", "{{.State.Status}}", id));
        docker("stop", "-t", "1", "cli-run");
        docker("rm", "cli-run");
    }

    /**
     * {@code docker exec -it} and {@code docker run -t}: the terminal is a pty of the container's
     * own devpts, so tty(1) names it as under dockerd, and TERM is xterm.
     */
    @Test
    void theDockerCliGetsATerminalOfTheContainersOwnDevpts() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/docker")), "no docker CLI at /usr/bin/docker");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "no script(1) (bsdutils)");
        docker("run", "-d", "--name", "cli-tty", "--network", "none", IMAGE, "sleep", "600");
        try {
            // script(1) gives docker a terminal, as a user's shell does.
            ProcessBuilder pb = new ProcessBuilder("/usr/bin/script", "-qec", "/usr/bin/docker -H unix://" + socket
                    + " exec -it cli-tty sh -c 'tty; echo TERM=$TERM; echo /dev/pts/*'", "/dev/null").redirectErrorStream(true);
            pb.environment().put("HOME", dir.toString());
            pb.environment().put("DOCKER_CONFIG", dir.resolve(".docker").toString());
            Process p = pb.start();
            p.getOutputStream().close();
            String shown = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), shown);
            assertTrue(shown.contains("/dev/pts/0\r\nTERM=xterm\r\n/dev/pts/0 /dev/pts/ptmx\r\n"), shown);
            assertEquals("not a tty\n", docker("exec", "cli-tty", "sh", "-c", "tty || true"));
            // docker run -t (Config.Tty): the main process on a terminal of its own devpts, its output raw.
            assertEquals("/dev/pts/0\r\nTERM=xterm\r\n",
                    docker("run", "--rm", "-t", "--network", "none", IMAGE, "sh", "-c", "tty; echo TERM=$TERM"));
        } finally {
            docker("rm", "-f", "cli-tty");
        }
    }

    private static String sorted(String lines) {
        return String.join("\n", lines.lines().sorted((a, b) -> List.of("out", "err", "ready").indexOf(a)
                - List.of("out", "err", "ready").indexOf(b)).toList()) + "\n";
    }

    private String docker(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("/usr/bin/docker", "-H", "unix://" + socket));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("HOME", dir.toString()); // no user config of the machine
        pb.environment().put("DOCKER_CONFIG", dir.resolve(".docker").toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "docker " + String.join(" ", args) + " did not end");
        assertEquals(0, p.exitValue(), "docker " + String.join(" ", args) + ": " + out);
        return out;
    }
}
