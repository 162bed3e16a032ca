package dev.berth.dockerapi.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.BusyboxImage;
import dev.berth.Container;
import dev.berth.ContainerState;
import dev.berth.dockerapi.http.JsonCodec;
import dev.berth.dockerapi.testing.ServedHome;
import dev.berth.dockerapi.testing.SocketClient;
import dev.berth.namespaces.testing.RequiresRoot;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * start, restart, wait, rename and attach over real HTTP on the unix socket, against real
 * containers; and the docker CLI's start, wait, rename and restart.
 */
@RequiresRoot("real containers of the busybox image behind the API")
class ContainerLifecycleEndpointsTest extends ServedHome {
    static final String IMAGE = BusyboxImage.REFERENCE;

    private Path socket;

    @Override
    protected void prepare(Path home) throws IOException {
        BusyboxImage.store(home, Files.createDirectories(dir.resolve("scratch")));
        socket = dir.resolve("docker.sock");
    }

    /** The containers are detached, as the API's are: closing the Berth would leave them. */
    @AfterEach
    void removeContainers() throws IOException {
        for (Container c : berth.listContainers()) {
            if (c.isRunning()) {
                c.kill();
            }
            c.remove();
        }
    }

    /** One request on a connection of its own (the tests' other connections are busy with attaches). */
    private SocketClient.Response call(String method, String path) throws IOException {
        try (SocketClient c = new SocketClient(socket)) {
            return c.request(method, path);
        }
    }

    @Test
    void startIs204ThenNotModifiedAndRestartRunsItAgain() throws Exception {
        Container c = berth.container(IMAGE).name("starter").detached(true).command("sleep", "600").create();
        assertEquals(404, call("POST", "/v1.43/containers/nosuch/start").status());
        assertEquals(204, call("POST", "/v1.43/containers/starter/start").status());
        assertTrue(c.isRunning());
        int pid = c.state().pid();
        assertEquals(304, call("POST", "/v1.43/containers/" + c.id().substring(0, 12) + "/start").status());
        assertEquals(pid, c.state().pid(), "a second start launched again");
        assertEquals(204, call("POST", "/v1.43/containers/starter/restart?t=1").status());
        assertTrue(c.isRunning());
        assertNotEquals(pid, c.state().pid(), "restart did not run it again");
    }

