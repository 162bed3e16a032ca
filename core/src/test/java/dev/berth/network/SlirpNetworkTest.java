package dev.berth.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.namespaces.host.Host;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** slirp4netns's command line and API messages, without root or slirp4netns. */
class SlirpNetworkTest {
    @TempDir
    Path tmp;

    @Test
    void theCommandJoinsTheContainersUserNamespaceAndHasExitAndReadyDescriptors() {
        assertEquals(List.of("/usr/bin/slirp4netns", "--configure", "--mtu=65520", "--disable-host-loopback",
                "--enable-sandbox", "--enable-seccomp", "--exit-fd=3", "--ready-fd=4", "--api-socket=/run/x.sock",
                "--userns-path=/proc/4321/ns/user", "4321", "tap0"),
                SlirpNetwork.command(Path.of("/usr/bin/slirp4netns"), 4321, true, Path.of("/run/x.sock")));
    }

    @Test
    void withoutPortsThereIsNoApiSocketAndAsRootNoUserNamespace() {
        List<String> argv = SlirpNetwork.command(Path.of("slirp4netns"), 7, false, null);
        assertTrue(argv.stream().noneMatch(a -> a.startsWith("--api-socket") || a.startsWith("--userns-path")), argv.toString());
        assertEquals(List.of("7", "tap0"), argv.subList(argv.size() - 2, argv.size()));
    }

    @Test
    void addHostForwardIsTheDocumentedRequestForTcpAndUdp() {
        assertEquals("{\"execute\":\"add_hostfwd\",\"arguments\":{\"proto\":\"tcp\",\"host_addr\":\"0.0.0.0\","
                + "\"host_port\":32768,\"guest_port\":80}}",
                SlirpApi.addHostForward(new NetworkRecord.PortMapping("tcp", 32768, 80)));
        assertTrue(SlirpApi.addHostForward(new NetworkRecord.PortMapping("udp", 5353, 53))
                .contains("\"proto\":\"udp\",\"host_addr\":\"0.0.0.0\",\"host_port\":5353,\"guest_port\":53"));
    }

    @Test
    void repliesAreResultsOrErrorsWithSlirpsDescription() throws IOException {
        assertEquals(1, SlirpApi.result("{\"return\":{\"id\":1}}").path("id").asInt());
        IOException e = assertThrows(IOException.class, () -> SlirpApi.result(
                "{\"error\":{\"desc\":\"bad request: add_hostfwd: slirp_add_hostfwd failed\"}}"));
        assertEquals("slirp4netns: bad request: add_hostfwd: slirp_add_hostfwd failed", e.getMessage());
        assertThrows(IOException.class, () -> SlirpApi.result("not json"));
        assertThrows(IOException.class, () -> SlirpApi.result("{}"));
    }

    @Test
    void publishSendsOneRequestPerConnectionAndNamesTheHostPortItCannotBind() throws Exception {
        Path socket = tmp.resolve("api.sock");
        List<String> requests = new ArrayList<>();
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            CompletableFuture<Void> fake = CompletableFuture.runAsync(() -> {
                // slirp4netns's way: read the request, answer, close
                for (String reply : List.of("{\"return\":{\"id\":1}}", "{\"error\":{\"desc\":\"bad request: add_hostfwd:"
                        + " slirp_add_hostfwd failed\"}}")) {
                    try (SocketChannel c = server.accept()) {
                        ByteBuffer in = ByteBuffer.allocate(4096);
                        while (c.read(in) >= 0) {
                            // until the client shuts its output down
                        }
                        requests.add(new String(in.array(), 0, in.position(), StandardCharsets.UTF_8));
                        c.write(ByteBuffer.wrap(reply.getBytes(StandardCharsets.UTF_8)));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            });
            SlirpApi api = new SlirpApi(socket);
            api.publish(new NetworkRecord.PortMapping("tcp", 40000, 8080));
            IOException e = assertThrows(IOException.class, () -> api.publish(new NetworkRecord.PortMapping("udp", 40001, 53)));
            assertTrue(e.getMessage().startsWith("host port 40001/udp cannot be published (container port 53/udp;"),
                    e.getMessage());
            assertTrue(e.getMessage().endsWith("slirp4netns: bad request: add_hostfwd: slirp_add_hostfwd failed"), e.getMessage());
            fake.get();
        }
        assertEquals(List.of(SlirpApi.addHostForward(new NetworkRecord.PortMapping("tcp", 40000, 8080)),
                SlirpApi.addHostForward(new NetworkRecord.PortMapping("udp", 40001, 53))), requests);
    }

    @Test
    void theApiSocketGoesWhereItsPathFitsASocketAddress() throws Exception {
        String id = "0123456789abcdef".repeat(4);
        Path runtime = tmp.resolve("run");
        Networks withRuntime = new Networks(Host.system(), tmp, Path.of("/c"), runtime);
        assertEquals(runtime.resolve("berth-slirp-0123456789ab.sock"), withRuntime.slirpSocket(id));
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                java.nio.file.Files.getPosixFilePermissions(runtime)), "the runtime directory is the user's alone");
        Path deep = tmp.resolve("x".repeat(120));
        Networks shortHome = new Networks(Host.system(), tmp, Path.of("/c"), deep.resolve("run"));
        assertEquals(Path.of("/c", id, "slirp.sock"), shortHome.slirpSocket(id));
        Path chosen = new Networks(Host.system(), deep, deep.resolve("c"), deep.resolve("run")).slirpSocket(id);
        assertTrue(chosen.toString().length() <= 100 && chosen.getFileName().toString().equals("berth-slirp-0123456789ab.sock"),
                chosen.toString());
    }
}
