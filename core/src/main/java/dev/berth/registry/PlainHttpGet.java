package dev.berth.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.net.ssl.SSLSession;

/**
 * A GET or HEAD over plain HTTP through {@link HttpURLConnection}, whose body stream reads the
 * socket straight into the caller's buffer. The JDK's {@link HttpClient} hands a body over in
 * fresh heap buffers through its selector thread: in the JFR and perf profiles of #20 that cost
 * about 0.4 s of CPU per 100 MB (allocation, zeroing, GC), where this takes about 0.05 s. So
 * blobs from a plain-HTTP registry (loopback, or one marked insecure) come this way; HTTPS, and
 * requests with a body, stay on the HTTP client. The read timeout is an idle timeout, as
 * {@link IdleTimeoutBody}'s, and redirects are left to the caller.
 */
final class PlainHttpGet {
    private PlainHttpGet() {
    }

    /** Whether {@code r} goes this way: a GET or HEAD, without a body, to an {@code http:} URI. */
    static boolean suits(HttpRequest r) {
        return "http".equalsIgnoreCase(r.uri().getScheme()) && (r.method().equals("GET") || r.method().equals("HEAD"))
                && r.bodyPublisher().map(p -> p.contentLength() == 0).orElse(true);
    }

    /** Sends {@code r}; the caller closes the response body. */
    static HttpResponse<InputStream> send(HttpRequest r, Duration connectTimeout, Duration idleTimeout) throws IOException {
        HttpURLConnection c = (HttpURLConnection) r.uri().toURL().openConnection();
        c.setRequestMethod(r.method());
        c.setInstanceFollowRedirects(false);
        c.setUseCaches(false);
        c.setConnectTimeout(millis(connectTimeout));
        c.setReadTimeout(millis(idleTimeout));
        r.headers().map().forEach((name, values) -> values.forEach(v -> c.addRequestProperty(name, v)));
        if (r.headers().firstValue("Accept").isEmpty()) {
            c.setRequestProperty("Accept", "*/*"); // not HttpURLConnection's browser default
        }
        int status;
        try {
            status = c.getResponseCode();
        } catch (IOException e) {
            c.disconnect();
            throw e;
        }
        Map<String, List<String>> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        c.getHeaderFields().forEach((name, values) -> {
            if (name != null) { // the status line
                fields.put(name, values);
            }
        });
        InputStream body = r.method().equals("HEAD") ? InputStream.nullInputStream()
                : status >= 400 ? c.getErrorStream() : c.getInputStream();
        long length = r.method().equals("HEAD") ? -1 : c.getContentLengthLong();
        return new Response(r, status, HttpHeaders.of(fields, (a, b) -> true),
                new Body(body == null ? InputStream.nullInputStream() : body, c, length));
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
    }

    /**
     * The body; a blocked socket read does not see interrupts, so each read checks for one first
     * (a failed pull interrupts its other downloads), and the connection is dropped then. A body
     * that ends before its Content-Length fails, as a dropped connection (HttpURLConnection
     * would report a plain end of stream), so that the download resumes.
     */
    private static final class Body extends InputStream {
        private final InputStream in;
        private final HttpURLConnection connection;
        private final long length;
        private long read;

        Body(InputStream in, HttpURLConnection connection, long length) {
            this.in = in;
            this.connection = connection;
            this.length = length;
        }

        private int counted(int n) throws IOException {
            if (n < 0 && length >= 0 && read < length) {
                connection.disconnect();
                throw new IOException("the connection closed after " + read + " of " + length + " bytes");
            }
            if (n > 0) {
                read += n;
            }
            return n;
        }

        private void checkInterrupt() throws InterruptedIOException {
            if (Thread.currentThread().isInterrupted()) {
                connection.disconnect();
                throw new InterruptedIOException("interrupted during a registry request");
            }
        }

        @Override
        public int read() throws IOException {
            checkInterrupt();
            int b = in.read();
            counted(b < 0 ? -1 : 1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            checkInterrupt();
            return len == 0 ? 0 : counted(in.read(b, off, len));
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }

        @Override
        public void close() throws IOException {
            in.close(); // back to the keep-alive cache when read to its end
        }
    }

    private record Response(HttpRequest request, int statusCode, HttpHeaders headers, InputStream body)
            implements HttpResponse<InputStream> {
        @Override
        public Optional<HttpResponse<InputStream>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return Optional.empty();
        }

        @Override
        public URI uri() {
            return request.uri();
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }
}
