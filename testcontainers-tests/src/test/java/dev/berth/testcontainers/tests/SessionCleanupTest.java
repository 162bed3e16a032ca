package dev.berth.testcontainers.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.berth.namespaces.testing.RequiresRoot;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

/**
 * What a Testcontainers session leaves when its JVM ends: nothing, whether the JVM exits (its
 * shutdown hook prunes by label, as without Ryuk) or is killed with SIGKILL (Berth's session
 * watcher reaps). Each case runs a second test JVM ({@link SessionMain}) on the same store and
 * looks from this one.
 */
@RequiresRoot("Berth runs the containers as root")
class SessionCleanupTest {
    private static final Duration REAPED_WITHIN = Duration.ofSeconds(90);

    /** The other JVM and what it started. */
    private record Session(Process jvm, String id, String container, String network) {
    }

    private static Session start(String mode) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process jvm = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "-Dberth.home=" + System.getProperty("berth.home"), SessionMain.class.getName(), mode)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line = new BufferedReader(new InputStreamReader(jvm.getInputStream())).readLine();
        assertNotNull(line, "the other JVM ended without starting its container");
        String[] parts = line.split(" ");
        return new Session(jvm, parts[0], parts[1], parts[2]);
    }

    @Test
    void aJvmThatExitsIsPrunedByTestcontainersShutdownHook() throws Exception {
        DockerClient client = DockerClientFactory.instance().client();
        Session s = start("exit");
        try {
            assertTrue(s.jvm().waitFor(120, TimeUnit.SECONDS), "the other JVM did not exit");
            assertEquals(List.of(), sessionContainers(client, s.id()));
            assertFalse(networkExists(client, s.network()), "the session's network is left");
            awaitLeaseGone(s);
        } finally {
            s.jvm().destroyForcibly();
        }
    }

    @Test
    void aKilledJvmsContainersAreReapedByBerth() throws Exception {
        DockerClient client = DockerClientFactory.instance().client();
        Session s = start("wait");
        try {
            assertEquals(List.of(s.container()), sessionContainers(client, s.id()));
            s.jvm().destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertTrue(s.jvm().waitFor(30, TimeUnit.SECONDS));
            long deadline = System.nanoTime() + REAPED_WITHIN.toNanos();
            // The reaper removes the session's containers, then its network: wait for both.
            while ((!sessionContainers(client, s.id()).isEmpty() || networkExists(client, s.network()))
                    && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertEquals(List.of(), sessionContainers(client, s.id()), "the killed session's container is left");
            assertFalse(networkExists(client, s.network()), "the killed session's network is left");
            awaitLeaseGone(s);
        } finally {
            s.jvm().destroyForcibly();
        }
    }

    private static List<String> sessionContainers(DockerClient client, String session) {
        return client.listContainersCmd().withShowAll(true)
                .withLabelFilter(java.util.Map.of("org.testcontainers.sessionId", session)).exec()
                .stream().map(com.github.dockerjava.api.model.Container::getId).toList();
    }

    private static boolean networkExists(DockerClient client, String id) {
        try {
            client.inspectNetworkCmd().withNetworkId(id).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** The watcher removes the lease (and the socket directory) once the JVM is gone. */
    private static void awaitLeaseGone(Session s) throws InterruptedException {
        Path lease = Path.of(System.getProperty("berth.home"), "testcontainers-sessions", s.id());
        long deadline = System.nanoTime() + REAPED_WITHIN.toNanos();
        while (Files.exists(lease) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertFalse(Files.exists(lease), "the session's lease is left: " + lease);
    }
}
