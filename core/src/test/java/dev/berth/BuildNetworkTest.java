package dev.berth;

import static dev.berth.NetworkTesting.berthLinks;
import static dev.berth.NetworkTesting.berthLinksSettled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RUN's network, as docker build gives it: by default an endpoint of the step's own on the
 * default bridge, masqueraded to the outside, with the host's nameservers; {@code none} and
 * {@code host} on request; nothing of it left after the build, whether it succeeded, failed or
 * was cancelled. Run under {@code flock /tmp/berth-net.lock} with the other network tests.
 */
class BuildNetworkTest extends BusyboxContainers {
    private List<String> linksBefore;

    @BeforeEach
    void recordLinks() throws IOException {
        linksBefore = berthLinks();
    }

    /** No endpoint in the store, no veth or bridge, no NAT table once the build and its Berth are done. */
    @AfterEach
    void nothingIsLeft() throws Exception {
        berth.close();
        try (Stream<Path> s = Files.list(home.resolve("build-tmp"))) {
            assertEquals(List.of(), s.toList(), "step scratch directories left");
        } catch (java.nio.file.NoSuchFileException e) {
            // no step ran
        }
        assertEquals(linksBefore, berthLinksSettled(linksBefore), "links left");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!NetworkTesting.nftTable(tableOfHome()).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100); // an idle bridge keeps its rules for a moment (dev.berth.network.IdleBridges)
        }
        assertEquals("", NetworkTesting.nftTable(tableOfHome()), "the home's nft table left");
        Path networks = home.resolve("networks");
        if (Files.isDirectory(networks)) {
            try (Stream<Path> s = Files.list(networks)) {
                for (Path f : s.filter(p -> p.toString().endsWith(".json")).toList()) {
                    String json = Files.readString(f);
                    assertTrue(json.contains("\"endpoints\":[]") || !json.contains("\"containerId\""),
                            "an endpoint is left in " + f + ": " + json);
                }
            }
        }
    }

    @Test
    void aRunStepReachesTheOutsideThroughTheBridgeAndResolvesWithTheHostsNameservers() throws Exception {
        InetSocketAddress mirror = reachableOutsideAddress();
        List<String> nameservers = hostNameservers();
        Image image = berth.imageBuilder().from(IMAGE).user("root")
                .run("cat /etc/resolv.conf > /resolv; ip -4 route > /route; "
                        // any HTTP answer will do: the server is reached by address, not by its name
                        + "wget -S -O /dev/null http://" + mirror.getAddress().getHostAddress() + ":" + mirror.getPort()
                        + "/ 2>&1 | grep '^  HTTP/' > /answer; true")
                .build("berth.test/build-net:1");
        String resolv = runIn(image, "cat", "/resolv");
        for (String ns : nameservers) {
            assertTrue(resolv.contains("nameserver " + ns), resolv);
        }
        assertTrue(runIn(image, "cat", "/route").startsWith("default via "), "the step had no default route");
        assertTrue(runIn(image, "cat", "/answer").startsWith("  HTTP/1."), "the outside was not reached");
        // The mount points of the generated files are not part of the layer, nor /etc for them.
        List<String> names = topLayerNames(image);
        assertTrue(names.containsAll(List.of("answer", "resolv", "route")), names.toString());
        assertEquals(List.of(), names.stream().filter(n -> n.startsWith("etc")).toList());
    }

    @Test
    void aStepWithoutNetworkFailsSayingSo() {
        BuildException e = assertThrows(BuildException.class, () -> berth.imageBuilder().from(IMAGE).network("none")
                .run("wget -q -O /x http://192.0.2.1/").build("berth.test/build-net:2"));
        assertTrue(e.getMessage().contains("the build ran without network (--network=none)"), e.getMessage());
    }

    @Test
    void hostAndNoneGiveTheHostsInterfacesAndLoopbackOnly() throws Exception {
        Image image = berth.imageBuilder().from(IMAGE).user("root")
                .network("none").run("grep -c : /proc/net/dev > /none")
                .network("host").run("cat /proc/net/dev > /host-names")
                .network("default").run("grep -c : /proc/net/dev > /bridge")
                .build("berth.test/build-net:3");
        assertEquals("1\n2\n", runIn(image, "cat", "/none", "/bridge"), "loopback, then loopback and eth0");
        String defaultInterface = Files.readAllLines(Path.of("/proc/net/route")).stream().map(l -> l.trim().split("\\s+"))
                .filter(f -> f.length > 2 && f[1].equals("00000000")).map(f -> f[0]).findFirst().orElse("lo");
        assertTrue(runIn(image, "cat", "/host-names").contains(defaultInterface + ":"), "the host's interfaces");
    }

    @Test
    void aFailedStepLeavesNoEndpoint() {
        assertThrows(BuildException.class, () -> berth.imageBuilder().from(IMAGE).run("exit 3").build("berth.test/build-net:4"));
        // nothingIsLeft checks
    }

    @Test
    void aCancelledBuildLeavesNoEndpoint() throws Exception {
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                berth.imageBuilder().from(IMAGE).run("sleep 60").build("berth.test/build-net:5");
                ended.complete(null);
            } catch (Throwable e) {
                ended.complete(e);
            }
        });
        t.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (berthLinks().stream().noneMatch(l -> l.startsWith("berthv")) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(berthLinks().stream().anyMatch(l -> l.startsWith("berthv")), "the step's veth never appeared");
        t.interrupt();
        Throwable e = ended.get(30, TimeUnit.SECONDS);
        assertTrue(e instanceof BuildException, String.valueOf(e));
    }

    private List<String> topLayerNames(Image image) throws IOException {
        var layers = BerthInternals.store(berth).inspect(image.digest()).manifest().value().layers();
        List<String> names = new java.util.ArrayList<>();
        try (var in = BerthInternals.store(berth).openBlob(layers.get(layers.size() - 1).digest());
             var tar = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(in)) {
            for (var e = tar.getNextTarEntry(); e != null; e = tar.getNextTarEntry()) {
                names.add(e.getName().replaceAll("/$", ""));
            }
        }
        return names.stream().sorted().toList();
    }

    /** The name of the NAT table of the test's home (dev.berth.network.Networks#tableName). */
    private static String tableOfHome() throws Exception {
        byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(home.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return "berth_" + java.util.HexFormat.of().formatHex(d, 0, 4);
    }

    /** The HTTP address of the Debian mirror of the host's apt, resolved by the host; skips when it cannot be reached. */
    static InetSocketAddress reachableOutsideAddress() throws IOException {
        URI mirror = DebianMirror.fromHost().orElse(null);
        assumeTrue(mirror != null, "no http Debian mirror in /etc/apt");
        InetSocketAddress a = new InetSocketAddress(InetAddress.getByName(mirror.getHost()),
                mirror.getPort() < 0 ? 80 : mirror.getPort());
        try (Socket s = new Socket()) {
            s.connect(a, 3000);
        } catch (IOException e) {
            assumeTrue(false, "the host's Debian mirror " + mirror + " cannot be reached: " + e.getMessage());
        }
        return a;
    }

    private static List<String> hostNameservers() throws IOException {
        return Files.readAllLines(Path.of("/etc/resolv.conf")).stream().filter(l -> l.startsWith("nameserver "))
                .map(l -> l.substring("nameserver ".length()).trim()).filter(a -> !a.startsWith("127.") && !a.contains(":"))
                .toList();
    }

    String runIn(Image image, String... argv) throws Exception {
        try (Container c = berth.container(image).user("0").workdir("/").networkMode(NetworkMode.NONE).command(argv).start()) {
            assertTrue(c.waitFor(Duration.ofSeconds(20)).isPresent(), "container did not exit: " + c.logs());
            return c.logs();
        }
    }
}
