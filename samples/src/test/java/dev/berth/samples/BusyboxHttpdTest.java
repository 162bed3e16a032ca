package dev.berth.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.Berth;
import dev.berth.BusyboxImage;
import dev.berth.Container;
import dev.berth.ContainerBuilder;
import dev.berth.junit.BerthContainer;
import dev.berth.junit.BerthTest;
import dev.berth.namespaces.Namespace;
import dev.berth.overlayfs.FileTrees;
import dev.berth.wait.Wait;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * How a test uses Berth's JUnit 5 extension: a busybox {@code httpd} started once for the
 * class, and a page fetched from it over HTTP by this JVM. Containers have no published ports
 * yet (network mode none), so the request goes out from a Java thread joined to the
 * container's network namespace, where the server listens on 127.0.0.1.
 */
@BerthTest
class BusyboxHttpdTest {
    private static final Path HOME = temporaryHomeWithBusybox();
    private static final Berth BERTH = open(HOME);

    /** Serves the container's own /etc, so /etc/hostname is a page whose content the test knows. */
    @BerthContainer
    static final ContainerBuilder<?> HTTPD = BERTH.container(BusyboxImage.REFERENCE).hostname("web-1")
            .command("httpd", "-f", "-p", "127.0.0.1:8080", "-h", "/etc")
            .waitingFor(Wait.forSuccessfulExec("wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/hostname"));

    @Test
    void thePageIsFetchedOverHttpFromTheContainersNetwork(Container httpd) throws Exception {
        String response = get(httpd, "/hostname");
        assertTrue(response.startsWith("HTTP/1.0 200") || response.startsWith("HTTP/1.1 200"), response);
        assertEquals("web-1\n", response.substring(response.indexOf("\r\n\r\n") + 4));
    }

    @Test
    void aMissingPageIs404(Container httpd) throws Exception {
        assertTrue(get(httpd, "/no-such-page").matches("HTTP/1\\.[01] 404(?s).*"));
    }

    /** A plain HTTP/1.0 GET from a thread inside the container's network namespace. */
    private static String get(Container c, String path) throws Exception {
        try (Namespace net = Namespace.of(c.state().pid(), Namespace.Type.NET)) {
            return net.call(() -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", 8080), 5000);
                    s.setSoTimeout(5000);
                    OutputStream out = s.getOutputStream();
                    out.write(("GET " + path + " HTTP/1.0\r\nHost: web-1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    try (InputStream in = s.getInputStream()) {
                        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    }
                }
            });
        }
    }

    @AfterAll
    static void removeHome() throws IOException {
        BERTH.close();
        FileTrees.delete(HOME);
    }

    private static Path temporaryHomeWithBusybox() {
        try {
            Path home = Files.createTempDirectory("berth-sample-home");
            Path scratch = Files.createTempDirectory("berth-sample-image");
            BusyboxImage.store(home, scratch);
            FileTrees.delete(scratch);
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Berth open(Path home) {
        try {
            return Berth.builder().home(home).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
