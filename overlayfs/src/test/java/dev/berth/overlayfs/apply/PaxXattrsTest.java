package dev.berth.overlayfs.apply;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** xattrs out of raw PAX records, binary values intact; no root needed. */
class PaxXattrsTest {
    static void record(ByteArrayOutputStream out, String key, byte[] value) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        int body = 1 + k.length + 1 + value.length + 1;
        int len = body + Integer.toString(body).length();
        len = body + Integer.toString(len).length();
        out.writeBytes((len + " " + key + "=").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(value);
        out.write('\n');
    }

    @Test
    void schilyValuesKeepEveryByteAndLibarchiveValuesAreBase64() {
        byte[] cap = {0x01, 0x00, 0x00, 0x02, (byte) 0x80, 0x00, 0x00, 0x00, '\n', '='};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        record(out, "path", "some/very/long/name".getBytes(StandardCharsets.UTF_8));
        record(out, "SCHILY.xattr.security.capability", cap);
        record(out, "LIBARCHIVE.xattr.user.with%20space", "aGVsbG8=".getBytes(StandardCharsets.US_ASCII));
        byte[] raw = out.toByteArray();
        Map<String, byte[]> x = PaxXattrs.parse(raw, raw.length);
        assertEquals(2, x.size());
        assertArrayEquals(cap, x.get("security.capability"));
        assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), x.get("user.with space"));
    }

    @Test
    void malformedRecordsEndParsingQuietly() {
        byte[] raw = "99 SCHILY.xattr.user.a=short\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals(Map.of(), PaxXattrs.parse(raw, raw.length));
    }
}
