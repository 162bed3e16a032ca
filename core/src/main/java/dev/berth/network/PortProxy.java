package dev.berth.network;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.LoggerFactory;

/**
 * Published ports forwarded by this JVM, Docker's "userland proxy" in NIO: used where the host
 * has neither {@code nft} nor {@code iptables} for DNAT (or when the system property
 * {@code berth.network.publish} is {@code proxy}). One selector thread serves every forwarded
 * port and connection of the JVM, with no thread per connection: TCP connections are piped
 * both ways through two 256 KiB direct buffers, half-closes passed on; UDP datagrams go out
 * through one connected socket per client address, whose answers go back to that client.
 * DNAT is preferred where it works: it keeps the kernel's throughput (see bench/network.sh) and
 * shows the container the real client address.
 */
final class PortProxy implements Runnable {
    private static final int BUFFER = 256 << 10;
    private static PortProxy shared;

    private final Selector selector;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Buffers of closed connections, reused: allocating 256 KiB of direct memory per connection costs more than the connection. */
    private final Deque<ByteBuffer> freeBuffers = new ArrayDeque<>();

    private PortProxy() throws IOException {
        this.selector = Selector.open();
    }

    static synchronized PortProxy shared() throws IOException {
        if (shared == null) {
            shared = new PortProxy();
            Thread t = new Thread(shared, "berth-port-proxy");
            t.setDaemon(true);
            t.start();
        }
        return shared;
    }

    /** Forwards connections to {@code listener} to {@code target} until the listener is closed. */
    void forwardTcp(ServerSocketChannel listener, InetSocketAddress target) {
        submit(() -> {
            listener.configureBlocking(false);
            listener.register(selector, SelectionKey.OP_ACCEPT, (Handler) k -> accept(listener, target));
        });
    }

    /** Forwards datagrams to {@code bound} to {@code target} until it is closed. */
    void forwardUdp(DatagramChannel bound, InetSocketAddress target) {
        submit(() -> {
            bound.configureBlocking(false);
            bound.register(selector, SelectionKey.OP_READ, new UdpForward(bound, target));
        });
    }

    /**
     * Lets the selector see channels closed by their owners: a closed channel's socket is only
     * released once its key is deregistered, which a blocked select() would postpone.
     */
    void wakeup() {
        selector.wakeup();
    }

    private interface Task {
        void run() throws IOException;
    }

    private interface Handler {
        void ready(SelectionKey key) throws IOException;
    }

    private void submit(Task task) {
        tasks.add(() -> {
            try {
                task.run();
            } catch (IOException e) {
                LoggerFactory.getLogger(PortProxy.class).warn("port proxy", e);
            }
        });
        selector.wakeup();
    }

    @Override
    public void run() {
        while (true) {
            try {
                selector.select();
                for (Runnable r; (r = tasks.poll()) != null; ) {
                    r.run();
                }
                for (SelectionKey k : selector.selectedKeys()) {
                    try {
                        if (k.isValid()) {
                            ((Handler) k.attachment()).ready(k);
                        }
                    } catch (IOException e) {
                        k.cancel(); // the handler's channels close themselves; a listener closed by its owner ends here
                    }
                }
                selector.selectedKeys().clear();
            } catch (IOException | RuntimeException e) {
                LoggerFactory.getLogger(PortProxy.class).warn("port proxy", e);
            }
        }
    }

    private void accept(ServerSocketChannel listener, InetSocketAddress target) throws IOException {
        if (!listener.isOpen()) {
            throw new ClosedChannelException();
        }
        for (SocketChannel client; (client = listener.accept()) != null; ) {
            SocketChannel upstream = SocketChannel.open();
            try {
                client.configureBlocking(false);
                upstream.configureBlocking(false);
                TcpPipe pipe = new TcpPipe(client, upstream, buffer(), buffer());
                upstream.connect(target);
                pipe.upKey = upstream.register(selector, SelectionKey.OP_CONNECT, pipe);
                pipe.clientKey = client.register(selector, 0, pipe);
            } catch (IOException e) {
                client.close();
                upstream.close();
            }
        }
    }

    private ByteBuffer buffer() {
        ByteBuffer b = freeBuffers.poll();
        return b != null ? b.clear() : ByteBuffer.allocateDirect(BUFFER);
    }

