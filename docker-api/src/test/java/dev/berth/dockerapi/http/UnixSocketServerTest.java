package dev.berth.dockerapi.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.dockerapi.testing.SocketClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transport alone: routing, versions, keep-alive, streamed bodies both ways, hijacking. */
class UnixSocketServerTest {
    @TempDir
    Path dir;

    private UnixSocketServer server;
    private Path socket;
    private final CountDownLatch streamClosed = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        Router router = new Router()
                .get("/things/{id}/json", r -> ApiResponse.json(200, Map.of("Id", r.param("id"),
                        "all", r.queryFlag("all", false), "v", r.apiVersion().toString())))
                .get("/images/{name:.*}/json", r -> ApiResponse.json(200, Map.of("Name", r.param("name"))))
                .get("/filters", r -> ApiResponse.json(200, Map.of("label", r.filters().values("label"))))
                .post("/count", r -> {
                    long n = 0;
                    byte[] buf = new byte[65536];
                    for (int k; (k = r.body().read(buf)) >= 0;) {
                        n += k;
                    }
                    return ApiResponse.json(200, Map.of("bytes", n));
                })
                .get("/fail", r -> {
                    throw ApiException.conflict("no: it is running");
                })
                .get("/boom", r -> {
                    throw new IllegalStateException("broken");
                })
                .get("/stream", r -> ApiResponse.stream(200, "application/json", out -> {
                    for (int i = 0; i < 3; i++) {
                        out.write(("{\"n\":" + i + "}\n").getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    }
                }))
                .get("/follow", r -> ApiResponse.stream(200, "text/plain", out -> {
                    r.onClientClose(streamClosed::countDown);
                    while (true) {
                        out.write("tick\n".getBytes(StandardCharsets.UTF_8));
                        out.flush();
                        Thread.sleep(20);
                    }
                }))
                .get("/stream-fails-early", r -> ApiResponse.stream(200, "application/json", out -> {
                    throw ApiException.notFound("No such image: nothing");
                }))
                .post("/echo", r -> ApiResponse.hijack("application/vnd.docker.raw-stream", (in, out) -> {
                    byte[] buf = new byte[4096];
                    for (int k; (k = in.read(buf)) >= 0;) {
                        StreamFrames.write(out, StreamFrames.STDOUT, buf, 0, k);
                        out.flush();
                    }
                }));
        socket = dir.resolve("s.sock");
        server = UnixSocketServer.listen(socket, router, Map.of("Api-Version", "1.52"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void routesWithAndWithoutTheVersionPrefixOnOneConnection() throws IOException {
        try (SocketClient c = new SocketClient(socket)) {
            SocketClient.Response a = c.request("GET", "/things/abc/json?all=1");
            assertEquals(200, a.status());
            assertEquals("{\"Id\":\"abc\",\"all\":true,\"v\":\"1.52\"}", sorted(a.text()));
            assertEquals("1.52", a.header("Api-Version"));
            SocketClient.Response b = c.request("GET", "/v1.32/things/x/json");
            assertEquals("{\"Id\":\"x\",\"all\":false,\"v\":\"1.32\"}", sorted(b.text()));
            SocketClient.Response img = c.request("GET", "/v1.41/images/127.0.0.1:5000/a/b:1.0/json");
            assertEquals("{\"Name\":\"127.0.0.1:5000/a/b:1.0\"}", img.text());
        }
    }

    @Test
    void versionsOutsideTheRangeAndUnknownPathsAreJsonErrors() throws IOException {
        try (SocketClient c = new SocketClient(socket)) {
            SocketClient.Response old = c.request("GET", "/v1.12/things/a/json");
            assertEquals(400, old.status());
            assertTrue(old.text().contains("client version 1.12 is too old"), old.text());
            SocketClient.Response tooNew = c.request("GET", "/v1.99/things/a/json");
            assertEquals(400, tooNew.status());
            assertTrue(tooNew.text().contains("too new"), tooNew.text());
            SocketClient.Response missing = c.request("GET", "/nothing/here");
            assertEquals(404, missing.status());
            assertEquals("{\"message\":\"page not found\"}", missing.text());
            assertEquals(409, c.request("GET", "/fail").status());
            assertEquals("{\"message\":\"no: it is running\"}", c.request("GET", "/fail").text());
            SocketClient.Response boom = c.request("GET", "/boom");
            assertEquals(500, boom.status());
            assertEquals("{\"message\":\"broken\"}", boom.text());
            SocketClient.Response bad = c.request("GET", "/filters?filters=%7Bnope");
            assertEquals(400, bad.status());
        }
    }

    @Test
    void filtersInBothForms() throws IOException {
        try (SocketClient c = new SocketClient(socket)) {
            assertEquals("{\"label\":[\"a=b\"]}", c.request("GET", "/filters?filters=%7B%22label%22%3A%5B%22a%3Db%22%5D%7D").text());
            assertEquals("{\"label\":[\"a=b\"]}", c.request("GET", "/filters?filters=%7B%22label%22%3A%7B%22a%3Db%22%3Atrue%7D%7D").text());
        }
    }

    @Test
    void aLargeBodyIsStreamedToTheHandler() throws IOException {
        byte[] big = new byte[48 * 1024 * 1024];
        big[big.length - 1] = 7;
        try (SocketClient c = new SocketClient(socket)) {
            SocketClient.Response r = c.request("POST", "/count", Map.of("Content-Type", "application/x-tar"), big);
            assertEquals("{\"bytes\":" + big.length + "}", r.text());
            assertEquals(200, c.request("GET", "/things/after/json").status()); // the connection lives on
        }
    }

    @Test
    void streamedAnswersAreChunkedAndAnEarlyFailureIsAnErrorStatus() throws IOException {
        try (SocketClient c = new SocketClient(socket)) {
            SocketClient.Response r = c.request("GET", "/stream");
            assertEquals("chunked", r.header("Transfer-Encoding"));
            assertEquals("{\"n\":0}\n{\"n\":1}\n{\"n\":2}\n", r.text());
            SocketClient.Response early = c.request("GET", "/stream-fails-early");
            assertEquals(404, early.status());
            assertEquals("{\"message\":\"No such image: nothing\"}", early.text());
        }
    }

    @Test
    void aFollowingStreamEndsWhenTheClientGoes() throws Exception {
        SocketClient c = new SocketClient(socket);
        c.hijack("GET", "/follow", false, new LinkedHashMap<>());
        assertEquals("tick", readChunkLine(c));
        c.close();
        assertTrue(streamClosed.await(10, TimeUnit.SECONDS), "the handler heard the client go");
    }

    @Test
    void aHijackedConnectionCarriesRawBytesBothWays() throws IOException {
        for (boolean upgrade : new boolean[] {true, false}) {
            try (SocketClient c = new SocketClient(socket)) {
                Map<String, String> headers = new LinkedHashMap<>();
                int status = c.hijack("POST", "/v1.41/echo", upgrade, headers);
                assertEquals(upgrade ? 101 : 200, status);
                assertEquals("application/vnd.docker.raw-stream", headers.get("content-type"));
                if (upgrade) {
                    assertEquals("tcp", headers.get("upgrade"));
                }
                c.output().write("hello".getBytes(StandardCharsets.UTF_8));
                c.output().flush();
                c.shutdownOutput(); // stdin ends; the answer still comes
                byte[] all = c.input().readAllBytes();
                assertArrayEquals(new byte[] {1, 0, 0, 0, 0, 0, 0, 5, 'h', 'e', 'l', 'l', 'o'}, all);
            }
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws IOException {
        try (SocketClient c = new SocketClient(socket)) {
            String two = "GET /things/1/json HTTP/1.1\r\nHost: d\r\n\r\nGET /things/2/json HTTP/1.1\r\nHost: d\r\n\r\n";
            c.output().write(two.getBytes(StandardCharsets.ISO_8859_1));
            c.output().flush();
            ByteArrayOutputStream seen = new ByteArrayOutputStream();
            InputStream in = c.input();
            String text = "";
            while (!(text.contains("\"Id\":\"1\"") && text.contains("\"Id\":\"2\""))) {
                int b = in.read();
                assertTrue(b >= 0, "connection closed early: " + text);
                seen.write(b);
                text = seen.toString(StandardCharsets.UTF_8);
            }
            assertTrue(text.indexOf("\"Id\":\"1\"") < text.indexOf("\"Id\":\"2\""), text);
        }
    }

    @Test
    void theSocketIsServedWhereItWasAsked() {
        assertTrue(Files.exists(socket));
    }

    private static String readChunkLine(SocketClient c) throws IOException {
        c.line(); // chunk size
        return c.line();
    }

    /** Jackson writes a Map.of in no set order: put the fields in name order for comparison. */
    private static String sorted(String json) throws IOException {
        return JsonCodec.MAPPER.writeValueAsString(new java.util.TreeMap<>(JsonCodec.MAPPER.readValue(json, Map.class)));
    }
}
