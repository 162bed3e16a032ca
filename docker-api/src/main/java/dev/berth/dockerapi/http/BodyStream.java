package dev.berth.dockerapi.http;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;

/**
 * Bytes the event loop receives, read by a worker thread as they arrive. It holds at most a
 * few chunks: when full, the connection stops reading from the socket until the worker catches
 * up, so a large upload (a build context, an image tar) is never held in memory.
 */
final class BodyStream extends InputStream {
    private static final int HIGH = 16;
    private static final int LOW = 4;

    private final Runnable readMore;
    private final ArrayDeque<ByteBuf> queue = new ArrayDeque<>();
    private ByteBuf current;
    private boolean ended;
    private boolean closed;
    private IOException failure;

    /** {@code readMore} runs when the reader has drained a full queue (the connection reads again). */
    BodyStream(Runnable readMore) {
        this.readMore = readMore;
    }

    static BodyStream empty() {
        BodyStream s = new BodyStream(() -> {});
        s.end();
        return s;
    }

    /** Called on the event loop; takes over {@code buf}. */
    synchronized void offer(ByteBuf buf) {
        if (closed || ended || !buf.isReadable()) {
            buf.release();
            return;
        }
        queue.add(buf);
        notifyAll();
    }

    synchronized boolean full() {
        return !closed && queue.size() >= HIGH;
    }

    synchronized void end() {
        ended = true;
        notifyAll();
    }

    synchronized void fail(IOException e) {
        if (!ended) {
            failure = e;
        }
        ended = true;
        notifyAll();
    }

    synchronized boolean ended() {
        return ended;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        boolean resume = false;
        int n;
        synchronized (this) {
            while (current == null || !current.isReadable()) {
                if (current != null) {
                    current.release();
                    current = null;
                }
                if (closed) {
                    throw new IOException("request body closed");
                }
                int before = queue.size();
                current = queue.poll();
                if (current != null) {
                    resume = before >= HIGH || queue.size() == LOW;
                    break;
                }
                if (failure != null) {
                    throw failure;
                }
                if (ended) {
                    return -1;
                }
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while reading the request body");
                }
            }
            n = Math.min(len, current.readableBytes());
            current.readBytes(b, off, n);
        }
        if (resume) {
            readMore.run();
        }
        return n;
    }

    @Override
    public synchronized int available() {
        int n = current == null ? 0 : current.readableBytes();
        for (ByteBuf buf : queue) {
            n += buf.readableBytes();
        }
        return n;
    }

    /** Drops what is held; what still arrives is dropped too. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            if (current != null) {
                current.release();
                current = null;
            }
            queue.forEach(ByteBuf::release);
            queue.clear();
            notifyAll();
        }
        readMore.run();
    }
}
