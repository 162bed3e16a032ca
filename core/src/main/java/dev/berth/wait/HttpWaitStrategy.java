package dev.berth.wait;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * Waits until an HTTP request to the container answers as expected, as Testcontainers'
 * {@code Wait.forHttp} does: by default a GET of the path on the first exposed port must return
 * 200; {@link #forStatusCode} and {@link #forStatusCodeMatching} widen the accepted statuses,
 * {@link #forResponsePredicate} also checks the body. Each attempt is bounded by the read
 * timeout (one second unless set). TLS uses the JVM's default trust store.
 */
public final class HttpWaitStrategy extends ProbingWaitStrategy<HttpWaitStrategy> {
    private static final int CONNECT_TIMEOUT_MILLIS = 1000;

    private final String path;
    private Integer port;
    private boolean tls;
    private String method = "GET";
    private IntPredicate status; // null: 200
    private String statusText = "200";
    private Predicate<String> body = b -> true;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Duration readTimeout = Duration.ofSeconds(1);

    HttpWaitStrategy(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("HTTP wait path \"" + path + "\" must start with '/'");
        }
        this.path = path;
    }

    /** Requests this container port instead of the first exposed one. */
    public HttpWaitStrategy forPort(int containerPort) {
        this.port = containerPort;
        return this;
    }

    /** Uses HTTPS. */
    public HttpWaitStrategy usingTls() {
        this.tls = true;
        return this;
    }

    public HttpWaitStrategy withMethod(String method) {
        this.method = Objects.requireNonNull(method, "method");
        return this;
    }

    /** Accepts {@code code} too; the first call replaces the default 200. */
    public HttpWaitStrategy forStatusCode(int code) {
        return forStatus(c -> c == code, String.valueOf(code));
    }

    /** Accepts the codes {@code predicate} accepts too; the first call replaces the default 200. */
    public HttpWaitStrategy forStatusCodeMatching(IntPredicate predicate) {
        return forStatus(Objects.requireNonNull(predicate, "predicate"), "a code the predicate accepts");
    }

    private HttpWaitStrategy forStatus(IntPredicate accepted, String text) {
        IntPredicate before = status;
        status = before == null ? accepted : before.or(accepted);
        statusText = before == null ? text : statusText + " or " + text;
        return this;
    }

    /** Also requires the response body (read as UTF-8) to satisfy {@code predicate}. */
    public HttpWaitStrategy forResponsePredicate(Predicate<String> predicate) {
        this.body = Objects.requireNonNull(predicate, "predicate");
        return this;
    }

    public HttpWaitStrategy withHeader(String name, String value) {
        headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /** Sends HTTP basic credentials. */
    public HttpWaitStrategy withBasicCredentials(String user, String password) {
        String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return withHeader("Authorization", "Basic " + token);
    }

    /** How long one attempt may wait for the answer. */
    public HttpWaitStrategy withReadTimeout(Duration timeout) {
        this.readTimeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    @Override
    protected String awaited() {
        return method + " " + path + (port == null ? "" : " on port " + port) + " to answer " + statusText;
    }

    @Override
    public void waitUntilReady(WaitTarget target) {
        if (port == null && target.exposedPorts().isEmpty()) {
            throw failure(target, "no port was given and the container exposes none", null);
        }
        super.waitUntilReady(target);
    }

    @Override
    protected void probe(WaitTarget target, Duration budget) throws IOException, URISyntaxException {
        HttpURLConnection c = (HttpURLConnection) uri(target).toURL().openConnection();
        try {
            c.setRequestMethod(method);
            c.setUseCaches(false);
            c.setInstanceFollowRedirects(false);
            c.setConnectTimeout(bounded(Duration.ofMillis(CONNECT_TIMEOUT_MILLIS), budget));
            c.setReadTimeout(bounded(readTimeout, budget));
            headers.forEach(c::setRequestProperty);
            int code = c.getResponseCode();
            if (!(status == null ? code == 200 : status.test(code))) {
                throw new IOException("status " + code);
            }
            String text;
            try (InputStream in = code >= 400 ? c.getErrorStream() : c.getInputStream()) {
                text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!body.test(text)) {
                throw new IOException("status " + code + " but the response body did not satisfy the predicate");
            }
        } finally {
            c.disconnect();
        }
    }

    private URI uri(WaitTarget target) throws URISyntaxException {
        InetSocketAddress a = target.address(port != null ? port : target.exposedPorts().get(0));
        int q = path.indexOf('?');
        // The multi-argument URI constructor quotes what needs quoting and brackets IPv6 hosts.
        return new URI(tls ? "https" : "http", null, a.getHostString(), a.getPort(),
                q < 0 ? path : path.substring(0, q), q < 0 ? null : path.substring(q + 1), null);
    }

    private static int bounded(Duration wanted, Duration budget) {
        return (int) Math.max(1, Math.min(wanted.toMillis(), budget.toMillis()));
    }
}