    /** One proxied TCP connection: two directions, each a buffer from one socket to the other. */
    private final class TcpPipe implements Handler {
        private final SocketChannel client;
        private final SocketChannel upstream;
        private final ByteBuffer toUp;
        private final ByteBuffer toClient;
        private boolean closed;
        private boolean clientEof;
        private boolean upEof;
        private boolean upShut;
        private boolean clientShut;
        SelectionKey upKey;
        SelectionKey clientKey;

        TcpPipe(SocketChannel client, SocketChannel upstream, ByteBuffer toUp, ByteBuffer toClient) {
            this.client = client;
            this.upstream = upstream;
            this.toUp = toUp;
            this.toClient = toClient;
        }

        @Override
        public void ready(SelectionKey key) throws IOException {
            try {
                if (key == upKey && key.isConnectable() && !upstream.finishConnect()) {
                    return;
                }
                clientEof = pump(client, upstream, toUp, clientEof);
                upEof = pump(upstream, client, toClient, upEof);
                if (clientEof && toUp.position() == 0 && !upShut) {
                    upstream.shutdownOutput();
                    upShut = true;
                }
                if (upEof && toClient.position() == 0 && !clientShut) {
                    client.shutdownOutput();
                    clientShut = true;
                }
                if (upShut && clientShut) {
                    close();
                    return;
                }
                upKey.interestOps(interest(toClient, upEof, toUp));
                clientKey.interestOps(interest(toUp, clientEof, toClient));
            } catch (IOException e) {
                close();
                throw e;
            }
        }

        /** Reads while {@code buf} has room, then write what is buffered; whether {@code src} reached EOF. */
        private static boolean pump(SocketChannel src, SocketChannel dst, ByteBuffer buf, boolean eof) throws IOException {
            if (!eof && buf.hasRemaining() && src.read(buf) < 0) {
                eof = true;
            }
            if (buf.position() > 0) {
                buf.flip();
                dst.write(buf);
                buf.compact();
            }
            return eof;
        }

        /** A socket reads while its outgoing buffer has room and it has not ended, and writes while its incoming one holds data. */
        private static int interest(ByteBuffer outgoing, boolean eof, ByteBuffer incoming) {
            int ops = 0;
            if (!eof && outgoing.hasRemaining()) {
                ops |= SelectionKey.OP_READ;
            }
            if (incoming.position() > 0) {
                ops |= SelectionKey.OP_WRITE;
            }
            return ops;
        }

        private void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                client.close();
            } finally {
                upstream.close();
                if (freeBuffers.size() < 64) {
                    freeBuffers.add(toUp);
                    freeBuffers.add(toClient);
                }
            }
        }
    }

    /** A forwarded UDP port: one connected socket per client address, for the answers. */
    private final class UdpForward implements Handler {
        private final DatagramChannel bound;
        private final InetSocketAddress target;
        private final Map<SocketAddress, DatagramChannel> sessions = new HashMap<>();
        private final ByteBuffer buf = ByteBuffer.allocateDirect(65536);

        UdpForward(DatagramChannel bound, InetSocketAddress target) {
            this.bound = bound;
            this.target = target;
        }

        @Override
        public void ready(SelectionKey key) throws IOException {
            if (!bound.isOpen()) {
                for (DatagramChannel s : sessions.values()) {
                    s.close();
                }
                throw new ClosedChannelException();
            }
            for (SocketAddress from; (from = receive()) != null; ) {
                DatagramChannel session = sessions.get(from);
                if (session == null) {
                    session = DatagramChannel.open().connect(target);
                    session.configureBlocking(false);
                    SocketAddress client = from;
                    DatagramChannel s = session;
                    session.register(selector, SelectionKey.OP_READ, (Handler) k -> answer(s, client));
                    sessions.put(from, session);
                }
                session.write(buf);
            }
        }

        private SocketAddress receive() throws IOException {
            buf.clear();
            SocketAddress from = bound.receive(buf);
            buf.flip();
            return from;
        }

        private void answer(DatagramChannel session, SocketAddress client) throws IOException {
            if (!bound.isOpen()) {
                session.close();
                throw new ClosedChannelException();
            }
            ByteBuffer b = ByteBuffer.allocate(65536);
            while (session.read(b) > 0) {
                b.flip();
                bound.send(b, client);
                b.clear();
            }
        }
    }
}
