package dev.berth;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/** Helpers of the network tests: an HTTP GET over a plain socket, and the host's berth links and rules. */
final class NetworkTesting {
    /** Serves "hello from NAME" on 8080 with busybox httpd, in the foreground. */
    static final String[] HTTPD = {"sh", "-c", "mkdir -p /tmp/www && echo \"hello from $(hostname)\" > /tmp/www/index.html"
            + " && exec httpd -f -p 8080 -h /tmp/www"};

    private NetworkTesting() {
    }

    /** GET / from {@code address}; the body. */
    static String get(InetSocketAddress address) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(address, 3000);
            s.setSoTimeout(5000);
            s.getOutputStream().write("GET / HTTP/1.0\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (response.isEmpty()) {
                // A port proxy accepts before the server listens, then closes when it cannot connect.
                throw new IOException("closed without a response by " + address);
            }
            assertTrue(response.lines().findFirst().orElse("").endsWith(" 200 OK"), response);
            return response.substring(response.indexOf("\r\n\r\n") + 4);
        }
    }

    /** GET / from {@code address}, retrying refused or unanswered connections for up to 5 s (the server may still start). */
    static String getWhenUp(InetSocketAddress address) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            try {
                return get(address);
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
    }

    /** The MTU of the interface of the host's default route, as /proc/net/route and sysfs tell. */
    static String hostMtu() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/net/route"))) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 7 && f[1].equals("00000000") && f[7].equals("00000000")) {
                return Files.readString(Path.of("/sys/class/net", f[0], "mtu")).trim();
            }
        }
        return "1500";
    }

    /** The names of the host's network interfaces that start with "berth". */
    static List<String> berthLinks() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/sys/class/net"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("berth")).sorted().toList();
        }
    }

    /** The host's berth links, after waiting up to 5 s for veths of ended namespaces to go. */
    static List<String> berthLinksSettled(List<String> expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<String> now = berthLinks();
        while (!now.equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            now = berthLinks();
        }
        return now;
    }

    /** nftables' tables whose name starts with berth. */
    static List<String> berthTables() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("nft", "list", "tables").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out.lines().filter(l -> l.contains(" berth")).toList();
    }

    /**
     * nftables' berth tables, after waiting up to 10 s for them to go: an idle bridge keeps its
     * network's rules for a moment after its last container (dev.berth.network.IdleBridges).
     */
    static List<String> berthTablesSettled() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<String> now = berthTables();
        while (!now.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            now = berthTables();
        }
        return now;
    }

    /** The home's NAT table, as nft lists it ("" without one). */
    static String nftTable(String table) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("nft", "list", "table", "ip", table).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return p.waitFor() == 0 ? out : "";
    }
}
