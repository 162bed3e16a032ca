package dev.berth.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bounded in-memory pipe between two threads (as the pull's {@code image.remote.ChunkPipe}, but
 * its writer never waits on a reader that closed its end): what a step's diff writes is read, as it is
 * written, by the layer applier on another thread, so a layer is applied into staging while its
 * tar is still being made instead of being read back from disk afterwards (#18).
 * <p>
 * It holds at most {@link #CHUNKS} chunks of {@link #CHUNK} bytes. Unlike
 * {@link java.io.PipedInputStream}, a writer never blocks on a reader that has stopped: once the
 * reader is closed (the applier finished or failed), what is written is dropped, so the diff
 * still completes its file on disk and the applier's own error is what gets reported. The writer
 * ends the stream with {@link Sink#close()} or, on failure, {@link Sink#fail}, which the reader
 * sees as an {@link IOException}.
 */
final class DiffPipe {
    static final int CHUNK = 64 * 1024;
    static final int CHUNKS = 16;

    /** Marks the end of the stream in the queue. */
    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(CHUNKS + 1);
    /** Whole chunks the reader is done with, back to the writer (a layer is not passed through fresh arrays). */
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(CHUNKS + 2);
    private volatile boolean readerClosed;
    private volatile IOException failure;
    private final Sink sink = new Sink();
    private final Source source = new Source();

    Sink sink() {
        return sink;
    }

    InputStream source() {
        return source;
    }

    /** The writing end. */
    final class Sink extends OutputStream {
        private byte[] buf = new byte[CHUNK];
        private int used;
        private boolean closed;

        @Override
        public void write(int b) throws IOException {
            if (used == buf.length) {
                flushChunk();
            }
            buf[used++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (used == buf.length) {
                    flushChunk();
                }
                int n = Math.min(len, buf.length - used);
                System.arraycopy(b, off, buf, used, n);
                used += n;
                off += n;
                len -= n;
            }
        }

        private void flushChunk() throws IOException {
            if (used > 0) {
                byte[] chunk = used == buf.length ? buf : java.util.Arrays.copyOf(buf, used);
                put(chunk);
                byte[] reused = free.poll();
                buf = reused != null ? reused : new byte[CHUNK];
                used = 0;
            }
        }

        /** Ends the stream: the reader sees its end once it has read everything before. */
        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                flushChunk();
                put(END);
            }
        }

        /** Ends the stream with {@code cause}: the reader's next read throws. */
        void fail(Throwable cause) {
            if (!closed) {
                closed = true;
                failure = cause instanceof IOException io ? io : new IOException("the layer's diff failed: " + cause, cause);
                // What is queued is of no use to a reader that is to fail: dropped, so the end
                // marker always fits and this never blocks.
                queue.clear();
                queue.offer(END);
            }
        }

        private void put(byte[] chunk) throws IOException {
            try {
                while (!readerClosed) {
                    if (queue.offer(chunk, 50, TimeUnit.MILLISECONDS)) {
                        return;
                    }
                }
                // the reader stopped: nothing more is read, so nothing more is kept
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while handing the layer to its applier");
            }
        }
    }

    /** The reading end. */
    private final class Source extends InputStream {
        private byte[] chunk;
        private int pos;
        private boolean ended;

        @Override
        public int read() throws IOException {
            if (!fill()) {
                return -1;
            }
            return chunk[pos++] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, chunk.length - pos);
            System.arraycopy(chunk, pos, b, off, n);
            pos += n;
            return n;
        }

        /** Whether a chunk with bytes left is at hand; false at the end of the stream. */
        private boolean fill() throws IOException {
            while (!ended && (chunk == null || pos == chunk.length)) {
                byte[] next;
                try {
                    next = queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while reading the layer from its diff");
                }
                if (chunk != null && chunk.length == CHUNK) {
                    free.offer(chunk); // dropped when the list is full
                }
                if (next == END) {
                    ended = true;
                } else {
                    chunk = next;
                    pos = 0;
                }
            }
            if (ended) {
                IOException f = failure;
                if (f != null) {
                    throw new IOException("the layer's diff failed: " + f.getMessage(), f);
                }
                return false;
            }
            return true;
        }

        /** Stops reading: the writer drops whatever it writes from now on. */
        @Override
        public void close() {
            readerClosed = true;
            queue.clear();
        }
    }
}
