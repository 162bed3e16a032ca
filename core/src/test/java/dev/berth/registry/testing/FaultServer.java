package dev.berth.registry.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP server on {@code 127.0.0.1} that misbehaves on purpose: each test installs
 * handlers for exact method-and-path pairs (corrupt bytes, 500s, dropped connections, redirects,
 * bad JSON). Every request is recorded with the headers the fault cases look at.
 */
public final class FaultServer implements AutoCloseable {
    /** Answers one request; {@code call} counts this route's requests from 1. */
    @FunctionalInterface
    public interface Route {
        void handle(HttpExchange exchange, int call) throws IOException;
    }

    /** What a request carried. */
    public record Request(String method, String pathAndQuery, String authorization, String range) {
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private FaultServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 16);
        executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "test-fault-server");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::dispatch);
        server.start();
    }

    public static FaultServer start() throws IOException {
        return new FaultServer();
    }

    /** {@code 127.0.0.1:<port>}. */
    public String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Installs (or replaces) the route for {@code method} on exactly {@code path}. */
    public FaultServer on(String method, String path, Route route) {
        routes.put(method + " " + path, route);
        return this;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        try (exchange) {
            String key = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    exchange.getRequestHeaders().getFirst("Authorization"), exchange.getRequestHeaders().getFirst("Range")));
            exchange.getRequestBody().readAllBytes();
            Route route = routes.get(key);
            if (route == null) {
                respond(exchange, 404, "application/json", "{\"errors\":[{\"code\":\"NAME_UNKNOWN\",\"message\":\"no route " + key + "\"}]}");
                return;
            }
            route.handle(exchange, calls.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet());
        }
    }

    /** Sends a whole response. */
    public static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        if (contentType != null) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    public static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        respond(exchange, status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Promises {@code declaredLength} bytes, sends {@code bytes}, then drops the connection: the
     * handler fails, and the JDK's server closes the socket of a failed exchange.
     */
    public static void dropAfter(HttpExchange exchange, int status, long declaredLength, byte[] bytes) throws IOException {
        exchange.sendResponseHeaders(status, declaredLength);
        OutputStream out = exchange.getResponseBody();
        out.write(bytes);
        out.flush();
        throw new IOException("dropping the connection on purpose");
    }

    /** Promises {@code declaredLength} bytes, sends {@code bytes}, then stalls for {@code stall} without closing. */
    public static void stallAfter(HttpExchange exchange, long declaredLength, byte[] bytes, java.time.Duration stall) throws IOException {
        exchange.sendResponseHeaders(200, declaredLength);
        OutputStream out = exchange.getResponseBody();
        out.write(bytes);
        out.flush();
        try {
            Thread.sleep(stall.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IOException("giving up the stalled exchange");
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
