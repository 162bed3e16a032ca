package dev.berth.overlayfs.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.overlayfs.testing.LayerTar;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Chain ids as image-spec defines them, checked against sha256sum; no root needed. */
class ChainIdTest {
    @Test
    void chainIdIsTheDigestOfParentChainSpaceDiffId() throws Exception {
        String a = LayerTar.sha256("a".getBytes(StandardCharsets.UTF_8));
        String b = LayerTar.sha256("b".getBytes(StandardCharsets.UTF_8));
        String c = LayerTar.sha256("c".getBytes(StandardCharsets.UTF_8));
        Process p = new ProcessBuilder("sh", "-c",
                "ab=sha256:$(printf '%s' \"$0 $1\" | sha256sum | cut -d' ' -f1); printf '%s' \"$ab $2\" | sha256sum", a, b, c)
                .start();
        String expected = "sha256:" + new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).split(" ")[0];
        assertEquals(expected, ChainId.of(List.of(a, b, c)).digest());
        assertEquals(a, ChainId.of(List.of(a)).digest());
        assertEquals(ChainId.of(List.of(a, b)), ChainId.of(ChainId.ofBase(a), b));
    }

    @Test
    void onlySha256DigestsAreAccepted() {
        assertThrows(IllegalArgumentException.class, () -> new ChainId("sha256:XYZ"));
        assertThrows(IllegalArgumentException.class, () -> new ChainId("sha512:" + "0".repeat(128)));
        assertThrows(IllegalArgumentException.class, () -> ChainId.of(List.of()));
    }
}
