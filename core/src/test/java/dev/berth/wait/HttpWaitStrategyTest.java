package dev.berth.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class HttpWaitStrategyTest {
    final ScriptedTarget target = new ScriptedTarget();
    final AtomicInteger requests = new AtomicInteger();
    final List<String> seenPaths = new CopyOnWriteArrayList<>();
    final List<String> seenAuth = new CopyOnWriteArrayList<>();
    HttpServer server;
    /** How many requests get 503 before the server answers 200 "ready". */
    volatile int unavailableFor = 3;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
        target.expose(8080, server.getAddress());
    }

    void answer(HttpExchange x) throws IOException {
        seenPaths.add(x.getRequestURI().toString());
        String auth = x.getRequestHeaders().getFirst("Authorization");
        if (auth != null) {
            seenAuth.add(auth);
        }
        boolean ready = requests.incrementAndGet() > unavailableFor;
        byte[] body = (ready ? "{\"status\":\"UP\"}" : "starting").getBytes(StandardCharsets.UTF_8);
        x.sendResponseHeaders(ready ? 200 : 503, body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void waitsThrough503UntilThe200() {
        Wait.forHttp("/health?deep=true").withStartupTimeout(Duration.ofSeconds(10)).waitUntilReady(target);
        assertEquals(4, requests.get());
        assertEquals("/health?deep=true", seenPaths.get(0));
    }

    @Test
    void aResponsePredicateMustHoldToo() {
        Wait.forHttp("/").forResponsePredicate(body -> body.contains("UP")).withStartupTimeout(Duration.ofSeconds(10))
                .waitUntilReady(target);
        assertEquals(4, requests.get());
    }

    @Test
    void acceptedStatusesCanBeWidened() {
        Wait.forHttp("/").forStatusCode(200).forStatusCodeMatching(code -> code == 503).waitUntilReady(target);
        assertEquals(1, requests.get());
    }

    @Test
    void aResponsePredicateThatNeverHoldsTimesOut() {
        unavailableFor = 0;
        ContainerNotReadyException e = assertThrows(ContainerNotReadyException.class,
                () -> Wait.forHttp("/").forResponsePredicate(body -> body.contains("DOWN"))
                        .withStartupTimeout(Duration.ofMillis(500)).waitUntilReady(target));
        assertTrue(e.getMessage().contains("did not satisfy the predicate"), e.getMessage());
    }

    @Test
    void timeoutFailsWithTheLastStatusAndTheLog() {
        unavailableFor = Integer.MAX_VALUE;
        target.print("migrating schema\n");
        ContainerNotReadyException e = assertThrows(ContainerNotReadyException.class,
                () -> Wait.forHttp("/ready").withStartupTimeout(Duration.ofMillis(500)).waitUntilReady(target));
        assertTrue(e.getMessage().contains("GET /ready to answer 200"), e.getMessage());
        assertTrue(e.getMessage().contains("status 503"), e.getMessage());
        assertTrue(e.getMessage().contains("migrating schema"), e.getMessage());
    }

    @Test
    void sendsHeadersAndBasicCredentials() {
        unavailableFor = 0;
        Wait.forHttp("/").withBasicCredentials("admin", "s3cret").waitUntilReady(target);
        assertEquals(List.of("Basic YWRtaW46czNjcmV0"), seenAuth);
    }

    @Test
    void anExplicitPortIsUsedInsteadOfTheFirstExposed() throws IOException {
        ScriptedTarget twoPorts = new ScriptedTarget();
        twoPorts.expose(9000, HostPortWaitStrategyTest.freePort());
        twoPorts.expose(8080, server.getAddress());
        unavailableFor = 0;
        Wait.forHttp("/").forPort(8080).withStartupTimeout(Duration.ofSeconds(5)).waitUntilReady(twoPorts);
        assertThrows(ContainerNotReadyException.class,
                () -> Wait.forHttp("/").withStartupTimeout(Duration.ofMillis(300)).waitUntilReady(twoPorts));
    }

    @Test
    void withoutAnyPortItFailsAtOnce() {
        ContainerNotReadyException e = assertThrows(ContainerNotReadyException.class,
                () -> Wait.forHttp("/").waitUntilReady(new ScriptedTarget()));
        assertTrue(e.getMessage().contains("exposes none"), e.getMessage());
    }

    @Test
    void pathsMustBeAbsolute() {
        assertThrows(IllegalArgumentException.class, () -> Wait.forHttp("health"));
    }
}
