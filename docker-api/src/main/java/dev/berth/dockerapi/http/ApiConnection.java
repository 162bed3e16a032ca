package dev.berth.dockerapi.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: HTTP/1.1 requests one after the other (keep-alive), each handled on a
 * worker thread while the event loop feeds it the body; or, once a handler hijacks it, raw
 * bytes both ways. Fields are touched on the event loop only, but for the worker's reads
 * noted where they happen.
 */
final class ApiConnection extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ApiConnection.class);
    /**
     * {@code -Dberth.dockerapi.trace=true}: one line per request on stderr (when it arrived, on
     * the monotonic clock in ms, and how long the handler took until its answer was written),
     * to see where a client's time goes (bench/docker-api.sh). Off by default.
     */
    static final boolean TRACE = Boolean.getBoolean("berth.dockerapi.trace");

    private final Router router;
    private final ExecutorService workers;
    private final Map<String, String> commonHeaders;
    private final Object writable = new Object();
    private final ArrayDeque<Object> waiting = new ArrayDeque<>();
    private final List<Runnable> closeActions = new CopyOnWriteArrayList<>();
    private ChannelHandlerContext ctx;
    private boolean busy;
    private boolean bodyEnded;
    private boolean responseDone;
    private boolean keepAlive;
    private boolean hijacked;
    private boolean inputShutdown;
    private volatile boolean closed;
    private BodyStream body;

    ApiConnection(Router router, ExecutorService workers, Map<String, String> commonHeaders) {
        this.router = router;
        this.workers = workers;
        this.commonHeaders = commonHeaders;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (hijacked) {
            if (msg instanceof ByteBuf buf) {
                body.offer(buf);
            } else if (msg instanceof HttpContent c) {
                body.offer(c.content());
            } else {
                io.netty.util.ReferenceCountUtil.release(msg);
            }
            updateAutoRead();
            return;
        }
        if (busy && bodyEnded) {
            waiting.add(msg); // a pipelined request: taken once this one is answered
            updateAutoRead();
            return;
        }
        if (msg instanceof HttpRequest req) {
            if (!req.decoderResult().isSuccess()) {
                io.netty.util.ReferenceCountUtil.release(msg);
                badRequest(req.decoderResult().cause());
                return;
            }
            start(req);
        }
        if (msg instanceof HttpContent c) {
            if (busy && !bodyEnded) {
                body.offer(c.content());
                if (c instanceof LastHttpContent) {
                    bodyEnded = true;
                    body.end();
                    maybeFinish();
                }
            } else {
                c.release();
            }
        }
        updateAutoRead();
    }

    private void start(HttpRequest req) {
        busy = true;
        bodyEnded = false;
        responseDone = false;
        keepAlive = HttpUtil.isKeepAlive(req);
        body = new BodyStream(() -> ctx.channel().eventLoop().execute(this::updateAutoRead));
        BodyStream requestBody = body;
        workers.execute(() -> handle(req, requestBody));
    }

    /** On a worker: route, run the handler, answer. */
    private void handle(HttpRequest req, BodyStream requestBody) {
        long t0 = TRACE ? System.nanoTime() : 0;
        QueryStringDecoder uri = new QueryStringDecoder(req.uri());
        String method = req.method().name();
        ApiResponse response;
        ApiVersion version = ApiVersion.MAX;
        try {
            ApiVersion.Split split = ApiVersion.split(uri.path());
            version = split.version();
            Router.Match match = router.match(method, split.path())
                    .orElseThrow(() -> ApiException.notFound("page not found"));
            ApiRequest request = new ApiRequest(method, split.path(), split.version(), match.params(), uri.parameters(),
                    req.headers(), requestBody, connection());
            response = match.handler().handle(request);
            if (response == null) {
                throw new IllegalStateException(method + " " + split.path() + " answered nothing");
            }
        } catch (Throwable t) {
            response = error(method, uri.path(), t);
        }
        respond(req, response, requestBody);
        if (TRACE) {
            long t1 = System.nanoTime();
            System.err.printf("docker-api-trace at=%.1f ms=%.1f %d %s %s%n", t0 / 1e6, (t1 - t0) / 1e6, response.status, method, req.uri());
        }
    }

    private ApiRequest.Connection connection() {
        return new ApiRequest.Connection() {
            @Override
            public boolean isOpen() {
                return !closed;
            }

            @Override
            public void onClose(Runnable action) {
                closeActions.add(action);
                if (closed && closeActions.remove(action)) {
                    action.run();
                }
            }
        };
    }

    private void respond(HttpRequest req, ApiResponse response, BodyStream requestBody) {
        Channel ch = ctx.channel();
        switch (response.kind) {
            case BYTES -> sendWhole(ch, response);
            case STREAM -> sendStream(req, ch, response, requestBody);
            case HIJACK -> hijack(req, ch, response, requestBody);
        }
    }

    private void sendWhole(Channel ch, ApiResponse response) {
        byte[] bytes;
        try {
            bytes = response.json != null ? JsonCodec.MAPPER.writeValueAsBytes(response.json) : response.bytes;
        } catch (IOException e) {
            response = error("", "", e);
            bytes = response.bytes;
        }
        boolean noBody = response.status == 204 || response.status == 304;
        FullHttpResponse out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(response.status), noBody ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes));
        head(out, response);
        if (!noBody) {
            HttpUtil.setContentLength(out, bytes.length);
        }
        ch.writeAndFlush(out).addListener(f -> ch.eventLoop().execute(this::responseWritten));
    }

    private void sendStream(HttpRequest req, Channel ch, ApiResponse response, BodyStream requestBody) {
        ChannelOutput out = new ChannelOutput(ch, true, () -> {
            HttpResponse headOut = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(response.status));
            head(headOut, response);
            HttpUtil.setTransferEncodingChunked(headOut, true);
            ch.writeAndFlush(headOut);
        }, writable);
        try {
            response.stream.write(out);
            out.flush();
        } catch (Throwable t) {
            if (!out.started()) {
                respond(req, error(req.method().name(), req.uri(), t), requestBody);
                return;
            }
            out.discard();
            if (!(t instanceof IOException) || ch.isActive()) {
                LOG.warn("{} {}: the streamed answer failed after it began", req.method(), req.uri(), t);
            }
            ch.close(); // the head is gone: only closing tells the client the stream is cut short
            return;
        }
        ch.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(f -> ch.eventLoop().execute(this::responseWritten));
    }

    private void hijack(HttpRequest req, Channel ch, ApiResponse response, BodyStream requestBody) {
        // The request's own body (exec start's JSON) is not the stream: what the handler left of
        // it is read and dropped first, so only bytes sent after the request reach fromClient.
        try {
            requestBody.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            LOG.debug("the request body before the hijack of {} ended badly", req.uri(), e);
        }
        boolean upgrade = req.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
                && req.headers().contains(HttpHeaderNames.UPGRADE);
        StringBuilder head = new StringBuilder(upgrade ? "HTTP/1.1 101 UPGRADED\r\n" : "HTTP/1.1 200 OK\r\n");
        head.append("Content-Type: ").append(response.contentType).append("\r\n");
        if (upgrade) {
            head.append("Connection: Upgrade\r\nUpgrade: tcp\r\n");
        }
        commonHeaders.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        response.headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("\r\n");
        BodyStream fromClient;
        try {
            fromClient = ch.eventLoop().submit(() -> {
                hijacked = true;
                BodyStream previous = body;
                body = new BodyStream(() -> ch.eventLoop().execute(this::updateAutoRead));
                if (previous != null) {
                    previous.close();
                }
                // What the codec holds past the request (stdin sent at once) reaches channelRead raw.
                ch.pipeline().remove(HttpServerCodec.class);
                ch.writeAndFlush(Unpooled.copiedBuffer(head, StandardCharsets.ISO_8859_1));
                if (inputShutdown) {
                    body.end();
                }
                updateAutoRead();
                return body;
            }).get();
        } catch (Exception e) {
            LOG.debug("could not take over the connection for {}", req.uri(), e);
            ch.close();
            return;
        }
        ChannelOutput out = new ChannelOutput(ch, false, () -> {}, writable);
        try {
            response.hijack.run(fromClient, out);
            out.flush();
        } catch (Throwable t) {
            if (ch.isActive()) {
                LOG.warn("{} {}: the hijacked stream ended with an error", req.method(), req.uri(), t);
            }
            out.discard();
        } finally {
            fromClient.close();
            ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void head(HttpResponse out, ApiResponse response) {
        commonHeaders.forEach((k, v) -> out.headers().set(k, v));
        if (response.contentType != null) {
            out.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType);
        }
        response.headers.forEach((k, v) -> out.headers().set(k, v));
        if (!keepAlive) {
            out.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
    }

    static ApiResponse error(String method, String path, Throwable t) {
        if (t instanceof ApiException e) {
            return e.status() == 304 ? ApiResponse.empty(304) : ApiResponse.json(e.status(), new ErrorBody(e.getMessage()));
        }
        if (t instanceof IllegalArgumentException) {
            return ApiResponse.json(400, new ErrorBody(t.getMessage()));
        }
        LOG.warn("{} {} failed", method, path, t);
        String message = t.getMessage() != null ? t.getMessage() : t.toString();
        return ApiResponse.json(500, new ErrorBody(message));
    }

    /** Docker's error body. */
    record ErrorBody(@com.fasterxml.jackson.annotation.JsonProperty("message") String message) {}

    private void badRequest(Throwable cause) {
        keepAlive = false;
        busy = true;
        bodyEnded = true;
        body = BodyStream.empty();
        sendWhole(ctx.channel(), ApiResponse.json(400, new ErrorBody("malformed request: " + cause)));
    }

    /** On the event loop, once the whole response is written. */
    private void responseWritten() {
        responseDone = true;
        if (!bodyEnded && body != null) {
            body.close(); // the handler did not want the rest; it is read and dropped
        }
        maybeFinish();
    }

    private void maybeFinish() {
        if (!busy || !bodyEnded || !responseDone || hijacked) {
            return;
        }
        busy = false;
        body = null;
        if (!keepAlive || inputShutdown) {
            ctx.close();
            return;
        }
        while (!busy && !waiting.isEmpty()) {
            channelRead(ctx, waiting.poll());
        }
        updateAutoRead();
    }

    private void updateAutoRead() {
        boolean read;
        if (hijacked) {
            read = !body.full();
        } else if (!busy) {
            read = true;
        } else {
            read = !bodyEnded && !body.full();
        }
        Channel ch = ctx.channel();
        if (ch.config().isAutoRead() != read) {
            ch.config().setAutoRead(read);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof ChannelInputShutdownEvent) {
            inputShutdown = true;
            if (hijacked) {
                body.end(); // the client is done sending (stdin closed); it still reads
            } else if (!busy) {
                ctx.close();
            } else if (!bodyEnded) {
                body.fail(new IOException("the client closed the connection before the request body ended"));
                bodyEnded = true;
                keepAlive = false;
            } else {
                keepAlive = false;
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        synchronized (writable) {
            writable.notifyAll();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        closed = true;
        if (body != null) {
            body.fail(new IOException("the client closed the connection"));
        }
        waiting.forEach(io.netty.util.ReferenceCountUtil::release);
        waiting.clear();
        synchronized (writable) {
            writable.notifyAll();
        }
        for (Runnable action : closeActions) {
            if (closeActions.remove(action)) {
                try {
                    action.run();
                } catch (RuntimeException e) {
                    LOG.debug("a close action failed", e);
                }
            }
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("connection error", cause);
        ctx.close();
    }
}
