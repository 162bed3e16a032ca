package dev.berth.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.berth.BuildException;
import dev.berth.Copy;
import dev.berth.Image;
import dev.berth.image.Digest;
import dev.berth.image.testing.TestImages;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ADD of local archives and of URLs with a checksum (RUN's network modes: dev.berth.BuildNetworkTest). */
class AddAndNetworkTest extends BuildFixture {
    @TempDir
    Path context;

    @Test
    void addUnpacksALocalGzippedTarIntoTheDestination() throws Exception {
        Path tree = Files.createDirectories(context.resolve("tree/sub"));
        Files.writeString(tree.resolve("inner.txt"), "from the archive\n");
        Path tar = TestImages.tar(context.resolve("tree"), context.resolve("plain.tar"));
        Files.write(context.resolve("bundle.tar.gz"), TestImages.gzip(tar));
        Image image = berth.imageBuilder().context(context).from(BUSYBOX)
                .add("bundle.tar.gz", "/opt/unpacked")
                .add("plain.tar", "/opt/plain/")
                .build("berth.test/add-tar:1");
        assertEquals("from the archive\nfrom the archive\n",
                runIn(image, "cat", "/opt/unpacked/sub/inner.txt", "/opt/plain/sub/inner.txt"));
    }

    @Test
    void addOfAUrlChecksTheChecksumBeforeUsingTheFile() throws Exception {
        byte[] body = "downloaded content\n".getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/files/tool.txt", ex -> {
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/files/tool.txt");
            Image image = berth.imageBuilder().from(BUSYBOX)
                    .add(Copy.url(url, Digest.sha256(body).toString()).to("/opt/"))
                    .build("berth.test/add-url:1");
            assertEquals("600 downloaded content\n", runIn(image, "sh", "-c", "echo $(stat -c %a /opt/tool.txt) $(cat /opt/tool.txt)"));

            String wrong = "sha256:" + "0".repeat(64);
            BuildException e = assertThrows(BuildException.class, () -> berth.imageBuilder().from(BUSYBOX)
                    .add(Copy.url(url, wrong).to("/opt/")).build("berth.test/add-url:2"));
            assertTrue(e.getMessage().contains("checksum of " + url + " is " + Digest.sha256(body) + ", not " + wrong),
                    e.getMessage());
        } finally {
            server.stop(0);
        }
    }
}
