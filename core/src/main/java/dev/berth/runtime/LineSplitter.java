package dev.berth.runtime;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Cuts a byte stream into log records as Docker's log copier does: at each newline (kept), and
 * every {@link #MAX_RECORD} bytes of a longer line; {@link #finish} flushes what is left at EOF
 * as a last partial record. Not thread-safe: one per stream.
 */
final class LineSplitter {
    /** Docker's copier buffer: longer lines become several partial records. */
    static final int MAX_RECORD = 16 * 1024;

    private final byte[] pending = new byte[MAX_RECORD];
    private int size;
    private final Consumer<byte[]> emit;

    LineSplitter(Consumer<byte[]> emit) {
        this.emit = emit;
    }

    void feed(byte[] buf, int off, int len) {
        int end = off + len;
        while (off < end) {
            int take = Math.min(end - off, MAX_RECORD - size);
            int newline = indexOfNewline(buf, off, off + take);
            if (newline >= 0) {
                take = newline - off + 1;
            }
            System.arraycopy(buf, off, pending, size, take);
            size += take;
            off += take;
            if (newline >= 0 || size == MAX_RECORD) {
                flush();
            }
        }
    }

    void finish() {
        if (size > 0) {
            flush();
        }
    }

    private void flush() {
        emit.accept(Arrays.copyOf(pending, size));
        size = 0;
    }

    private static int indexOfNewline(byte[] buf, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
