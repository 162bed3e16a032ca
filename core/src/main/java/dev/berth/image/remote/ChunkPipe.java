package dev.berth.image.remote;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A bounded pipe of byte chunks from a download thread to an unpacking thread. Unlike
 * {@link java.io.PipedInputStream} it does not depend on which threads write, and the writer can
 * be released for good: after {@link #abandon()} writes are dropped and the reader fails, so a
 * download never blocks on an unpacker that gave up.
 */
final class ChunkPipe {
    private static final byte[] END = new byte[0];
    private static final int CHUNKS = 64;

    private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(CHUNKS);
    private volatile boolean abandoned;
    private final Input input = new Input();

    /** Passes a copy of the bytes to the reader, waiting while the pipe is full. */
    void write(byte[] bytes, int offset, int length) throws InterruptedIOException {
        if (length > 0) {
            put(Arrays.copyOfRange(bytes, offset, offset + length));
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

    private void put(byte[] chunk) throws InterruptedIOException {
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
        private byte[] current = new byte[0];
        private int pos;
        private boolean ended;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (pos == current.length) {
                if (ended) {
                    return -1;
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
                    current = new byte[0];
                }
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
