package dev.berth.dockerapi.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** What a {@link Handler} answers: a whole body, a streamed one, or a hijacked connection. */
public final class ApiResponse {
    /** How the body is sent. */
    enum Kind { BYTES, STREAM, HIJACK }

    final Kind kind;
    final int status;
    final String contentType;
    final byte[] bytes;
    final Object json;
    final StreamBody stream;
    final HijackBody hijack;
    final Map<String, String> headers = new LinkedHashMap<>();

    private ApiResponse(Kind kind, int status, String contentType, byte[] bytes, Object json,
            StreamBody stream, HijackBody hijack) {
        this.kind = kind;
        this.status = status;
        this.contentType = contentType;
        this.bytes = bytes;
        this.json = json;
        this.stream = stream;
        this.hijack = hijack;
    }

    /** {@code body} as JSON (Jackson; null fields left out unless the type says otherwise). */
    public static ApiResponse json(int status, Object body) {
        return new ApiResponse(Kind.BYTES, status, "application/json", null, Objects.requireNonNull(body, "body"), null, null);
    }

    /** No body: 204 for most actions, 200/201 for some. */
    public static ApiResponse empty(int status) {
        return new ApiResponse(Kind.BYTES, status, null, new byte[0], null, null, null);
    }

    public static ApiResponse text(int status, String text) {
        return new ApiResponse(Kind.BYTES, status, "text/plain; charset=utf-8",
                text.getBytes(StandardCharsets.UTF_8), null, null, null);
    }

    public static ApiResponse bytes(int status, String contentType, byte[] body) {
        return new ApiResponse(Kind.BYTES, status, contentType, body.clone(), null, null, null);
    }

    /** A body sent in chunks as {@code body} writes it. */
    public static ApiResponse stream(int status, String contentType, StreamBody body) {
        return new ApiResponse(Kind.STREAM, status, contentType, null, null, Objects.requireNonNull(body, "body"), null);
    }

    /**
     * The connection taken over: {@code 101 Switching Protocols} with {@code Upgrade: tcp} when
     * the client asked to upgrade, else {@code 200} with {@code contentType} and no framing (what
     * docker-java reads to EOF); then raw bytes both ways.
     */
    public static ApiResponse hijack(String contentType, HijackBody body) {
        return new ApiResponse(Kind.HIJACK, 101, contentType, null, null, null, Objects.requireNonNull(body, "body"));
    }

    /** Adds a response header. */
    public ApiResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** Adds response headers. */
    public ApiResponse headers(Map<String, String> more) {
        headers.putAll(more);
        return this;
    }

    public int status() {
        return status;
    }
}
