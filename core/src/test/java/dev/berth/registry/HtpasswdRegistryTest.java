package dev.berth.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.registry.testing.LocalRegistryExtension;
import dev.berth.registry.testing.TestImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Against distribution 2.8 with htpasswd (Basic) authentication. */
class HtpasswdRegistryTest {
    private static final String USER = "alice";
    private static final String PASSWORD = "s3cret-Pa55";

    @RegisterExtension
    static final LocalRegistryExtension REGISTRY = LocalRegistryExtension.htpasswd(USER, PASSWORD);

    private static RegistryClient client(CredentialSource source) {
        return REGISTRY.clientBuilder().credentialSource(source).build();
    }

    @Test
    void credentialsFromCodeArePresentedWithBasicAuthForPushAndPull() throws IOException {
        RegistryClient client = REGISTRY.clientBuilder().credentials(Credentials.basic(USER, PASSWORD)).build();
        TestImage image = TestImage.create("amd64", "basic");
        PlainRegistryTest.push(client, "basic/app", "v1", image);
        assertArrayEquals(image.manifest(), client.pullManifest("basic/app", "v1").bytes());
        assertArrayEquals(image.layer(), PlainRegistryTest.pullBlob(client, "basic/app", image.layerDescriptor()));
    }

    @Test
    void anonymousAccessFailsWithUnauthorizedAndSaysNoCredentialsAreConfigured() {
        RegistryException e = assertThrows(RegistryException.class, () -> client(CredentialSource.none()).pullManifest("basic/app", "v1"));
        assertEquals("UNAUTHORIZED", e.code());
        assertEquals(401, e.statusCode());
        assertTrue(e.getMessage().contains("UNAUTHORIZED: authentication required"), e.getMessage());
        assertTrue(e.getMessage().contains("no credentials are configured for " + REGISTRY.host()), e.getMessage());
    }

    @Test
    void wrongPasswordIsReportedAsRejectedCredentialsWithoutThePassword() {
        RegistryException e = assertThrows(RegistryException.class,
                () -> client(CredentialSource.of(Credentials.basic(USER, "wrong-guess"))).listTags("basic/app"));
        assertEquals("UNAUTHORIZED", e.code());
        assertTrue(e.getMessage().contains("the registry rejected the credentials of user 'alice'"), e.getMessage());
        assertFalse(e.getMessage().contains("wrong-guess"), e.getMessage());
    }

    @Test
    void dockerConfigAuthEntryIsUsed(@TempDir Path home) throws IOException {
        String auth = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        Path config = Files.writeString(home.resolve("config.json"), "{\"auths\":{\"http://" + REGISTRY.host() + "\":{\"auth\":\"" + auth + "\"}}}");
        RegistryClient client = client(new DockerConfigCredentials(config, List.of()));
        PlainRegistryTest.push(client, "basic/config", "v1", TestImage.create("amd64", "config.json"));
        assertTrue(client.listTags("basic/config").contains("v1"));
    }

    @Test
    void credentialHelperNamedInDockerConfigIsUsed(@TempDir Path home) throws IOException {
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path helper = bin.resolve("docker-credential-berth-test");
        Files.writeString(helper, "#!/bin/sh\nread server\n[ \"$server\" = '" + REGISTRY.host() + "' ] || { echo \"credentials not found\"; exit 1; }\n"
                + "echo '{\"ServerURL\":\"'$server'\",\"Username\":\"" + USER + "\",\"Secret\":\"" + PASSWORD + "\"}'\n");
        Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwx------"));
        Path config = Files.writeString(home.resolve("config.json"), "{\"credHelpers\":{\"" + REGISTRY.host() + "\":\"berth-test\"}}");
        RegistryClient client = client(new DockerConfigCredentials(config, List.of(bin)));
        PlainRegistryTest.push(client, "basic/helper", "v1", TestImage.create("amd64", "helper"));
        assertTrue(client.listTags("basic/helper").contains("v1"));
    }

    /** What {@code berth login} checks before it stores anything: GET /v2/ through the Basic flow. */
    @Test
    void loginIsCheckedAgainstTheRegistry() throws IOException {
        REGISTRY.clientBuilder().credentials(Credentials.basic(USER, PASSWORD)).build().checkLogin();
        RegistryException refused = assertThrows(RegistryException.class,
                () -> REGISTRY.clientBuilder().credentials(Credentials.basic(USER, "wrong")).build().checkLogin());
        assertEquals(401, refused.statusCode(), refused.getMessage());
        RegistryException anonymous = assertThrows(RegistryException.class, () -> REGISTRY.clientBuilder().build().checkLogin());
        assertEquals(401, anonymous.statusCode(), anonymous.getMessage());
    }
}