    @Test
    void runAsTheCliDoesItAttachWaitRemovedAndStart() throws Exception {
        Container c = berth.container(IMAGE).detached(true).autoRemove(true)
                .command("sh", "-c", "echo out; echo err >&2; exit 3").create();
        try (SocketClient attach = new SocketClient(socket)) {
            Map<String, String> head = new LinkedHashMap<>();
            assertEquals(101, attach.hijack("POST", "/v1.43/containers/" + c.id() + "/attach?stream=1&stdout=1&stderr=1",
                    true, head));
            assertEquals("application/vnd.docker.multiplexed-stream", head.get("content-type"));
            CompletableFuture<SocketClient.Response> waited = CompletableFuture.supplyAsync(() -> {
                try {
                    return call("POST", "/v1.43/containers/" + c.id() + "/wait?condition=removed");
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(200); // the wait is registered before the start, as the CLI's
            assertEquals(204, call("POST", "/v1.43/containers/" + c.id() + "/start").status());
            Map<Integer, String> frames = readFrames(attach.input());
            assertEquals("out\n", frames.get(1));
            assertEquals("err\n", frames.get(2));
            SocketClient.Response w = waited.get(30, TimeUnit.SECONDS);
            assertEquals(200, w.status(), w.text());
            assertEquals(3, JsonCodec.MAPPER.readTree(w.body()).get("StatusCode").asInt(), w.text());
        }
        assertTrue(Files.notExists(c.directory()), "--rm left it");
    }

    @Test
    void attachWithATerminalIsRawAndTakesStdin() throws Exception {
        Container c = berth.container(IMAGE).detached(true).tty(true).stdin(true).stdinOnce(true)
                .command("sh", "-c", "read line; echo \"got $line\"; stty size").start();
        try (SocketClient attach = new SocketClient(socket)) {
            Map<String, String> head = new LinkedHashMap<>();
            assertEquals(101, attach.hijack("POST", "/v1.43/containers/" + c.id() + "/attach?stream=1&stdin=1&stdout=1&stderr=1",
                    true, head));
            assertEquals("application/vnd.docker.raw-stream", head.get("content-type"));
            assertEquals(200, call("POST", "/v1.43/containers/" + c.id() + "/resize?h=30&w=100").status());
            assertEquals(400, call("POST", "/v1.43/containers/" + c.id() + "/resize?h=0&w=100").status());
            attach.output().write("abc\n".getBytes(StandardCharsets.UTF_8));
            attach.output().flush();
            String out = new String(attach.input().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(out.contains("got abc\r\n"), out);
            assertTrue(out.contains("30 100"), "the resize did not reach the terminal: " + out);
        }
        assertEquals(0, c.waitFor(Duration.ofSeconds(30)).orElseThrow());
    }

    @Test
    void attachStdinWithoutTerminalEndsWithTheClientsInput() throws Exception {
        Container c = berth.container(IMAGE).detached(true).stdin(true).stdinOnce(true).command("cat").create();
        try (SocketClient attach = new SocketClient(socket)) {
            assertEquals(101, attach.hijack("POST", "/v1.43/containers/" + c.id()
                    + "/attach?stream=1&stdin=1&stdout=1&stderr=1", true, new LinkedHashMap<>()));
            assertEquals(204, call("POST", "/v1.43/containers/" + c.id() + "/start").status());
            attach.output().write("line one\n".getBytes(StandardCharsets.UTF_8));
            attach.output().flush();
            attach.shutdownOutput(); // StdinOnce: cat sees its input end and exits
            assertEquals("line one\n", readFrames(attach.input()).get(1));
        }
        SocketClient.Response w = call("POST", "/v1.43/containers/" + c.id() + "/wait");
        assertEquals(0, JsonCodec.MAPPER.readTree(w.body()).get("StatusCode").asInt(), w.text());
        assertEquals(ContainerState.Status.EXITED, c.state().status());
    }

    @Test
    void renameTakesAFreeNameOnly() throws Exception {
        Container a = berth.container(IMAGE).name("alpha").detached(true).command("true").create();
        berth.container(IMAGE).name("beta").detached(true).command("true").create();
        assertEquals(204, call("POST", "/v1.43/containers/alpha/rename?name=gamma").status());
        assertEquals(a.id(), berth.findContainer("gamma").orElseThrow().id());
        SocketClient.Response taken = call("POST", "/v1.43/containers/gamma/rename?name=beta");
        assertEquals(409, taken.status());
        assertTrue(taken.text().contains("is already in use"), taken.text());
        assertEquals(400, call("POST", "/v1.43/containers/gamma/rename?name=bad%2Fname").status());
        assertEquals(400, call("POST", "/v1.43/containers/gamma/rename").status());
        assertEquals(404, call("POST", "/v1.43/containers/alpha/rename?name=delta").status());
        SocketClient.Response bogus = call("POST", "/v1.43/containers/gamma/wait?condition=bogus");
        assertEquals(400, bogus.status());
        assertTrue(bogus.text().contains("not-running"), bogus.text());
    }

    @Test
    void theDockerCliStartsWaitsRenamesAndRestarts() throws Exception {
        Container c = berth.container(IMAGE).name("cli-one").detached(true).command("sh", "-c", "sleep 0.5; exit 4").create();
        assertEquals("cli-one\n", docker("start", "cli-one"));
        assertEquals("4\n", docker("wait", "cli-one"));
        assertEquals("", docker("rename", "cli-one", "cli-two"));
        assertEquals(c.id(), berth.findContainer("cli-two").orElseThrow().id());
        assertEquals("cli-two\n", docker("restart", "-t", "1", "cli-two"));
        assertTrue(c.isRunning() || c.state().exitCode() == 4);
        assertEquals("4\n", docker("wait", "cli-two"));
    }

    @Test
    void theDockerCliRunsAttachedWithStdinAndStartsAttached() throws Exception {
        CliRun piped = dockerWithInput("hello\nworld\n", "run", "-i", "--rm", "--network", "none", IMAGE, "cat");
        assertEquals(0, piped.exit(), piped.err());
        assertEquals("hello\nworld\n", piped.out());
        CliRun failing = dockerWithInput(null, "run", "--name", "cli-exit", "--network", "none", IMAGE,
                "sh", "-c", "echo once; exit 3");
        assertEquals(3, failing.exit(), "docker run does not return the exit code: " + failing.err());
        assertEquals("once\n", failing.out());
        CliRun again = dockerWithInput(null, "start", "-a", "cli-exit");
        assertEquals(3, again.exit(), again.err());
        assertEquals("once\n", again.out());
    }

    /** What a docker CLI run printed and returned. */
    private record CliRun(int exit, String out, String err) {
    }

    /** Runs the docker CLI against the server with {@code input} (null: none) as its stdin. */
    private CliRun dockerWithInput(String input, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("/usr/bin/docker", "-H", "unix://" + socket));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectInput(input == null ? ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())
                : ProcessBuilder.Redirect.PIPE).start();
        if (input != null) {
            try (var in = p.getOutputStream()) {
                in.write(input.getBytes(StandardCharsets.UTF_8));
            }
        }
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
            try {
                return p.getErrorStream().readAllBytes();
            } catch (IOException e) {
                return new byte[0];
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "docker " + String.join(" ", args) + " hung");
        return new CliRun(p.exitValue(), out, new String(err.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8));
    }

    /** Runs the docker CLI against the server; its stdout, failing on a non-zero exit. */
    private String docker(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("/usr/bin/docker", "-H", "unix://" + socket));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "docker " + args[0] + " hung");
        assertEquals(0, p.exitValue(), "docker " + String.join(" ", args) + ": " + err);
        return out;
    }

    /** Reads Docker's multiplexed frames to EOF; the payloads of each stream, joined. */
    private static Map<Integer, String> readFrames(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        Map<Integer, ByteArrayOutputStream> streams = new LinkedHashMap<>();
        byte[] header = new byte[8];
        while (true) {
            try {
                data.readFully(header);
            } catch (EOFException e) {
                break;
            }
            int length = ((header[4] & 0xff) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8) | (header[7] & 0xff);
            byte[] payload = new byte[length];
            data.readFully(payload);
            streams.computeIfAbsent((int) header[0], k -> new ByteArrayOutputStream()).writeBytes(payload);
        }
        Map<Integer, String> out = new LinkedHashMap<>();
        streams.forEach((k, v) -> out.put(k, v.toString(StandardCharsets.UTF_8)));
        return out;
    }
}
