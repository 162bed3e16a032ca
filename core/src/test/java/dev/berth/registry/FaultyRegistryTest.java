package dev.berth.registry;

import dev.berth.image.ProgressListener;
import dev.berth.image.TransferProgress;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import dev.berth.registry.testing.FaultServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Against a server that corrupts, fails, drops, stalls, redirects and garbles on purpose. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FaultyRegistryTest {
    private static final RetryPolicy FAST = new RetryPolicy(4, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(20));
    private static final byte[] BLOB = PlainRegistryTest.randomBytes(200_000, 99);
    private static final BlobDescriptor BLOB_DESCRIPTOR = BlobDescriptor.of(DigestVerifier.sha256(BLOB), BLOB.length);
    private static final String BLOB_PATH = "/v2/app/blobs/" + BLOB_DESCRIPTOR.digest();
    private static final byte[] MANIFEST = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\"}"
            .getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;
    FaultServer server;
    RegistryClient client;

    @BeforeEach
    void start() throws IOException {
        server = FaultServer.start();
        client = client(server.host(), CredentialSource.none());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static RegistryClient client(String host, CredentialSource credentials) {
        return RegistryClient.builder(host).credentialSource(credentials).retryPolicy(FAST).readTimeout(Duration.ofSeconds(1)).build();
    }

    private static void manifest(HttpExchange exchange, String contentType, String digestHeader) throws IOException {
        if (digestHeader != null) {
            exchange.getResponseHeaders().set("Docker-Content-Digest", digestHeader);
        }
        FaultServer.respond(exchange, 200, contentType, MANIFEST);
    }

    private List<Path> filesIn(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.toList();
        }
    }

    @Test
    void corruptedBlobFailsNamingItsDigestAndNothingIsCommitted() throws IOException {
        byte[] corrupt = BLOB.clone();
        corrupt[12345] ^= 1;
        server.on("GET", BLOB_PATH, (ex, call) -> FaultServer.respond(ex, 200, "application/octet-stream", corrupt));
        Path blobs = Files.createDirectories(dir.resolve("blobs"));
        RegistryException e = assertThrows(RegistryException.class,
                () -> client.pullBlob("app", BLOB_DESCRIPTOR, BlobSink.toFile(blobs.resolve("blob")), ProgressListener.NONE));
        assertEquals("DIGEST_INVALID", e.code());
        assertTrue(e.getMessage().contains("blob " + BLOB_DESCRIPTOR.digest() + " does not match its digest"), e.getMessage());
        assertEquals(List.of(), filesIn(blobs), "neither the blob nor a temporary file is left");
    }

    @Test
    void blobLongerThanItsDescriptorIsCutOff() {
        BlobDescriptor shorter = BlobDescriptor.of(BLOB_DESCRIPTOR.digest(), 100);
        server.on("GET", BLOB_PATH, (ex, call) -> FaultServer.respond(ex, 200, "application/octet-stream", BLOB));
        MemoryBlobSink sink = BlobSink.inMemory();
        RegistryException e = assertThrows(RegistryException.class, () -> client.pullBlob("app", shorter, sink, ProgressListener.NONE));
        assertTrue(e.getMessage().contains("more than the 100 bytes"), e.getMessage());
        assertFalse(sink.isCommitted());
    }

    @Test
    void serverErrorsAndRateLimitsAreRetriedUntilSuccess() throws IOException {
        server.on("GET", "/v2/app/manifests/v1", (ex, call) -> {
            if (call == 1) {
                FaultServer.respond(ex, 500, "text/plain", "oops");
            } else if (call == 2) {
                ex.getResponseHeaders().set("Retry-After", "0");
                FaultServer.respond(ex, 429, "application/json", "{\"errors\":[{\"code\":\"TOOMANYREQUESTS\",\"message\":\"slow down\"}]}");
            } else {
                manifest(ex, ManifestMediaTypes.OCI_MANIFEST, DigestVerifier.sha256(MANIFEST));
            }
        });
        assertArrayEquals(MANIFEST, client.pullManifest("app", "v1").bytes());
        assertEquals(3, server.requests().size());
    }

    @Test
    void persistentServerErrorGivesUpAfterTheAttemptLimit() {
        server.on("GET", "/v2/app/manifests/v1", (ex, call) -> FaultServer.respond(ex, 503, "text/html", "<html>down</html>"));
        long start = System.nanoTime();
        RegistryException e = assertThrows(RegistryException.class, () -> client.pullManifest("app", "v1"));
        assertEquals(503, e.statusCode());
        assertTrue(e.getMessage().endsWith("pull manifest v1 failed: HTTP 503"), e.getMessage());
        assertEquals(FAST.maxAttempts(), server.requests().size());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos());
    }

    @Test
    void refusedConnectionsAreRetriedThenReported() throws IOException {
        String closed = server.host();
        server.close();
        RegistryException e = assertThrows(RegistryException.class, () -> client(closed, CredentialSource.none()).pullManifest("app", "v1"));
        assertTrue(e.getMessage().contains("could not talk to 127.0.0.1") && e.getMessage().contains("attempt 4"), e.getMessage());
        server = FaultServer.start();
    }

    @Test
    void droppedConnectionIsResumedWithRangeAndVerifiedOverTheWhole() throws IOException {
        // Keyed on the request, not on the call count: on a loaded machine a first attempt can
        // fail before any byte arrives, and its retry then rightly asks from the start again.
        server.on("GET", BLOB_PATH, (ex, call) -> {
            String range = ex.getRequestHeaders().getFirst("Range");
            if (range == null) {
                FaultServer.dropAfter(ex, 200, BLOB.length, Arrays.copyOf(BLOB, 70_000));
                return;
            }
            int from = Integer.parseInt(range.replaceAll("bytes=(\\d+)-", "$1"));
            ex.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (BLOB.length - 1) + "/" + BLOB.length);
            FaultServer.respond(ex, 206, "application/octet-stream", Arrays.copyOfRange(BLOB, from, BLOB.length));
        });
        List<TransferProgress> events = new CopyOnWriteArrayList<>();
        MemoryBlobSink sink = BlobSink.inMemory();
        // A read timeout no loaded machine reaches: this test is about the drop, not a stall.
        RegistryClient patient = RegistryClient.builder(server.host()).credentialSource(CredentialSource.none())
                .retryPolicy(FAST).readTimeout(Duration.ofSeconds(20)).build();
        patient.pullBlob("app", BLOB_DESCRIPTOR, sink, events::add);
        assertArrayEquals(BLOB, sink.bytes());
        List<FaultServer.Request> requests = server.requests();
        assertNull(requests.get(0).range());
        FaultServer.Request last = requests.get(requests.size() - 1);
        assertTrue(last.range() != null && last.range().matches("bytes=[1-9][0-9]*-"), requests.toString());
        TransferProgress done = events.get(events.size() - 1);
        assertTrue(done.blobDone());
        assertEquals(BLOB.length, done.totalBytes());
    }

    @Test
    void stalledBodyIsAbandonedAfterTheReadTimeoutAndResumed() throws IOException {
        server.on("GET", BLOB_PATH, (ex, call) -> {
            String range = ex.getRequestHeaders().getFirst("Range");
            if (range == null) { // the first request, or its retry where the stall came before any byte
                FaultServer.stallAfter(ex, BLOB.length, Arrays.copyOf(BLOB, 30_000), Duration.ofSeconds(20));
                return;
            }
            int from = Integer.parseInt(range.replaceAll("bytes=(\\d+)-", "$1"));
            ex.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (BLOB.length - 1) + "/" + BLOB.length);
            FaultServer.respond(ex, 206, "application/octet-stream", Arrays.copyOfRange(BLOB, from, BLOB.length));
        });
        long start = System.nanoTime();
        MemoryBlobSink sink = BlobSink.inMemory();
        client.pullBlob("app", BLOB_DESCRIPTOR, sink, ProgressListener.NONE);
        assertArrayEquals(BLOB, sink.bytes());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos(), "the stall was cut short by the read timeout");
    }

    @Test
    void serverIgnoringRangeIsReadAgainFromTheStart() throws IOException {
        server.on("GET", BLOB_PATH, (ex, call) -> {
            if (call == 1) {
                FaultServer.dropAfter(ex, 200, BLOB.length, Arrays.copyOf(BLOB, 50_000));
            } else {
                FaultServer.respond(ex, 200, "application/octet-stream", BLOB);
            }
        });
        List<TransferProgress> events = new CopyOnWriteArrayList<>();
        MemoryBlobSink sink = BlobSink.inMemory();
        client.pullBlob("app", BLOB_DESCRIPTOR, sink, events::add);
        assertArrayEquals(BLOB, sink.bytes());
        assertTrue(events.stream().anyMatch(p -> p.blobBytes() == 0 && !p.blobDone()), "progress went back to 0 on restart");
        assertEquals(BLOB.length, events.get(events.size() - 1).totalBytes());
    }

    @Test
    void redirectToAnotherHostCarriesNoAuthorization() throws IOException {
        try (FaultServer storage = FaultServer.start()) {
            storage.on("GET", "/storage/blob", (ex, call) -> FaultServer.respond(ex, 200, "application/octet-stream", BLOB));
            server.on("GET", BLOB_PATH, (ex, call) -> {
                if (ex.getRequestHeaders().getFirst("Authorization") == null) {
                    ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"faulty\"");
                    FaultServer.respond(ex, 401, "application/json", "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}");
                } else {
                    ex.getResponseHeaders().set("Location", "http://" + storage.host() + "/storage/blob?signature=abc");
                    FaultServer.respond(ex, 307, null, new byte[0]);
                }
            });
            RegistryClient authed = client(server.host(), CredentialSource.of(Credentials.basic("u", "p")));
            assertArrayEquals(BLOB, PlainRegistryTest.pullBlob(authed, "app", BLOB_DESCRIPTOR));
            assertEquals(Credentials.basic("u", "p").basicAuthorization(), server.requests().get(1).authorization());
            assertEquals(1, storage.requests().size());
            assertNull(storage.requests().get(0).authorization(), "blob storage on another host must not see the registry's credentials");
        }
    }

    @Test
    void refusedCachedTokenIsReplacedOnce() throws IOException {
        String challenge = "Bearer realm=\"http://" + server.host() + "/token\",service=\"faulty\",scope=\"repository:app:pull\"";
        server.on("GET", "/token", (ex, call) -> FaultServer.respond(ex, 200, "application/json", "{\"token\":\"t" + call + "\",\"expires_in\":300}"));
        server.on("GET", "/v2/app/tags/list", (ex, call) -> {
            String auth = String.valueOf(ex.getRequestHeaders().getFirst("Authorization"));
            // t1 is accepted once, then "revoked"; t2 is always accepted.
            if (auth.equals("Bearer t1") && call == 2 || auth.equals("Bearer t2")) {
                FaultServer.respond(ex, 200, "application/json", "{\"name\":\"app\",\"tags\":[\"v1\"]}");
            } else {
                ex.getResponseHeaders().set("WWW-Authenticate", challenge + (auth.startsWith("Bearer") ? ",error=\"invalid_token\"" : ""));
                FaultServer.respond(ex, 401, "application/json", "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}");
            }
        });
        assertEquals(List.of("v1"), client.listTags("app"));
        assertEquals(List.of("v1"), client.listTags("app"));
        assertEquals(2, server.requests().stream().filter(r -> r.pathAndQuery().startsWith("/token")).count());
        assertEquals("Bearer t2", server.requests().get(server.requests().size() - 1).authorization());
    }

    @Test
    void malformedJsonIsReportedAsSuch() {
        server.on("GET", "/v2/app/tags/list", (ex, call) -> FaultServer.respond(ex, 200, "application/json", "{\"tags\": [\"v1\","));
        RegistryException e = assertThrows(RegistryException.class, () -> client.listTags("app"));
        assertTrue(e.getMessage().contains("list tags failed: malformed JSON in the tags list"), e.getMessage());
    }

    @Test
    void malformedTokenResponseIsReportedAsSuch() {
        server.on("GET", "/token", (ex, call) -> FaultServer.respond(ex, 200, "application/json", "<html>"));
        server.on("GET", "/v2/app/tags/list", (ex, call) -> {
            ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"http://" + server.host() + "/token\",service=\"faulty\"");
            FaultServer.respond(ex, 401, "application/json", "{}");
        });
        RegistryException e = assertThrows(RegistryException.class, () -> client.listTags("app"));
        assertTrue(e.getMessage().contains("malformed JSON in the token response"), e.getMessage());
    }

    @Test
    void unsupportedManifestMediaTypeIsRefused() {
        server.on("GET", "/v2/app/manifests/old", (ex, call) -> manifest(ex, "application/vnd.docker.distribution.manifest.v1+prettyjws", null));
        RegistryException e = assertThrows(RegistryException.class, () -> client.pullManifest("app", "old"));
        assertTrue(e.getMessage().contains("unsupported manifest media type 'application/vnd.docker.distribution.manifest.v1+prettyjws'"),
                e.getMessage());
    }

    @Test
    void genericContentTypeFallsBackToTheManifestsOwnMediaType() throws IOException {
        server.on("GET", "/v2/app/manifests/v1", (ex, call) -> manifest(ex, "application/json; charset=utf-8", null));
        ManifestResponse m = client.pullManifest("app", "v1");
        assertEquals(ManifestMediaTypes.OCI_MANIFEST, m.mediaType());
        assertEquals(DigestVerifier.sha256(MANIFEST), m.digest());
    }

    @Test
    void manifestWhoseDigestHeaderDisagreesIsRefused() {
        String other = DigestVerifier.sha256(new byte[] {1});
        server.on("GET", "/v2/app/manifests/v1", (ex, call) -> manifest(ex, ManifestMediaTypes.OCI_MANIFEST, other));
        RegistryException e = assertThrows(RegistryException.class, () -> client.pullManifest("app", "v1"));
        assertEquals("DIGEST_INVALID", e.code());
        assertTrue(e.getMessage().contains("Docker-Content-Digest says " + other), e.getMessage());
    }

    @Test
    void manifestPulledByDigestMustHashToThatDigest() {
        String asked = DigestVerifier.sha256(new byte[] {2});
        server.on("GET", "/v2/app/manifests/" + asked, (ex, call) -> manifest(ex, ManifestMediaTypes.OCI_MANIFEST, null));
        RegistryException e = assertThrows(RegistryException.class, () -> client.pullManifest("app", asked));
        assertEquals("DIGEST_INVALID", e.code());
        assertTrue(e.getMessage().contains("manifest " + asked + " does not match its digest"), e.getMessage());
    }

    @Test
    void failedBlobStopsTheBlobsNotYetStarted() {
        byte[] other = PlainRegistryTest.randomBytes(10, 1);
        BlobDescriptor good = BlobDescriptor.of(DigestVerifier.sha256(other), other.length);
        server.on("GET", BLOB_PATH, (ex, call) -> FaultServer.respond(ex, 404, "application/json",
                "{\"errors\":[{\"code\":\"BLOB_UNKNOWN\",\"message\":\"blob unknown to registry\"}]}"));
        server.on("GET", "/v2/app/blobs/" + good.digest(), (ex, call) -> FaultServer.respond(ex, 200, "application/octet-stream", other));
        RegistryClient oneAtATime = RegistryClient.builder(server.host()).credentialSource(CredentialSource.none()).retryPolicy(FAST)
                .concurrency(1).build();
        List<String> sinksMade = new CopyOnWriteArrayList<>();
        RegistryException e = assertThrows(RegistryException.class, () -> oneAtATime.pullBlobs("app", List.of(BLOB_DESCRIPTOR, good, good),
                b -> {
                    sinksMade.add(b.digest());
                    return BlobSink.inMemory();
                }, ProgressListener.NONE));
        assertEquals("BLOB_UNKNOWN", e.code());
        assertEquals(List.of(BLOB_DESCRIPTOR.digest()), sinksMade);
    }
}
