package dev.berth.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistryErrorTest {
    @Test
    void errorBodyGivesCodesMessagesAndDetails() {
        byte[] body = ("{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\",\"detail\":{\"Tag\":\"x\"}},"
                + "{\"code\":\"DENIED\",\"message\":\"no\",\"detail\":\"plain\"}]}").getBytes(StandardCharsets.UTF_8);
        assertEquals(List.of(new RegistryError("MANIFEST_UNKNOWN", "manifest unknown", "{\"Tag\":\"x\"}"), new RegistryError("DENIED", "no", "plain")),
                RegistryError.parseAll(body));
    }

    @Test
    void bodiesThatAreNotErrorDocumentsGiveNoErrors() {
        assertTrue(RegistryError.parseAll("<html>bad gateway</html>".getBytes(StandardCharsets.UTF_8)).isEmpty());
        assertTrue(RegistryError.parseAll(new byte[0]).isEmpty());
        assertTrue(RegistryError.parseAll("{\"errors\":3}".getBytes(StandardCharsets.UTF_8)).isEmpty());
    }

    @Test
    void exceptionNamesRegistryRepositoryOperationCodeAndStatus() {
        RequestContext context = new RequestContext("127.0.0.1:5000", "app", "pull manifest latest");
        RegistryException e = context.httpFailure(404,
                "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}".getBytes(StandardCharsets.UTF_8), "");
        assertEquals("127.0.0.1:5000/app: pull manifest latest failed: MANIFEST_UNKNOWN: manifest unknown (HTTP 404)", e.getMessage());
        assertEquals("MANIFEST_UNKNOWN", e.code());
        assertEquals(404, e.statusCode());
        assertEquals("app", e.repository());
    }
}
