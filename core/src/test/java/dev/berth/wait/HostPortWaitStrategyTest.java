package dev.berth.wait;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class HostPortWaitStrategyTest {
    final ScriptedTarget target = new ScriptedTarget();

    /** A loopback port that nothing listens on, found by opening and closing a server on it. */
    static InetSocketAddress freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), s.getLocalPort());
        }
    }

    @Test
    void returnsOnceAServerListensOnTheExposedPort() throws Exception {
        InetSocketAddress address = freePort();
        target.expose(5432, address);
        ServerSocket[] server = new ServerSocket[1];
        Thread opener = new Thread(() -> {
            try {
                Thread.sleep(300);
                ServerSocket s = new ServerSocket();
                s.setReuseAddress(true);
                s.bind(address);
                server[0] = s;
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        opener.start();
        try {
            Wait.forListeningPort().withStartupTimeout(Duration.ofSeconds(10)).waitUntilReady(target);
            opener.join();
            assertTrue(server[0] != null && server[0].isBound());
        } finally {
            opener.join();
            if (server[0] != null) {
                server[0].close();
            }
        }
    }

    @Test
    void failsAfterTheTimeoutWhenNothingListensQuotingTheLog() throws Exception {
        target.expose(8080, freePort());
        target.print("listening on 9090 instead\n");
        ContainerNotReadyException e = assertThrows(ContainerNotReadyException.class,
                () -> Wait.forListeningPorts(8080).withStartupTimeout(Duration.ofMillis(400)).waitUntilReady(target));
        assertTrue(e.getMessage().contains("ports [8080]"), e.getMessage());
        assertTrue(e.getMessage().contains("port 8080 at"), e.getMessage());
        assertTrue(e.getMessage().contains("listening on 9090 instead"), e.getMessage());
    }

    @Test
    void aClosedServerIsNotReady() throws Exception {
        ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), s.getLocalPort());
        target.expose(80, address);
        Wait.forListeningPort().withStartupTimeout(Duration.ofSeconds(5)).waitUntilReady(target);
        s.close();
        assertThrows(ContainerNotReadyException.class,
                () -> Wait.forListeningPort().withStartupTimeout(Duration.ofMillis(300)).waitUntilReady(target));
    }

    @Test
    void everyExposedPortMustListen() throws Exception {
        // A backlog deep enough for every probe's connection, since nothing accepts them here.
        try (ServerSocket s = new ServerSocket(0, 100, InetAddress.getLoopbackAddress())) {
            target.expose(80, new InetSocketAddress(InetAddress.getLoopbackAddress(), s.getLocalPort()));
            target.expose(443, freePort());
            ContainerNotReadyException e = assertThrows(ContainerNotReadyException.class,
                    () -> Wait.forListeningPort().withStartupTimeout(Duration.ofMillis(300)).waitUntilReady(target));
            assertTrue(e.getMessage().contains("port 443"), e.getMessage());
        }
    }

    @Test
    void aStoppedContainerFailsAtOnce() throws Exception {
        target.expose(80, freePort());
        target.stop();
        long start = System.nanoTime();
        ContainerNotReadyException e = assertThrows(ContainerNotReadyException.class,
                () -> Wait.forListeningPort().withStartupTimeout(Duration.ofSeconds(20)).waitUntilReady(target));
        assertTrue(e.getMessage().contains("the container stopped"), e.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 5);
    }

    @Test
    void withoutExposedPortsThereIsNothingToWaitFor() {
        HostPortWaitStrategy strategy = Wait.defaultWaitStrategy().withStartupTimeout(Duration.ofMinutes(2));
        // Returning at once, not after the two minutes: no port is there to probe.
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> strategy.waitUntilReady(target));
    }

    @Test
    void withAnExposedPortTheDefaultWaitBlocksUntilItListens() throws Exception {
        InetSocketAddress address = freePort();
        target.expose(8080, address);
        HostPortWaitStrategy strategy = Wait.defaultWaitStrategy().withStartupTimeout(Duration.ofMinutes(2));
        CompletableFuture<Void> wait = CompletableFuture.runAsync(() -> strategy.waitUntilReady(target));
        try (ServerSocket server = new ServerSocket()) {
            assertThrows(TimeoutException.class, () -> wait.get(500, TimeUnit.MILLISECONDS), "nothing listens yet");
            server.setReuseAddress(true);
            server.bind(address, 100);
            wait.get(20, TimeUnit.SECONDS);
        } finally {
            target.stop(); // a wait still blocked ends: its target stopped
        }
    }

    @Test
    void invalidPortsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Wait.forListeningPorts(0));
        assertThrows(IllegalArgumentException.class, () -> Wait.forListeningPorts(65536));
    }
}
