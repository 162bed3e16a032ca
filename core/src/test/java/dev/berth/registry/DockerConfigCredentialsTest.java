package dev.berth.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerConfigCredentialsTest {
    @TempDir
    Path dir;

    private DockerConfigCredentials config(String json) throws IOException {
        Path file = dir.resolve("config.json");
        Files.writeString(file, json);
        return new DockerConfigCredentials(file, List.of(dir.resolve("bin")));
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void base64AuthEntryGivesUsernameAndPassword() throws IOException {
        DockerConfigCredentials c = config("{\"auths\":{\"registry.example:5000\":{\"auth\":\"" + b64("alice:pa:ss") + "\"}}}");
        assertEquals(Optional.of(Credentials.basic("alice", "pa:ss")), c.credentialsFor("registry.example:5000"));
    }

    @Test
    void usernameAndPasswordFieldsAreRead() throws IOException {
        DockerConfigCredentials c = config("{\"auths\":{\"ghcr.io\":{\"username\":\"bob\",\"password\":\"pw\"}}}");
        assertEquals(Optional.of(Credentials.basic("bob", "pw")), c.credentialsFor("ghcr.io"));
    }

    @Test
    void keysWithSchemeAndPathMatchTheHost() throws IOException {
        DockerConfigCredentials c = config("{\"auths\":{\"https://Registry.Example/v1/\":{\"auth\":\"" + b64("a:b") + "\"}}}");
        assertEquals(Optional.of(Credentials.basic("a", "b")), c.credentialsFor("registry.example"));
        assertTrue(c.credentialsFor("registry.example:5000").isEmpty());
    }

    @Test
    void dockerHubIsFoundUnderTheLegacyIndexUrl() throws IOException {
        DockerConfigCredentials c = config("{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"" + b64("hub:pw") + "\"}}}");
        assertEquals(Optional.of(Credentials.basic("hub", "pw")), c.credentialsFor("docker.io"));
        assertEquals(Optional.of(Credentials.basic("hub", "pw")), c.credentialsFor("registry-1.docker.io"));
    }

    @Test
    void identityTokenEntryBecomesIdentityCredentials() throws IOException {
        DockerConfigCredentials c = config("{\"auths\":{\"r.example\":{\"auth\":\"" + b64("carol:") + "\",\"identitytoken\":\"refresh\"}}}");
        Credentials creds = c.credentialsFor("r.example").orElseThrow();
        assertTrue(creds.hasIdentityToken());
        assertEquals("carol", creds.username());
        assertEquals("refresh", creds.identityToken());
    }

    @Test
    void missingFileOrEntryMeansAnonymous() throws IOException {
        assertTrue(new DockerConfigCredentials(dir.resolve("nope.json"), List.of()).credentialsFor("x").isEmpty());
        assertTrue(config("{\"auths\":{}}").credentialsFor("x").isEmpty());
    }

    @Test
    void credHelperGetsTheServerOnStdinAndItsAnswerIsUsed() throws IOException {
        Path asked = helper("berthtest", "{\"ServerURL\":\"r.example\",\"Username\":\"dora\",\"Secret\":\"s3\"}", 0);
        DockerConfigCredentials c = config("{\"credHelpers\":{\"r.example\":\"berthtest\"},"
                + "\"auths\":{\"r.example\":{\"auth\":\"" + b64("file:pw") + "\"}}}");
        assertEquals(Optional.of(Credentials.basic("dora", "s3")), c.credentialsFor("r.example"));
        assertEquals("r.example", Files.readString(asked).trim());
    }

    @Test
    void credsStoreServesEveryRegistryAndTokenUsernameMeansIdentityToken() throws IOException {
        Path asked = helper("store", "{\"ServerURL\":\"x\",\"Username\":\"<token>\",\"Secret\":\"idt\"}", 0);
        DockerConfigCredentials c = config("{\"credsStore\":\"store\"}");
        Credentials creds = c.credentialsFor("docker.io").orElseThrow();
        assertEquals("idt", creds.identityToken());
        assertEquals("https://index.docker.io/v1/", Files.readString(asked).trim());
    }

    @Test
    void helperWithoutCredentialsFallsBackToAuthsEntry() throws IOException {
        helper("store", "credentials not found in native keychain", 1);
        DockerConfigCredentials c = config("{\"credsStore\":\"store\",\"auths\":{\"r.example\":{\"auth\":\"" + b64("file:pw") + "\"}}}");
        assertEquals(Optional.of(Credentials.basic("file", "pw")), c.credentialsFor("r.example"));
        assertTrue(c.credentialsFor("other.example").isEmpty());
    }

    @Test
    void failingOrMissingHelperIsReportedByName() throws IOException {
        helper("broken", "boom: keychain locked", 3);
        IOException e = assertThrows(IOException.class, () -> config("{\"credsStore\":\"broken\"}").credentialsFor("r.example"));
        assertTrue(e.getMessage().contains("docker-credential-broken get failed with exit code 3: boom: keychain locked"), e.getMessage());
        IOException missing = assertThrows(IOException.class, () -> config("{\"credsStore\":\"absent\"}").credentialsFor("r.example"));
        assertTrue(missing.getMessage().contains("docker-credential-absent"), missing.getMessage());
    }

    @Test
    void hangingHelperIsKilledAfterItsTimeout() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path script = bin.resolve("docker-credential-hang");
        Files.writeString(script, "#!/bin/sh\nexec sleep 60\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        long start = System.nanoTime();
        IOException e = assertThrows(IOException.class, () -> new CredentialHelper(script, Duration.ofMillis(500)).get("r.example"));
        assertTrue(e.getMessage().contains("did not finish within"), e.getMessage());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos());
    }

    @Test
    void credentialsNeverShowTheirSecrets() {
        String text = Credentials.basic("erin", "hunter2").toString() + Credentials.identityToken("erin", "tok-123")
                + Credentials.registryToken("reg-456");
        assertFalse(text.contains("hunter2") || text.contains("tok-123") || text.contains("reg-456"), text);
        assertTrue(text.contains("erin"));
    }

    @Test
    void storedLoginIsReadBackOwnerOnlyKeepingOtherKeysAndReplacingTheSameHost() throws IOException {
        DockerConfigCredentials c = config("{\"credsStore\":\"\",\"auths\":{\"https://r.example/v1/\":{\"auth\":\""
                + b64("old:pw") + "\"},\"other.example\":{\"auth\":\"" + b64("o:p") + "\"}},\"proxies\":{}}");
        c.store("r.example", "new", "s3:cret");
        c.store("docker.io", "hub", "pw");
        assertEquals(Optional.of(Credentials.basic("new", "s3:cret")), c.credentialsFor("r.example"));
        assertEquals(Optional.of(Credentials.basic("o", "p")), c.credentialsFor("other.example"));
        assertEquals(Optional.of(Credentials.basic("hub", "pw")), c.credentialsFor("registry-1.docker.io"));
        String written = Files.readString(c.configFile());
        assertFalse(written.contains("https://r.example/v1/"), "the old key of the same host stays: " + written);
        assertTrue(written.contains("\"https://index.docker.io/v1/\"") && written.contains("\"proxies\""), written);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(c.configFile())));
    }

    @Test
    void loginRefusesAConfigFileThatIsNotAJsonObjectAndLeavesItAlone() throws IOException {
        DockerConfigCredentials c = config("[1, 2]");
        IOException e = assertThrows(IOException.class, () -> c.store("r.example", "u", "p"));
        assertTrue(e.getMessage().contains(c.configFile().toString()), e.getMessage());
        assertEquals("[1, 2]", Files.readString(c.configFile()));
    }

    /** A docker-credential-NAME script that records stdin in a file and prints {@code output}. */
    private Path helper(String name, String output, int exit) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path asked = dir.resolve(name + ".asked");
        Path script = bin.resolve("docker-credential-" + name);
        Files.writeString(script, "#!/bin/sh\n[ \"$1\" = get ] || exit 9\ncat > '" + asked + "'\nprintf '%s' '" + output + "'\nexit " + exit + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return asked;
    }

    @Test
    void removeDropsEveryEntryOfThatHostAndKeepsTheRest() throws IOException {
        DockerConfigCredentials c = config("{\"auths\":{\"https://reg.example:5000/v1/\":{\"auth\":\"" + b64("a:b") + "\"},"
                + "\"reg.example:5000\":{\"auth\":\"" + b64("a:b") + "\"},\"other.example\":{\"auth\":\"" + b64("c:d") + "\"}},"
                + "\"psFormat\":\"x\"}");
        assertTrue(c.remove("http://reg.example:5000"));
        assertEquals(Optional.empty(), c.credentialsFor("reg.example:5000"));
        assertEquals(Optional.of(Credentials.basic("c", "d")), c.credentialsFor("other.example"));
        assertTrue(Files.readString(dir.resolve("config.json")).contains("psFormat"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("config.json"))));
        assertFalse(c.remove("reg.example:5000"), "nothing left to remove");
    }
}
