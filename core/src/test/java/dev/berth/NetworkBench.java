package dev.berth;

import dev.berth.namespaces.Namespace;
import dev.berth.network.Networks;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The Berth side of {@code bench/network.sh}: one container publishing port 9000, served by a
 * Java server whose socket lives in the container's network namespace (made there through
 * {@link Container#networkNamespace()}), so that both paths reach the very same server:
 * <ul>
 *   <li>published: {@code 127.0.0.1:mappedPort} (DNAT on the host, then the bridge and veth),</li>
 *   <li>direct: the container's bridge address and port 9000 (the bridge and veth only).</li>
 * </ul>
 * The same again with the published port forced through the JVM's port proxy
 * ({@code berth.network.publish=proxy}), to compare the two ways of publishing.
 * Per path: bulk TCP throughput (MB_PER_RUN written by the JVM, read and discarded by the
 * server, best of ROUNDS alternating rounds) and connection rate (CONNECTIONS sequential
 * connect + close, each accepted by the server).
 *
 * <pre>java -cp TEST_CLASSPATH dev.berth.NetworkBench HOME MB_PER_RUN ROUNDS CONNECTIONS</pre>
 */
public final class NetworkBench {
    private static final int PORT = 9000;

    private NetworkBench() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        int mb = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        int connections = Integer.parseInt(args[3]);
        BusyboxImage.store(home, Files.createDirectories(home.resolveSibling("scratch")));
        try (Berth berth = Berth.builder().home(home).build()) {
            Result dnat = measure(berth, mb, rounds, connections);
            System.setProperty(Networks.PUBLISH_PROPERTY, "proxy");
            Result proxy = measure(berth, mb, rounds, connections);
            System.clearProperty(Networks.PUBLISH_PROPERTY);
            System.out.printf("network direct throughput MB/s: %.0f%n", dnat.direct);
            System.out.printf("network published (DNAT) throughput MB/s: %.0f%n", dnat.published);
            System.out.printf("network published (Java proxy) throughput MB/s: %.0f (direct in that run: %.0f)%n",
                    proxy.published, proxy.direct);
            System.out.printf("network direct connections/s: %.0f%n", dnat.directRate);
            System.out.printf("network published (DNAT) connections/s: %.0f%n", dnat.publishedRate);
            System.out.printf("network published (Java proxy) connections/s: %.0f%n", proxy.publishedRate);
            System.out.printf("network proxy ratio proxy/direct: %.3f%n", proxy.published / proxy.direct);
            System.out.printf("network connection ratio published/direct: %.3f%n", dnat.publishedRate / dnat.directRate);
            System.out.printf("network ratio published/direct: %.3f%n", dnat.published / dnat.direct);
        }
    }

    /** Best throughputs (MB/s) and connection rates (1/s) of the two paths to one container. */
    private record Result(double direct, double published, double directRate, double publishedRate) {
    }

    private static Result measure(Berth berth, int mb, int rounds, int connections) throws Exception {
        try (Container c = berth.container(BusyboxImage.REFERENCE).publish(PORT).command("sleep", "600").start();
             Namespace net = c.networkNamespace();
             ServerSocketChannel server = net.call(() -> ServerSocketChannel.open().bind(new InetSocketAddress(PORT), 128))) {
            Thread serving = new Thread(() -> serve(server), "bench-server");
            serving.setDaemon(true);
            serving.start();
            InetSocketAddress published = new InetSocketAddress("127.0.0.1", c.mappedPort(PORT));
            InetSocketAddress direct = new InetSocketAddress(c.ipAddress().orElseThrow(), PORT);
            send(published, 64);
            send(direct, 64); // warm-up
            double[] pub = new double[rounds];
            double[] dir = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                dir[i] = send(direct, mb);
                pub[i] = send(published, mb);
            }
            return new Result(Arrays.stream(dir).max().orElseThrow(), Arrays.stream(pub).max().orElseThrow(),
                    connect(direct, connections), connect(published, connections));
        }
    }

    /** One selector thread: accepts, reads and discards, closes at EOF (no thread per connection). */
    private static void serve(ServerSocketChannel server) {
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
        try (Selector selector = Selector.open()) {
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
            while (true) {
                selector.select();
                for (SelectionKey k : selector.selectedKeys()) {
                    if (k.isAcceptable()) {
                        SocketChannel s = server.accept();
                        if (s != null) {
                            s.configureBlocking(false);
                            s.register(selector, SelectionKey.OP_READ);
                        }
                    } else if (k.isReadable()) {
                        SocketChannel s = (SocketChannel) k.channel();
                        int n;
                        do {
                            buf.clear();
                            n = s.read(buf);
                        } while (n > 0);
                        if (n < 0) {
                            k.cancel();
                            s.close();
                        }
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException closed) {
            // the bench is over
        }
    }

    /** Writes {@code mb} MiB to {@code to}; MB/s until the server has read all (it closes on EOF). */
    private static double send(InetSocketAddress to, int mb) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
        long t0 = System.nanoTime();
        try (SocketChannel s = SocketChannel.open(to)) {
            for (int i = 0; i < mb; i++) {
                buf.clear();
                while (buf.hasRemaining()) {
                    s.write(buf);
                }
            }
            s.shutdownOutput();
            s.read(ByteBuffer.allocate(1)); // EOF once the server has drained and closed
        }
        return mb / ((System.nanoTime() - t0) / 1e9);
    }

    /** Connections per second: {@code n} sequential connect and close. */
    private static double connect(InetSocketAddress to, int n) throws IOException {
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            try (SocketChannel s = SocketChannel.open(to)) {
                s.shutdownOutput();
                s.read(ByteBuffer.allocate(1));
            }
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }
}
