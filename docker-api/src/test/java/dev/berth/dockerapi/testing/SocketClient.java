package dev.berth.dockerapi.testing;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A plain HTTP/1.1 client on a unix socket, for tests: one connection, requests one after the
 * other, bodies read by Content-Length, chunked encoding or to EOF; and the raw streams after
 * a hijack. Deliberately small and independent of the server's code.
 */
public final class SocketClient implements Closeable {
    private final SocketChannel channel;
    private final InputStream in;
    private final OutputStream out;

    /** A response: status, headers (lower-case names) and the whole body. */
    public record Response(int status, Map<String, String> headers, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    public SocketClient(Path socket) throws IOException {
        channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        in = new java.io.BufferedInputStream(Channels.newInputStream(channel));
        out = Channels.newOutputStream(channel);
    }

    /** One request on this connection; {@code body} may be null. */
    public Response request(String method, String path, Map<String, String> headers, byte[] body) throws IOException {
        sendHead(method, path, headers, body);
        Map<String, String> h = new LinkedHashMap<>();
        int status = readHead(h);
        byte[] bytes;
        if (method.equals("HEAD") || status == 204 || status == 304) {
            bytes = new byte[0];
        } else if ("chunked".equalsIgnoreCase(h.get("transfer-encoding"))) {
            bytes = readChunked();
        } else if (h.containsKey("content-length")) {
            bytes = in.readNBytes(Integer.parseInt(h.get("content-length")));
        } else {
            bytes = in.readAllBytes();
        }
        return new Response(status, h, bytes);
    }

    public Response request(String method, String path) throws IOException {
        return request(method, path, Map.of(), null);
    }

    /** Sends a request asking to upgrade; returns the response head's status, then the raw streams are {@link #input()}/{@link #output()}. */
    public int hijack(String method, String path, boolean upgrade, Map<String, String> headersOut) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        if (upgrade) {
            headers.put("Connection", "Upgrade");
            headers.put("Upgrade", "tcp");
        }
        headers.put("Content-Type", "application/json");
        sendHead(method, path, headers, "{}".getBytes(StandardCharsets.UTF_8));
        return readHead(headersOut);
    }

    public InputStream input() {
        return in;
    }

    public OutputStream output() {
        return out;
    }

    /** Closes the writing side only, as the docker CLI does once stdin ends. */
    public void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    private void sendHead(String method, String path, Map<String, String> headers, byte[] body) throws IOException {
        StringBuilder s = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: docker\r\n");
        headers.forEach((k, v) -> s.append(k).append(": ").append(v).append("\r\n"));
        if (body != null) {
            s.append("Content-Length: ").append(body.length).append("\r\n");
        }
        s.append("\r\n");
        out.write(s.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            out.write(body);
        }
        out.flush();
    }

    private int readHead(Map<String, String> headers) throws IOException {
        String status = line();
        if (status == null) {
            throw new IOException("connection closed before a response");
        }
        String[] parts = status.split(" ", 3);
        for (String l = line(); l != null && !l.isEmpty(); l = line()) {
            int colon = l.indexOf(':');
            headers.put(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
        }
        return Integer.parseInt(parts[1]);
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line();
            if (size == null) {
                throw new IOException("connection closed inside a chunked body");
            }
            int n = Integer.parseInt(size.split(";")[0].trim(), 16);
            if (n == 0) {
                for (String l = line(); l != null && !l.isEmpty(); l = line()) {
                    // trailers
                }
                return body.toByteArray();
            }
            body.write(in.readNBytes(n));
            line();
        }
    }

    /** Reads one CRLF-ended line, or null at EOF. */
    public String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
