package dev.berth.dockerapi.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A worker thread's writes to a connection: buffered, sent on {@link #flush()} (or when the
 * buffer fills), and held back while the socket's send buffer is full, so a slow client slows
 * the writer instead of filling the heap. In a chunked response each flush is one chunk; on a
 * hijacked connection the bytes go raw.
 */
final class ChannelOutput extends OutputStream {
    private static final int BUFFER = 32 * 1024;

    private final Channel channel;
    private final boolean chunked;
    private final Runnable beforeFirstWrite;
    private final Object writable;
    private ByteBuf buffer;
    private boolean started;
    private volatile IOException failure;

    /**
     * @param beforeFirstWrite sends the response head, once, before the first bytes; a body
     *     that fails before writing anything can still be answered with an error
     * @param writable notified by the connection when the channel becomes writable again
     */
    ChannelOutput(Channel channel, boolean chunked, Runnable beforeFirstWrite, Object writable) {
        this.channel = channel;
        this.chunked = chunked;
        this.beforeFirstWrite = beforeFirstWrite;
        this.writable = writable;
    }

    synchronized boolean started() {
        return started;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        ensureOpen();
        while (len > 0) {
            if (buffer == null) {
                buffer = channel.alloc().buffer(BUFFER);
            }
            int n = Math.min(len, buffer.writableBytes());
            if (n == 0) {
                send();
                continue;
            }
            buffer.writeBytes(b, off, n);
            off += n;
            len -= n;
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        ensureOpen();
        send();
    }

    /** Sends the head even when nothing was written (an empty stream). */
    synchronized void startIfNeeded() {
        if (!started) {
            started = true;
            beforeFirstWrite.run();
        }
    }

    private void send() throws IOException {
        startIfNeeded();
        if (buffer == null || !buffer.isReadable()) {
            return;
        }
        ByteBuf out = buffer;
        buffer = null;
        awaitWritable(out);
        channel.writeAndFlush(chunked ? new DefaultHttpContent(out) : out).addListener(f -> {
            if (!f.isSuccess()) {
                failure = new IOException("could not write to the client: " + f.cause(), f.cause());
            }
        });
    }

    private void awaitWritable(ByteBuf pending) throws IOException {
        synchronized (writable) {
            while (channel.isActive() && !channel.isWritable()) {
                try {
                    writable.wait(100);
                } catch (InterruptedException e) {
                    pending.release();
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while writing to the client");
                }
            }
        }
        if (!channel.isActive()) {
            pending.release();
            throw new IOException("the client closed the connection");
        }
    }

    private void ensureOpen() throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (!channel.isActive()) {
            throw new IOException("the client closed the connection");
        }
    }

    /** Drops what was not sent (the connection is going). */
    synchronized void discard() {
        if (buffer != null) {
            buffer.release();
            buffer = null;
        }
    }
}
