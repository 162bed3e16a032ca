package dev.berth.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.berth.image.ProgressListener;
import dev.berth.registry.testing.FaultServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client of a plain-HTTP registry makes no TLS context up front ({@link DeferredTlsContext});
 * when the registry redirects a blob to HTTPS storage, the JDK's default context is made then,
 * and it verifies the server's certificate as for any HTTPS registry.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PlainHttpTlsTest {
    private static final byte[] BLOB = PlainRegistryTest.randomBytes(10_000, 7);
    private static final BlobDescriptor DESCRIPTOR = BlobDescriptor.of(DigestVerifier.sha256(BLOB), BLOB.length);
    private static final RetryPolicy ONCE = new RetryPolicy(1, Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofSeconds(5));

    @TempDir
    Path dir;

    @Test
    void plainHttpRegistryNeedsNoTlsAndItsRedirectToHttpsStillVerifiesTheCertificate() throws Exception {
        HttpsServer storage = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        storage.setHttpsConfigurator(new HttpsConfigurator(selfSigned()));
        storage.createContext("/storage/blob", ex -> FaultServer.respond(ex, 200, "application/octet-stream", BLOB));
        storage.start();
        try (FaultServer registry = FaultServer.start()) {
            registry.on("GET", "/v2/app/blobs/" + DESCRIPTOR.digest(), (ex, call) -> FaultServer.respond(ex, 200,
                    "application/octet-stream", BLOB));
            RegistryClient client = RegistryClient.builder(registry.host()).credentialSource(CredentialSource.none())
                    .retryPolicy(ONCE).build();
            assertArrayEquals(BLOB, PlainRegistryTest.pullBlob(client, "app", DESCRIPTOR), "plain HTTP, no TLS needed");

            registry.on("GET", "/v2/app/blobs/" + DESCRIPTOR.digest(), (ex, call) -> {
                ex.getResponseHeaders().set("Location", "https://127.0.0.1:" + storage.getAddress().getPort() + "/storage/blob");
                FaultServer.respond(ex, 307, null, new byte[0]);
            });
            IOException e = assertThrows(IOException.class, () -> client.pullBlob("app", DESCRIPTOR,
                    BlobSink.toFile(dir.resolve("blob")), ProgressListener.NONE));
            assertTrue(causes(e, SSLHandshakeException.class), "the self-signed storage is refused by the default trust: " + e);
            assertEquals(false, Files.exists(dir.resolve("blob")));
        } finally {
            storage.stop(0);
        }
    }

    private static boolean causes(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    /** A TLS context with a fresh self-signed certificate for 127.0.0.1 (made by the JDK's keytool). */
    private SSLContext selfSigned() throws Exception {
        Path store = dir.resolve("storage.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit", "-keypass", "changeit", "-alias", "storage", "-keyalg", "EC", "-dname", "CN=127.0.0.1",
                "-ext", "san=ip:127.0.0.1", "-validity", "2").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), "keytool: " + out);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }
}
