package dev.berth.testcontainers.tests;

import static dev.berth.testcontainers.tests.LocalImages.BUSYBOX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.namespaces.testing.RequiresRoot;
import dev.berth.testcontainers.BerthClientProviderStrategy;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.output.WaitingConsumer;
import org.testcontainers.containers.startupcheck.MinimumDurationRunningStartupCheckStrategy;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.MountableFile;

/** {@code GenericContainer} as users write it, on the in-process engine. */
@RequiresRoot("Berth runs the containers as root")
class GenericContainerTest {

    /** A server answering every connection to {@code port} with {@code reply} (busybox nc's persistent listener). */
    private static String server(int port, String reply) {
        return "exec nc -ll -p " + port + " -e echo " + reply;
    }

    @Test
    void testcontainersFindsBerthThroughItsServiceLoaderWithoutRyuk() {
        DockerClientFactory factory = DockerClientFactory.instance();
        assertTrue(factory.isDockerAvailable());
        assertTrue(factory.isUsing(BerthClientProviderStrategy.class), "another strategy was chosen");
        assertEquals("linux", factory.getInfo().getOsType());
        assertTrue(factory.client().listContainersCmd().withShowAll(true).exec().stream()
                .flatMap(c -> java.util.Arrays.stream(c.getNames()))
                .noneMatch(n -> n.contains("testcontainers-ryuk")), "Ryuk was started");
    }

    @Test
    void commandAndEnvironmentWithTheLogMessageWait() {
        try (GenericContainer<?> c = new GenericContainer<>(BUSYBOX)
                .withEnv("GREETING", "hello")
                .withCommand("sh", "-c", "echo \"$GREETING from berth\"; sleep 600")
                .waitingFor(Wait.forLogMessage(".*hello from berth.*\\n", 1))) {
            c.start();
            assertTrue(c.isRunning());
            assertEquals("hello from berth\n", c.getLogs());
        }
    }

    @Test
    void exposedPortIsMappedAndTheListeningPortWaitSeesIt() throws Exception {
        try (GenericContainer<?> c = new GenericContainer<>(BUSYBOX)
                .withExposedPorts(7000)
                .withCommand("sh", "-c", server(7000, "pong"))
                .waitingFor(Wait.forListeningPort())) {
            c.start();
            int mapped = c.getMappedPort(7000);
            assertNotEquals(7000, mapped);
            try (Socket s = new Socket(c.getHost(), mapped)) {
                s.setSoTimeout(10_000);
                assertEquals("pong", new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine());
            }
        }
    }

    @Test
    void httpWaitAgainstBusyboxHttpd() throws Exception {
        try (GenericContainer<?> c = new GenericContainer<>(BUSYBOX)
                .withExposedPorts(8080)
                .withCommand("sh", "-c", "mkdir -p /www && echo ok > /www/health && exec httpd -f -p 8080 -h /www")
                .waitingFor(Wait.forHttp("/health").forStatusCode(200))) {
            c.start();
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://" + c.getHost() + ":" + c.getMappedPort(8080) + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertEquals("ok\n", r.body());
        }
    }

    @Test
    void successfulCommandWaitWaitsForTheFile() throws Exception {
        try (GenericContainer<?> c = new GenericContainer<>(BUSYBOX)
                .withCommand("sh", "-c", "sleep 2; echo ready > /tmp/ready; exec sleep 600")
                .waitingFor(Wait.forSuccessfulCommand("test -f /tmp/ready"))) {
            c.start();
            assertEquals("ready\n", c.execInContainer("cat", "/tmp/ready").getStdout());
        }
    }

    @Test
    void execInContainerGivesExitCodeStdoutAndStderr() throws Exception {
        try (GenericContainer<?> c = new GenericContainer<>(BUSYBOX).withCommand("sleep", "600")) {
            c.start();
            ExecResult r = c.execInContainer("sh", "-c", "echo out; echo err >&2; exit 3");
            assertEquals(3, r.getExitCode());
            assertEquals("out\n", r.getStdout());
            assertEquals("err\n", r.getStderr());
            assertEquals("root\n", c.execInContainer("whoami").getStdout());
        }
    }

