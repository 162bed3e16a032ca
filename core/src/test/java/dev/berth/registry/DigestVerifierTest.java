package dev.berth.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DigestVerifierTest {
    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.UTF_8);
    private static final String HELLO_SHA256 = "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

    @Test
    void bytesFedInPiecesHashToTheWholesDigest() {
        DigestVerifier v = DigestVerifier.expecting(HELLO_SHA256);
        v.update(HELLO, 0, 2);
        v.update(HELLO, 2, 3);
        assertEquals(HELLO_SHA256, v.actual());
        assertEquals(HELLO_SHA256, DigestVerifier.sha256(HELLO));
    }

    @Test
    void resetForgetsEarlierBytes() {
        DigestVerifier v = DigestVerifier.expecting(HELLO_SHA256);
        v.update(new byte[] {1, 2, 3}, 0, 3);
        v.reset();
        v.update(HELLO, 0, HELLO.length);
        assertEquals(HELLO_SHA256, v.actual());
    }

    @Test
    void sha512DigestsAreComputedWithSha512() {
        String like = "sha512:" + "0".repeat(128);
        String d = DigestVerifier.digestLike(like, HELLO);
        assertEquals(7 + 128, d.length());
        assertNotEquals(like, d);
    }

    @Test
    void malformedDigestsAreRejected() {
        for (String bad : new String[] {"sha256:abc", "md5:" + "0".repeat(32), "sha256:" + "A".repeat(64), "nocolon", "sha256:" + "g".repeat(64)}) {
            assertThrows(IllegalArgumentException.class, () -> DigestVerifier.checkForm(bad), bad);
        }
    }
}
