package dev.berth.overlayfs.apply;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * Extended attributes carried in PAX extended headers: {@code SCHILY.xattr.NAME=raw bytes} (GNU
 * tar, Go's archive/tar, so Docker and containerd) and {@code LIBARCHIVE.xattr.NAME=base64}
 * (bsdtar, with a URL-encoded name). Parsed from the raw records, because values such as
 * {@code security.capability} are binary and do not survive decoding as UTF-8. Record format:
 * <a href="https://pubs.opengroup.org/onlinepubs/9699919799/utilities/pax.html#tag_20_92_13_03">pax extended header</a>.
 */
final class PaxXattrs {
    private static final byte[] SCHILY = "SCHILY.xattr.".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LIBARCHIVE = "LIBARCHIVE.xattr.".getBytes(StandardCharsets.US_ASCII);

    private PaxXattrs() {
    }

    /** The xattrs in the raw body of one PAX header ("LEN KEY=VALUE\n" records), sorted by name. */
    static Map<String, byte[]> parse(byte[] raw, int length) {
        Map<String, byte[]> out = new TreeMap<>();
        int pos = 0;
        while (pos < length) {
            int sp = pos;
            int len = 0;
            while (sp < length && raw[sp] >= '0' && raw[sp] <= '9') {
                len = len * 10 + (raw[sp++] - '0');
            }
            if (sp >= length || raw[sp] != ' ' || len <= 0 || pos + len > length) {
                break; // Commons Compress has already rejected or accepted the header; stop quietly
            }
            int end = pos + len - 1; // the record's trailing newline
            int eq = sp + 1;
            while (eq < end && raw[eq] != '=') {
                eq++;
            }
            if (eq < end) {
                if (startsWith(raw, sp + 1, SCHILY)) {
                    String name = new String(raw, sp + 1 + SCHILY.length, eq - sp - 1 - SCHILY.length, StandardCharsets.UTF_8);
                    out.put(name, Arrays.copyOfRange(raw, eq + 1, end));
                } else if (startsWith(raw, sp + 1, LIBARCHIVE)) {
                    String enc = new String(raw, sp + 1 + LIBARCHIVE.length, eq - sp - 1 - LIBARCHIVE.length, StandardCharsets.UTF_8);
                    String name = URLDecoder.decode(enc, StandardCharsets.UTF_8);
                    out.putIfAbsent(name, Base64.getDecoder().decode(Arrays.copyOfRange(raw, eq + 1, end)));
                }
            }
            pos += len;
        }
        return out;
    }

    private static boolean startsWith(byte[] raw, int at, byte[] prefix) {
        if (at + prefix.length > raw.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (raw[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
