package dev.berth.image.remote;

import dev.berth.overlayfs.apply.SpareBuffers;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A bounded pipe of byte chunks from a download thread to an unpacking thread. Unlike
 * {@link java.io.PipedInputStream} it does not depend on which threads write, and the writer can
 * be released for good: after {@link #abandon()} writes are dropped and the reader fails, so a
 * download never blocks on an unpacker that gave up. The chunk buffers come from a process-wide
 * stock and go back to it once read, for the next layer and the next pull: a pull passed its whole
 * size through fresh arrays before (about 100 MB of garbage per 100 MB pulled, in the JFR profile
 * of #20), and then, with a stock per pipe, still about 15 MB per pull that young collections
 * copied while in flight.
 */
final class ChunkPipe {
    private static final int CHUNKS = 64;
    private static final int BUFFER = 64 * 1024;
    /** Enough for a few layers' pipes full at once (8 MiB); more are allocated and dropped. */
    private static final SpareBuffers BUFFERS = new SpareBuffers(BUFFER, 128);
    private static final Chunk END = new Chunk(new byte[0], 0);

    /** {@code length} bytes at the start of {@code bytes}. */
    private record Chunk(byte[] bytes, int length) {
    }

    private final BlockingQueue<Chunk> chunks = new ArrayBlockingQueue<>(CHUNKS);
    private volatile boolean abandoned;
    private final Input input = new Input();

    /** Passes a copy of the bytes to the reader, waiting while the pipe is full. */
    void write(byte[] bytes, int offset, int length) throws InterruptedIOException {
        while (length > 0) {
            byte[] buf = BUFFERS.take();
            int n = Math.min(length, buf.length);
            System.arraycopy(bytes, offset, buf, 0, n);
            put(new Chunk(buf, n));
            offset += n;
            length -= n;
        }
    }

    /** End of data: the reader sees end of file once it has read everything. */
    void close() throws InterruptedIOException {
        put(END);
    }

    /** Gives up: writes are dropped from now on and the reader fails. */
    void abandon() {
        abandoned = true;
        chunks.clear();
        chunks.offer(END);
    }

    boolean abandoned() {
        return abandoned;
    }

    InputStream input() {
        return input;
    }

    private void put(Chunk chunk) throws InterruptedIOException {
        try {
            while (!abandoned && !chunks.offer(chunk, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                // full: the unpacker is behind; wait, unless it gives up meanwhile
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while passing a layer to its unpacker");
        }
    }

    private final class Input extends InputStream {
        private Chunk current = new Chunk(new byte[0], 0);
        private int pos;
        private boolean ended;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (pos == current.length()) {
                if (ended) {
                    return -1;
                }
                if (current.length() > 0) {
                    BUFFERS.give(current.bytes()); // back to the stock; dropped when it is full
                }
                try {
                    current = chunks.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while unpacking a downloading layer");
                }
                pos = 0;
                if (abandoned) {
                    throw new IOException("the download feeding this layer was restarted or failed");
                }
                if (current == END) {
                    ended = true;
                }
            }
            int n = Math.min(len, current.length() - pos);
            System.arraycopy(current.bytes(), pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
