package dev.berth.log;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * One record of a container's log: which stream it came from, when, and its bytes, as one line
 * of Docker's json-file log holds them
 * (<a href="https://docs.docker.com/engine/logging/drivers/json-file/">json-file driver</a>).
 * The bytes end with {@code \n} unless the record is partial: a line longer than 16 KiB is split
 * into several records, and output that ends without a newline is flushed as a last partial one.
 */
public record LogRecord(Source source, Instant time, byte[] bytes) {
    /** The standard stream a record was read from; its name is the json-file {@code stream}. */
    public enum Source {
        STDOUT, STDERR;

        /** {@code stdout} or {@code stderr}. */
        public String streamName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public LogRecord {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(time, "time");
        bytes = bytes.clone();
    }

    /** A copy of the bytes. */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The bytes as UTF-8 text, invalid sequences replaced by U+FFFD. */
    public String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Whether the record does not end a line. */
    public boolean partial() {
        return bytes.length == 0 || bytes[bytes.length - 1] != '\n';
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogRecord r && r.source == source && r.time.equals(time) && Arrays.equals(r.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, time, Arrays.hashCode(bytes));
    }

    @Override
    public String toString() {
        return "LogRecord[" + source.streamName() + " " + time + " " + text().strip() + "]";
    }
}
