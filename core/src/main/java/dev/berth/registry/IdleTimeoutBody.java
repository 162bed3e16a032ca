package dev.berth.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body read as an {@link InputStream} that fails when no bytes arrive for a while.
 * The JDK's {@code BodyHandlers.ofInputStream()} waits forever on a connection that stalls
 * without closing; this one throws {@link HttpTimeoutException} after the idle time, so a stalled
 * blob download is retried or resumed like a dropped one. It keeps up to {@value #PREFETCH} buffer
 * lists in flight, so the client reads the socket while the caller hashes and writes (one at a
 * time serialised the two and cost about a third of the throughput); memory stays bounded.
 */
final class IdleTimeoutBody implements HttpResponse.BodySubscriber<InputStream> {
    private static final Object END = new Object();
    static final int PREFETCH = 16;

    private final Duration idle;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();
    private final Body body = new Body();

    private IdleTimeoutBody(Duration idle) {
        this.idle = idle;
    }

    /** A body handler whose streams give up after {@code idle} without data. */
    static HttpResponse.BodyHandler<InputStream> handler(Duration idle) {
        return info -> new IdleTimeoutBody(idle);
    }

    @Override
    public CompletionStage<InputStream> getBody() {
        return CompletableFuture.completedStage(body);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription.complete(s);
        s.request(PREFETCH);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        queue.add(item);
    }

    @Override
    public void onError(Throwable throwable) {
        queue.add(throwable);
    }

    @Override
    public void onComplete() {
        queue.add(END);
    }

    private void cancel() {
        subscription.thenAccept(Flow.Subscription::cancel);
    }

    /** The stream handed to callers. */
    private final class Body extends InputStream {
        private Iterator<ByteBuffer> buffers = List.<ByteBuffer>of().iterator();
        private ByteBuffer current = ByteBuffer.allocate(0);
        private boolean ended;
        private boolean closed;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) throws IOException {
            if (closed) {
                throw new IOException("response body already closed");
            }
            if (len == 0) {
                return 0;
            }
            while (!current.hasRemaining()) {
                if (buffers.hasNext()) {
                    current = buffers.next();
                } else if (ended || !nextItem()) {
                    return -1;
                }
            }
            int n = Math.min(len, current.remaining());
            current.get(b, off, n);
            return n;
        }

        /** Waits for the next list of buffers; false at the end of the body. */
        @SuppressWarnings("unchecked")
        private boolean nextItem() throws IOException {
            Object item;
            try {
                item = queue.poll(idle.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                cancel();
                throw RetryingSender.interrupted(e);
            }
            if (item == null) {
                cancel();
                throw new HttpTimeoutException("no data received for " + idle.toSeconds() + " s");
            }
            if (item == END) {
                ended = true;
                return false;
            }
            if (item instanceof Throwable t) {
                ended = true;
                throw t instanceof IOException io ? new IOException(io.getMessage(), io) : new IOException(t);
            }
            buffers = ((List<ByteBuffer>) item).iterator();
            subscription.thenAccept(s -> s.request(1));
            return true;
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                if (!ended) {
                    cancel();
                }
            }
        }
    }
}
