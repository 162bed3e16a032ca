package dev.berth.runtime;

import dev.berth.log.LogRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.function.Consumer;

/**
 * Reads the records of one json-file log file from a byte offset. Only lines that end with a
 * newline count: a writer in this or another process may be in the middle of the last one,
 * which the next scan picks up from the returned offset.
 */
final class LogFileScanner {
    private LogFileScanner() {
    }

    /**
     * Passes each decodable record between {@code offset} and {@code limit} (the end of what is
     * there when {@link Long#MAX_VALUE}) on; returns the offset after the last full line.
     */
    static long scan(FileChannel ch, long offset, long limit, Consumer<LogRecord> records) throws IOException {
        long end = Math.min(limit, ch.size());
        if (end <= offset) {
            return offset;
        }
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        long consumed = offset;
        long at = offset;
        while (at < end) {
            buf.limit((int) Math.min(buf.capacity(), end - at));
            int n = ch.read(buf, at);
            if (n <= 0) {
                break;
            }
            at += n;
            buf.flip();
            byte[] a = buf.array();
            int start = 0;
            for (int i = 0; i < buf.limit(); i++) {
                if (a[i] == '\n') {
                    line.write(a, start, i - start);
                    consumed += line.size() + 1;
                    byte[] bytes = line.toByteArray();
                    LogRecord r = JsonLogLine.decode(bytes, 0, bytes.length);
                    if (r != null) {
                        records.accept(r);
                    }
                    line.reset();
                    start = i + 1;
                }
            }
            line.write(a, start, buf.limit() - start);
            buf.clear();
        }
        return consumed;
    }
}
