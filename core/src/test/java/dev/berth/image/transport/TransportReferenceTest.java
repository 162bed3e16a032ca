package dev.berth.image.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.image.transport.TransportReference.Transport;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TransportReferenceTest {
    @Test
    void readsSkopeoSyntaxAndBareStoreReferences() {
        assertEquals(new TransportReference(Transport.REGISTRY, "127.0.0.1:5000/app:1", Optional.empty()),
                TransportReference.parse("docker://127.0.0.1:5000/app:1"));
        assertEquals(new TransportReference(Transport.OCI_ARCHIVE, "/tmp/a.tar", Optional.of("example.com/app:2")),
                TransportReference.parse("oci-archive:/tmp/a.tar:example.com/app:2"));
        assertEquals(new TransportReference(Transport.DOCKER_ARCHIVE, "a.tar", Optional.empty()),
                TransportReference.parse("docker-archive:a.tar"));
        assertEquals(new TransportReference(Transport.OCI, "/srv/layout", Optional.of("latest")),
                TransportReference.parse("oci:/srv/layout:latest"));
        assertEquals(new TransportReference(Transport.STORE, "alpine:3", Optional.empty()), TransportReference.parse("berth:alpine:3"));
        assertEquals(new TransportReference(Transport.STORE, "localhost:5000/app", Optional.empty()),
                TransportReference.parse("localhost:5000/app"));
        assertEquals("oci-archive:/tmp/a.tar:x", TransportReference.parse("oci-archive:/tmp/a.tar:x").toString());
    }

    @Test
    void badReferencesAreRefusedNamingTheInput() {
        assertEquals("invalid image location \"dir:/tmp/x\": transport \"dir\" is not one Berth knows; use docker://, oci:, "
                + "oci-archive:, docker-archive: or berth:", message("dir:/tmp/x"));
        assertEquals("invalid image location \"docker://\": it names no image after docker://", message("docker://"));
        assertEquals("invalid image location \"oci-archive:\": it names no path after oci-archive:", message("oci-archive:"));
        assertEquals("invalid image location \"oci:/tmp/x:\": the name after the path is empty", message("oci:/tmp/x:"));
        assertEquals("invalid image location \"\": it is empty", message(""));
        String upper = message("docker://Example/App");
        assertEquals(true, upper.startsWith("invalid image location \"docker://Example/App\": "), upper);
        String archiveTag = message("docker-archive:/tmp/a.tar:Bad Tag");
        assertEquals(true, archiveTag.startsWith("invalid image location \"docker-archive:/tmp/a.tar:Bad Tag\": "), archiveTag);
    }

    private static String message(String input) {
        InvalidTransportReferenceException e = assertThrows(InvalidTransportReferenceException.class,
                () -> TransportReference.parse(input));
        assertEquals(input, e.input());
        return e.getMessage();
    }
}
