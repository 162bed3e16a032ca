package dev.berth.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Digest grammar (image-spec descriptor.md, go-digest's TestParseDigest and the descriptor schema tests). */
class DigestTest {
    private static final String EMPTY_SHA256 = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @ParameterizedTest
    @ValueSource(strings = {"sha256:e58fcf7418d4390dec8e8fb69d88c06ec07039d651fedd3aa72af9972e7d046b",
        "sha384:d3fc7881460b7e22e3d172954463dddd7866d17597e7248453c48b3e9d26d9596bf9c4a9cf8072c9d5bad76e19af801d",
        "blake3:af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262",
        "sha256+b64:c86f7763873b6c0aae22d963bab59b4f5debbed6685761b5951584f6efb0633b",
        "sha256+foo-bar:c86f7763873b6c0aae22d963bab59b4f5debbed6685761b5951584f6efb0633b",
        "sha256.foo-bar:c86f7763873b6c0aae22d963bab59b4f5debbed6685761b5951584f6efb0633b",
        "multihash+base58:QmRZxt2b1FVZPNqd8hsiykDL3TdBDeTSPX9Kv46HmX4Gx8",
        "sha256+b64u:LCa0a2j_xo_5m0U8HTBBNBNCLXBkg7-g-YpeiGJm564",
        "sha256+b64u.unknownlength:LCa0a2j_xo_5m0U8HTBBNBNCLXBkg7-g-YpeiGJm564=",
        "sha384.foo+bar:d3fc7881460b7e22e3d172954463dddd7866d17597e7248453c48b3e9d26d9596bf9c4a9cf8072c9d5bad76e19af801d"})
    void acceptsWhatTheSpecAccepts(String text) {
        assertEquals(text, Digest.parse(text).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "     ", "sha256:", ":", "d41d8cd98f00b204e9800998ecf8427e",
        "sha256:d41d8cd98f00b204e9800m98ecf8427e", "sha256:abcdef0123456789",
        "sha512:abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789",
        "blake3:abcdef0123456789abcdef0123456789abcdef01234",
        "sha384__foo+bar:d3fc7881460b7e22e3d172954463dddd7866d17597e7248453c48b3e9d26d9596bf9c4a9cf8072c9d5bad76e19af801d",
        "sha256:E58FCF7418D4390DEC8E8FB69D88C06EC07039D651FEDD3AA72AF9972E7D046B",
        ":5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270", "sha256",
        "SHA256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270",
        "sha256+foo+-b:c86f7763873b6c0aae22d963bab59b4f5debbed6685761b5951584f6efb0633b"})
    void rejectsWhatTheSpecRejectsNamingTheInput(String text) {
        InvalidDigestException e = assertThrows(InvalidDigestException.class, () -> Digest.parse(text));
        assertEquals(text, e.input());
        assertTrue(e.getMessage().contains("\"" + text + "\""), e.getMessage());
    }

    @Test
    void computesSha256OverBytesAndStreamsAlike() throws IOException {
        assertEquals(EMPTY_SHA256, Digest.sha256(new byte[0]).toString());
        byte[] hello = "hello\n".getBytes(StandardCharsets.UTF_8);
        Digest expected = Digest.parse("sha256:5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03");
        assertEquals(expected, Digest.sha256(hello));
        assertEquals(expected, Digest.sha256(new ByteArrayInputStream(hello)));
    }

    @Test
    void onlyComputableAlgorithmsAreVerifiable() {
        assertTrue(Digest.parse(EMPTY_SHA256).isVerifiable());
        assertFalse(Digest.parse("blake3:af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262").isVerifiable());
        assertThrows(UnsupportedOperationException.class,
                () -> Digest.parse("multihash+base58:QmRZxt2b1FVZPNqd8hsiykDL3TdBDeTSPX9Kv46HmX4Gx8").newMessageDigest());
    }

    @Test
    void sha512IsComputedWhenAsked() {
        Digest d = Digest.parse("sha512:cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e");
        assertTrue(d.matches(d.newMessageDigest().digest(new byte[0])));
    }

    @Test
    void hugeInputIsRejectedWithoutOverflowingTheStack() {
        String hostile = "a+".repeat(50_000) + "a:x";
        assertTrue(Digest.isValid(hostile));
        assertFalse(Digest.isValid("a+".repeat(50_000) + ":x"));
    }
}
