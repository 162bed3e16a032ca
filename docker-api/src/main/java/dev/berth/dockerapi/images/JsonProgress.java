package dev.berth.dockerapi.images;

import dev.berth.dockerapi.http.JsonCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Docker's JSON progress stream, one object per line, as pull, push, build and load write it
 * (<a href="https://github.com/moby/moby/blob/master/pkg/jsonmessage/jsonmessage.go">jsonmessage</a>):
 * {@code status} lines with an {@code id} and {@code progressDetail}, {@code stream} text,
 * {@code aux} objects and {@code errorDetail}. Writes from several threads are serialised; each
 * line is flushed, so the client sees it at once.
 */
final class JsonProgress {
    private final OutputStream out;

    JsonProgress(OutputStream out) {
        this.out = out;
    }

    /** {@code {"status":...,"id":...}}; {@code id} may be null. */
    void status(String status, String id) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        if (id != null) {
            m.put("progressDetail", Map.of());
            m.put("id", id);
        }
        write(m);
    }

    /** A progress line: {@code status} with {@code progressDetail{current,total}} and a bar. */
    void progress(String status, String id, long current, long total) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("current", current);
        if (total > 0) {
            detail.put("total", total);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        m.put("progressDetail", detail);
        m.put("progress", bar(current, total));
        m.put("id", id);
        write(m);
    }

    /** {@code {"stream":text}}. */
    void stream(String text) {
        write(Map.of("stream", text));
    }

    /** {@code {"aux":value}}. */
    void aux(Object value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("progressDetail", Map.of());
        m.put("aux", value);
        write(m);
    }

    /** {@code {"errorDetail":{"message":...},"error":...}}. */
    void error(String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("errorDetail", Map.of("message", message));
        m.put("error", message);
        write(m);
    }

    private synchronized void write(Object line) {
        try {
            out.write(JsonCodec.MAPPER.writeValueAsBytes(line));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String bar(long current, long total) {
        if (total <= 0) {
            return human(current);
        }
        int width = 50;
        int done = (int) Math.min(width, current * width / total);
        return "[" + "=".repeat(Math.max(0, done - 1)) + (done > 0 ? ">" : "") + " ".repeat(width - done) + "] "
                + human(current) + "/" + human(total);
    }

    private static String human(long bytes) {
        if (bytes < 1000) {
            return bytes + "B";
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double v = bytes;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.2f%s", v, units[u]);
    }
}
