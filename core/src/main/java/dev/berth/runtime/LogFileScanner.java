package dev.berth.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * Reads the records of a json-file log from a byte offset. Only lines that end with a newline
 * count: a writer in this or another process may be in the middle of the last one, which the
 * next scan picks up from the returned offset.
 */
final class LogFileScanner {
    private LogFileScanner() {
    }

    /** Passes each decodable record from {@code offset} on; returns the offset after the last full line. */
    static long scan(Path file, long offset, Consumer<LogRecord> records) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (ch.size() <= offset) {
                return offset;
            }
            ch.position(offset);
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            long consumed = offset;
            while (ch.read(buf) > 0) {
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
        } catch (NoSuchFileException e) {
            return offset;
        }
    }
}
