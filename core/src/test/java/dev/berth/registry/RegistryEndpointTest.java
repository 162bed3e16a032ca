package dev.berth.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;

class RegistryEndpointTest {
    @Test
    void publicRegistriesUseHttps() {
        assertEquals(URI.create("https://ghcr.io/v2/"), RegistryEndpoint.of("ghcr.io").apiBase());
        assertEquals(URI.create("https://registry.example:5000/v2/"), RegistryEndpoint.of("registry.example:5000").apiBase());
    }

    @Test
    void loopbackHostsUsePlainHttp() {
        for (String host : new String[] {"localhost:5000", "127.0.0.1:5000", "127.1.2.3", "[::1]:5000", "localhost"}) {
            assertTrue(RegistryEndpoint.of(host).plainHttp(), host);
        }
        assertFalse(RegistryEndpoint.of("128.0.0.1:5000").plainHttp());
        assertFalse(RegistryEndpoint.of("localhost.example.com").plainHttp());
    }

    @Test
    void loopbackIsReadFromTheHostWhateverTheFormOfItsAddress() {
        for (String host : new String[] {"::1", "[0:0:0:0:0:0:0:1]:5000", "LOCALHOST:5000", "127.255.255.254"}) {
            assertTrue(RegistryEndpoint.isLoopback(host), host);
        }
        for (String host : new String[] {"[::1", "127.0.0.1.example.com:5000", "127.0.0.256", "[fd00::1]:5000", "::2"}) {
            assertFalse(RegistryEndpoint.isLoopback(host), host);
        }
    }

    @Test
    void theHostIsTheAuthorityWithoutPortOrBrackets() {
        assertEquals("registry.example", RegistryEndpoint.hostOnly("registry.example:5000"));
        assertEquals("::1", RegistryEndpoint.hostOnly("[::1]:5000"));
        assertEquals("fd00::1", RegistryEndpoint.hostOnly("fd00::1"));
        assertEquals("ghcr.io", RegistryEndpoint.hostOnly("ghcr.io"));
    }

    @Test
    void insecureRegistriesUsePlainHttp() {
        assertEquals(URI.create("http://registry.lan:5000/v2/"), RegistryEndpoint.insecure("registry.lan:5000").apiBase());
    }

    @Test
    void dockerHubIsServedByRegistry1() {
        assertEquals(URI.create("https://registry-1.docker.io/v2/"), RegistryEndpoint.of("docker.io").apiBase());
    }

    @Test
    void originComparisonIncludesSchemeAndPort() {
        RegistryEndpoint e = RegistryEndpoint.of("127.0.0.1:5000");
        assertTrue(e.sameOrigin(URI.create("http://127.0.0.1:5000/v2/x")));
        assertFalse(e.sameOrigin(URI.create("http://127.0.0.1:5001/v2/x")));
        assertFalse(e.sameOrigin(URI.create("https://127.0.0.1:5000/v2/x")));
        assertTrue(RegistryEndpoint.of("ghcr.io").sameOrigin(URI.create("https://ghcr.io:443/v2/")));
    }

    @Test
    void hostsWithPathsOrUserInfoAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> RegistryEndpoint.of("ghcr.io/org"));
        assertThrows(IllegalArgumentException.class, () -> RegistryEndpoint.of("user@ghcr.io"));
    }

    @Test
    void repositoryNamesAndReferencesCannotEscapeTheApiPath() {
        RegistryPaths paths = new RegistryPaths(RegistryEndpoint.of("127.0.0.1:5000"));
        assertEquals(URI.create("http://127.0.0.1:5000/v2/library/alpine/manifests/3.20"), paths.manifest("library/alpine", "3.20"));
        assertThrows(IllegalArgumentException.class, () -> paths.manifest("../etc", "latest"));
        assertThrows(IllegalArgumentException.class, () -> paths.manifest("app", "../../x"));
        assertThrows(IllegalArgumentException.class, () -> paths.manifest("App", "latest"));
    }
}
