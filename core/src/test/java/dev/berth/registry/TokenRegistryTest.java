package dev.berth.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.registry.testing.LocalRegistryExtension;
import dev.berth.registry.testing.TestImage;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Against distribution 2.8 with token authentication, the tokens coming from a {@link TokenServer} the test runs. */
class TokenRegistryTest {
    @RegisterExtension
    static final LocalRegistryExtension REGISTRY = LocalRegistryExtension.tokens(t -> t.user("alice", "alice-pw")
            .user("reader", "reader-pw", "pull").refreshToken("alice", "alice-refresh-token"));

    private static List<String> tokenRequests() {
        return REGISTRY.tokenServer().requests();
    }

    private static RegistryClient client(Credentials credentials) {
        return REGISTRY.clientBuilder().credentials(credentials).build();
    }

    private static long tokenRequestsFor(String repository) {
        return tokenRequests().stream().filter(r -> r.contains("repository:" + repository + ":")).count();
    }

    @Test
    void pushAndPullWorkWithBearerTokens() throws IOException {
        RegistryClient client = client(Credentials.basic("alice", "alice-pw"));
        TestImage image = TestImage.create("amd64", "token");
        PlainRegistryTest.push(client, "token/app", "v1", image);
        assertArrayEquals(image.manifest(), client.pullManifest("token/app", "v1").bytes());
        assertArrayEquals(image.layer(), PlainRegistryTest.pullBlob(client, "token/app", image.layerDescriptor()));
        assertTrue(tokenRequests().contains("GET alice repository:token/app:pull,push"), tokenRequests().toString());
    }

    @Test
    void tokenIsFetchedOncePerScopeAndReused() throws IOException {
        RegistryClient writer = client(Credentials.basic("alice", "alice-pw"));
        TestImage image = TestImage.create("amd64", "cache");
        PlainRegistryTest.push(writer, "token/cached", "v1", image);
        long afterPush = tokenRequestsFor("token/cached");
        RegistryClient reader = client(Credentials.basic("alice", "alice-pw"));
        for (int i = 0; i < 3; i++) {
            reader.pullManifest("token/cached", "v1");
            reader.checkBlob("token/cached", image.layerDescriptor().digest());
        }
        assertEquals(1, afterPush, tokenRequests().toString());
        assertEquals(afterPush + 1, tokenRequestsFor("token/cached"), tokenRequests().toString());
    }

    @Test
    void expiredTokenIsFetchedAgain() throws IOException {
        MutableClock clock = new MutableClock();
        RegistryClient client = REGISTRY.clientBuilder().credentials(Credentials.basic("alice", "alice-pw")).clock(clock).build();
        PlainRegistryTest.push(client, "token/expiry", "v1", TestImage.create("amd64", "expiry"));
        long before = tokenRequestsFor("token/expiry");
        client.listTags("token/expiry");
        clock.advance(Duration.ofMinutes(10));
        client.listTags("token/expiry");
        assertEquals(before + 2, tokenRequestsFor("token/expiry"), tokenRequests().toString());
    }

    @Test
    void identityTokenIsExchangedWithTheRefreshTokenGrant() throws IOException {
        RegistryClient client = client(Credentials.identityToken("alice", "alice-refresh-token"));
        PlainRegistryTest.push(client, "token/identity", "v1", TestImage.create("amd64", "identity"));
        assertTrue(tokenRequests().contains("POST alice repository:token/identity:pull,push"), tokenRequests().toString());
    }

    @Test
    void wrongPasswordIsRejectedByTheTokenServerWithAClearMessage() {
        RegistryException e = assertThrows(RegistryException.class,
                () -> client(Credentials.basic("alice", "not-her-password")).pullManifest("token/app", "v1"));
        assertEquals("UNAUTHORIZED", e.code());
        assertTrue(e.getMessage().contains("the token server rejected the credentials of user 'alice'"), e.getMessage());
        assertFalse(e.getMessage().contains("not-her-password"), e.getMessage());
    }

    @Test
    void userWithoutPushRightsCannotPushAndIsToldWhichScopeWasMissing() throws IOException {
        byte[] bytes = PlainRegistryTest.randomBytes(100, 7);
        BlobDescriptor blob = BlobDescriptor.of(DigestVerifier.sha256(bytes), bytes.length);
        RegistryException e = assertThrows(RegistryException.class,
                () -> client(Credentials.basic("reader", "reader-pw")).pushBlob("token/readonly", blob, BlobSource.of(bytes)));
        assertEquals(401, e.statusCode());
        assertEquals("UNAUTHORIZED", e.code());
        assertTrue(e.getMessage().contains("push blob"), e.getMessage());
        assertTrue(e.getMessage().contains("the token issued to user 'reader' does not grant repository:token/readonly:"), e.getMessage());
    }

    @Test
    void anonymousClientGetsATokenWithoutRightsAndIsRefused() {
        RegistryClient anonymous = REGISTRY.clientBuilder().build();
        RegistryException e = assertThrows(RegistryException.class, () -> anonymous.listTags("token/app"));
        assertEquals("UNAUTHORIZED", e.code());
        assertTrue(e.getMessage().contains("no credentials are configured"), e.getMessage());
        assertTrue(tokenRequests().stream().anyMatch(r -> r.startsWith("GET - repository:token/app:pull")), tokenRequests().toString());
    }

    @Test
    void crossRepositoryMountAsksForPullOnTheSource() throws IOException {
        RegistryClient client = client(Credentials.basic("alice", "alice-pw"));
        byte[] bytes = PlainRegistryTest.randomBytes(500, 8);
        BlobDescriptor blob = BlobDescriptor.of(DigestVerifier.sha256(bytes), bytes.length);
        client.pushBlob("token/mount-from", blob, BlobSource.of(bytes));
        assertEquals(BlobPushOutcome.MOUNTED, client.pushBlob("token/mount-to", blob, BlobSource.of(bytes), "token/mount-from"));
        assertTrue(tokenRequests().stream().anyMatch(r -> r.equals("GET alice repository:token/mount-from:pull repository:token/mount-to:pull,push")),
                tokenRequests().toString());
        assertTrue(client.checkBlob("token/mount-to", blob.digest()).isPresent());
    }

    /** What {@code berth login} checks before it stores anything: GET /v2/ through the token flow. */
    @Test
    void loginIsCheckedAgainstTheRegistry() throws IOException {
        REGISTRY.clientBuilder().credentials(Credentials.basic("alice", "alice-pw")).build().checkLogin();
        RegistryException refused = assertThrows(RegistryException.class,
                () -> REGISTRY.clientBuilder().credentials(Credentials.basic("alice", "wrong")).build().checkLogin());
        assertEquals(401, refused.statusCode(), refused.getMessage());
    }
}
