package dev.berth.dockerapi.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.DomainSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * HTTP/1.1 on a unix domain socket through Netty's epoll transport: one event-loop thread for
 * the sockets, a pool of workers for the handlers, which block.
 */
public final class UnixSocketServer implements AutoCloseable {
    private static final int MAX_INITIAL_LINE = 64 * 1024; // filters travel in the query
    private static final int MAX_HEADERS = 1024 * 1024; // X-Registry-Config carries every registry's login

    private final EventLoopGroup loop;
    private final ExecutorService workers;
    private final Channel server;

    private UnixSocketServer(EventLoopGroup loop, ExecutorService workers, Channel server) {
        this.loop = loop;
        this.workers = workers;
        this.server = server;
    }

    /** Listens on {@code socket}, which must not exist. */
    public static UnixSocketServer listen(Path socket, Router router, Map<String, String> commonHeaders) throws IOException {
        if (!Epoll.isAvailable()) {
            throw new IOException("the epoll transport is not available here: " + Epoll.unavailabilityCause());
        }
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, daemonThreads("docker-api-io"), EpollIoHandler.newFactory());
        ExecutorService workers = Executors.newCachedThreadPool(daemonThreads("docker-api-worker"));
        try {
            Channel server = new ServerBootstrap()
                    .group(loop)
                    .channel(EpollServerDomainSocketChannel.class)
                    .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .childHandler(new ChannelInitializer<DomainSocketChannel>() {
                        @Override
                        protected void initChannel(DomainSocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADERS, 64 * 1024));
                            ch.pipeline().addLast(new HttpServerExpectContinueHandler());
                            ch.pipeline().addLast(new ApiConnection(router, workers, commonHeaders));
                        }
                    })
                    .bind(new DomainSocketAddress(socket.toFile()))
                    .sync()
                    .channel();
            return new UnixSocketServer(loop, workers, server);
        } catch (Exception e) {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            workers.shutdownNow();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("cannot listen on " + socket + ": " + e.getMessage(), e);
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Stops listening and ends every connection; handlers still running are interrupted. */
    @Override
    public void close() {
        server.close().syncUninterruptibly();
        workers.shutdownNow();
        loop.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
