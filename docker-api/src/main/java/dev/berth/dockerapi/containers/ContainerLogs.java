package dev.berth.dockerapi.containers;

import dev.berth.Container;
import dev.berth.dockerapi.http.ApiException;
import dev.berth.dockerapi.http.ApiRequest;
import dev.berth.dockerapi.http.ApiResponse;
import dev.berth.dockerapi.http.StreamFrames;
import dev.berth.log.LogQuery;
import dev.berth.log.LogRecord;
import dev.berth.log.LogStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * {@code GET /containers/{id}/logs}: the records {@code since}, {@code until} and {@code tail}
 * select, of the streams asked for, each in an 8-byte frame (raw with a TTY), with its time in
 * front under {@code timestamps}; under {@code follow}, new records as they are written until
 * the container exits or the client goes.
 *
 * @see <a href="https://docs.docker.com/reference/api/engine/version/v1.45/#tag/Container/operation/ContainerLogs">ContainerLogs</a>
 */
final class ContainerLogs {
    /** Go's RFC3339Nano with nine digits always, as dockerd's log timestamps. */
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.nnnnnnnnn'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Duration POLL = Duration.ofMillis(500);

    private ContainerLogs() {
    }

    static ApiResponse logs(Container c, ApiRequest req) {
        boolean stdout = req.queryFlag("stdout", false);
        boolean stderr = req.queryFlag("stderr", false);
        if (!stdout && !stderr) {
            throw ApiException.badRequest("Bad parameters: you must choose at least one stream");
        }
        boolean follow = req.queryFlag("follow", false);
        boolean timestamps = req.queryFlag("timestamps", false);
        LogQuery query = LogQuery.all();
        Optional<Instant> since = time(req, "since");
        if (since.isPresent()) {
            query = query.since(since.get());
        }
        Optional<Instant> until = time(req, "until");
        if (until.isPresent()) {
            query = query.until(until.get());
        }
        String tail = req.query("tail").orElse("all");
        if (!tail.equals("all") && !tail.isEmpty()) {
            try {
                int n = Integer.parseInt(tail);
                if (n >= 0) {
                    query = query.tail(n);
                }
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("invalid tail \"" + tail + "\": a number of lines or all");
            }
        }
        boolean tty = c.details().tty();
        LogQuery selected = query;
        return ApiResponse.stream(200, tty ? "application/vnd.docker.raw-stream" : "application/vnd.docker.multiplexed-stream", out -> {
            Writer w = new Writer(out, tty, stdout, stderr, timestamps);
            if (!follow) {
                for (LogRecord r : c.logRecords(selected)) {
                    w.write(r);
                }
                return;
            }
            try (LogStream stream = c.followLogs(selected)) {
                out.flush(); // the head now: a client waits for it before it reads
                while (req.clientConnected()) {
                    Optional<LogRecord> r = stream.poll(POLL);
                    if (r.isPresent()) {
                        w.write(r.get());
                        out.flush();
                    } else if (stream.ended()) {
                        return;
                    }
                }
            }
        });
    }

    /** Unix seconds, with a fraction or not, as {@code since} and {@code until} come; 0 or absent is none. */
    static Optional<Instant> time(ApiRequest req, String name) {
        Optional<String> v = req.query(name);
        if (v.isEmpty() || v.get().isEmpty() || v.get().equals("0")) {
            return Optional.empty();
        }
        try {
            BigDecimal seconds = new BigDecimal(v.get());
            long whole = seconds.longValue();
            long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
            return Optional.of(Instant.ofEpochSecond(whole, nanos));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid " + name + " \"" + v.get() + "\": unix seconds, such as 1700000000.5");
        }
    }

    /** Writes records as frames of their stream, or raw with a TTY, the ones not asked for left out. */
    private record Writer(OutputStream out, boolean tty, boolean stdout, boolean stderr, boolean timestamps) {
        void write(LogRecord r) throws IOException {
            boolean isErr = r.source() == LogRecord.Source.STDERR;
            if (isErr ? !stderr : !stdout) {
                return;
            }
            byte[] bytes = r.bytes();
            if (timestamps) {
                byte[] stamp = (TIMESTAMP.format(r.time()) + " ").getBytes(StandardCharsets.US_ASCII);
                byte[] both = new byte[stamp.length + bytes.length];
                System.arraycopy(stamp, 0, both, 0, stamp.length);
                System.arraycopy(bytes, 0, both, stamp.length, bytes.length);
                bytes = both;
            }
            if (tty) {
                out.write(bytes);
            } else {
                StreamFrames.write(out, isErr ? StreamFrames.STDERR : StreamFrames.STDOUT, bytes, 0, bytes.length);
            }
        }
    }
}