    @Test
    void filesAreCopiedIntoAndOutOfTheContainer(@TempDir Path dir) throws Exception {
        Path in = Files.writeString(dir.resolve("in.txt"), "from the host\n");
        try (GenericContainer<?> c = new GenericContainer<>(BUSYBOX)
                .withCommand("sleep", "600")
                .withCopyFileToContainer(MountableFile.forHostPath(in), "/data/in.txt")) {
            c.start();
            assertEquals("from the host\n", c.execInContainer("cat", "/data/in.txt").getStdout());

            c.copyFileToContainer(Transferable.of("written later\n"), "/tmp/later.txt");
            assertEquals("written later\n", c.execInContainer("cat", "/tmp/later.txt").getStdout());

            c.execInContainer("sh", "-c", "echo made inside > /tmp/out.txt");
            Path out = dir.resolve("out.txt");
            c.copyFileFromContainer("/tmp/out.txt", out.toString());
            assertEquals("made inside\n", Files.readString(out));
            assertEquals("written later\n", c.copyFileFromContainer("/tmp/later.txt",
                    s -> new String(s.readAllBytes(), StandardCharsets.UTF_8)));
        }
    }

    @Test
    void bindMountAndTmpfs(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("seen.txt"), "host file\n");
        try (GenericContainer<?> c = new GenericContainer<>(BUSYBOX)
                .withCommand("sleep", "600")
                .withFileSystemBind(dir.toString(), "/host", BindMode.READ_WRITE)
                .withTmpFs(Map.of("/scratch", "rw,size=1m"))) {
            c.start();
            assertEquals("host file\n", c.execInContainer("cat", "/host/seen.txt").getStdout());
            assertEquals(0, c.execInContainer("sh", "-c", "echo from the container > /host/made.txt").getExitCode());
            assertEquals("from the container\n", Files.readString(dir.resolve("made.txt")));

            String mounts = c.execInContainer("cat", "/proc/mounts").getStdout();
            assertTrue(mounts.lines().anyMatch(l -> l.startsWith("tmpfs /scratch tmpfs ")), mounts);
            assertEquals(0, c.execInContainer("sh", "-c", "echo x > /scratch/f").getExitCode());
        }
    }

    @Test
    void followedOutputArrivesWhileTheContainerRuns() throws Exception {
        try (GenericContainer<?> c = new GenericContainer<>(BUSYBOX)
                .withCommand("sh", "-c", "for i in 1 2 3; do echo line $i; sleep 1; done; echo oops >&2; exec sleep 600")) {
            c.start();
            WaitingConsumer consumer = new WaitingConsumer();
            c.followOutput(consumer, OutputFrame.OutputType.STDOUT, OutputFrame.OutputType.STDERR);
            consumer.waitUntil(f -> f.getUtf8String().contains("line 3"), 30, TimeUnit.SECONDS);
            consumer.waitUntil(f -> f.getType() == OutputFrame.OutputType.STDERR && f.getUtf8String().contains("oops"),
                    30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aContainerThatExitsAtOnceFailsToStart() {
        try (GenericContainer<?> c = new GenericContainer<>(BUSYBOX)
                .withExposedPorts(8080)
                .withCommand("sh", "-c", "echo cannot start >&2; exit 3")
                // The default check passes a container that inspect still shows running, and the port
                // wait then passes on the host port's proxy accepting a connection, as docker-proxy
                // does, before the exit is seen (this happened on a loaded CI machine). Asking for
                // 5 s of running makes the exit, with its code, what ends the start.
                .withStartupCheckStrategy(new MinimumDurationRunningStartupCheckStrategy(Duration.ofSeconds(5)))
                .waitingFor(Wait.forListeningPort().withStartupTimeout(Duration.ofSeconds(30)))) {
            ContainerLaunchException e = assertThrows(ContainerLaunchException.class, c::start);
            assertTrue(causes(e).contains("exited with code 3") || causes(e).contains("did not start correctly"), causes(e));
        }
    }

    private static String causes(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            b.append(t).append('\n');
        }
        return b.toString();
    }
}
