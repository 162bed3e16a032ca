package dev.berth.overlayfs.diff;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A minimal, deterministic tar writer: ustar headers with PAX extended headers only where ustar
 * cannot hold a field (long names and link targets, large ids and sizes) and for xattrs as
 * {@code SCHILY.xattr.NAME} with the raw value bytes, which Commons Compress's writer would
 * re-encode as UTF-8. No user or group names, no atime or ctime: the same tree always gives the
 * same bytes. Format: <a href="https://pubs.opengroup.org/onlinepubs/9699919799/utilities/pax.html">pax</a>.
 */
final class TarWriter {
    static final byte REGULAR = '0';
    static final byte HARDLINK = '1';
    static final byte SYMLINK = '2';
    static final byte CHAR = '3';
    static final byte BLOCK = '4';
    static final byte DIRECTORY = '5';
    static final byte FIFO = '6';
    private static final int BLOCK_SIZE = 512;

    /**
     * One entry's header fields. {@code times}, when not null, is written as PAX {@code atime},
     * {@code ctime} and (with a fraction of a second) {@code mtime} records, as Go's archive/tar
     * writes a header whose access and change times are set: containerd's whiteouts.
     */
    record Header(String name, byte type, int mode, long uid, long gid, long size, long mtime,
            String linkName, int devMajor, int devMinor, Map<String, byte[]> xattrs, java.time.Instant times) {
        Header(String name, byte type, int mode, long uid, long gid, long size, long mtime,
                String linkName, int devMajor, int devMinor, Map<String, byte[]> xattrs) {
            this(name, type, mode, uid, gid, size, mtime, linkName, devMajor, devMinor, xattrs, null);
        }
    }

    private final OutputStream out;
    private final byte[] copyBuf = new byte[1 << 16];

    TarWriter(OutputStream out) {
        this.out = out;
    }

    /** Writes the header and, for a regular file, exactly {@code h.size()} bytes of {@code content}. */
    void write(Header h, InputStream content) throws IOException {
        byte[] name = h.name().getBytes(StandardCharsets.UTF_8);
        byte[] link = h.linkName() == null ? new byte[0] : h.linkName().getBytes(StandardCharsets.UTF_8);
        List<byte[]> pax = new ArrayList<>();
        if (h.times() != null) { // in key order, as Go writes its records
            byte[] t = paxTime(h.times());
            pax.add(record("atime", t));
            pax.add(record("ctime", t));
            if (h.times().getNano() != 0) {
                pax.add(record("mtime", t));
            }
        }
        if (name.length > 100) {
            pax.add(record("path", name));
        }
        if (link.length > 100) {
            pax.add(record("linkpath", link));
        }
        if (h.uid() > 07777777) {
            pax.add(record("uid", Long.toString(h.uid()).getBytes(StandardCharsets.US_ASCII)));
        }
        if (h.gid() > 07777777) {
            pax.add(record("gid", Long.toString(h.gid()).getBytes(StandardCharsets.US_ASCII)));
        }
        if (h.size() > 077777777777L) {
            pax.add(record("size", Long.toString(h.size()).getBytes(StandardCharsets.US_ASCII)));
        }
        for (Map.Entry<String, byte[]> x : h.xattrs().entrySet()) {
            pax.add(record("SCHILY.xattr." + x.getKey(), x.getValue()));
        }
        if (!pax.isEmpty()) {
            int len = pax.stream().mapToInt(b -> b.length).sum();
            writeHeader(truncate("PaxHeaders/" + h.name()), (byte) 'x', 0644, 0, 0, len, h.mtime(), new byte[0], 0, 0);
            for (byte[] r : pax) {
                out.write(r);
            }
            pad(len);
        }
        writeHeader(truncate(name), h.type(), h.mode(), h.uid(), h.gid(), h.type() == REGULAR ? h.size() : 0,
                h.mtime(), truncate(link), h.devMajor(), h.devMinor());
        if (h.type() == REGULAR) {
            long left = h.size();
            while (left > 0) {
                int n = content.read(copyBuf, 0, (int) Math.min(copyBuf.length, left));
                if (n < 0) {
                    throw new IOException(h.name() + " shrank while it was being written to the layer: it changed while"
                            + " it was being committed");
                }
                out.write(copyBuf, 0, n);
                left -= n;
            }
            pad(h.size());
        }
    }

    /** Where whole tar entries that another writer made (no end blocks) are appended to the archive. */
    OutputStream entrySink() {
        return out;
    }

    /** Pushes what is buffered out, without ending the archive. */
    void flush() throws IOException {
        out.flush();
    }

    /** The two zero blocks that end an archive. */
    void finish() throws IOException {
        out.write(new byte[2 * BLOCK_SIZE]);
        out.flush();
    }

    private static byte[] truncate(String s) {
        return truncate(s.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] truncate(byte[] b) {
        return b.length <= 100 ? b : java.util.Arrays.copyOf(b, 100);
    }

    /** Seconds, and a fraction without trailing zeros when there is one, as Go's formatPAXTime. */
    static byte[] paxTime(java.time.Instant t) {
        long secs = t.getEpochSecond();
        int nanos = t.getNano();
        String s = Long.toString(secs);
        if (nanos != 0) { // before 1970 the fraction counts back from the second after
            s = (secs < 0 ? "-" + (-(secs + 1)) : s) + ("." + String.format("%09d", secs < 0 ? 1_000_000_000 - nanos : nanos))
                    .replaceAll("0+$", "");
        }
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** "LEN key=value\n", where LEN counts the whole record including its own digits. */
    private static byte[] record(String key, byte[] value) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        int body = 1 + k.length + 1 + value.length + 1;
        int len = body + Integer.toString(body).length();
        if (Integer.toString(len).length() != Integer.toString(body).length()) {
            len++;
        }
        byte[] r = new byte[len];
        byte[] digits = Integer.toString(len).getBytes(StandardCharsets.US_ASCII);
        int p = 0;
        System.arraycopy(digits, 0, r, p, digits.length);
        p += digits.length;
        r[p++] = ' ';
        System.arraycopy(k, 0, r, p, k.length);
        p += k.length;
        r[p++] = '=';
        System.arraycopy(value, 0, r, p, value.length);
        p += value.length;
        r[p] = '\n';
        return r;
    }

    private void writeHeader(byte[] name, byte type, int mode, long uid, long gid, long size, long mtime,
            byte[] link, int major, int minor) throws IOException {
        byte[] h = new byte[BLOCK_SIZE];
        System.arraycopy(name, 0, h, 0, name.length);
        octal(h, 100, 8, mode & 07777);
        octal(h, 108, 8, Math.min(uid, 07777777));
        octal(h, 116, 8, Math.min(gid, 07777777));
        octal(h, 124, 12, Math.min(size, 077777777777L));
        octal(h, 136, 12, Math.max(0, Math.min(mtime, 077777777777L)));
        h[156] = type;
        System.arraycopy(link, 0, h, 157, link.length);
        System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 6);
        h[263] = '0';
        h[264] = '0';
        if (type == CHAR || type == BLOCK) {
            octal(h, 329, 8, major);
            octal(h, 337, 8, minor);
        }
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        octal(h, 148, 7, sum);
        h[155] = ' ';
        out.write(h);
    }

    /** A zero-padded octal number of width-1 digits followed by NUL. */
    private static void octal(byte[] h, int off, int width, long value) {
        String s = Long.toOctalString(value);
        int digits = width - 1;
        for (int i = 0; i < digits; i++) {
            int from = s.length() - digits + i;
            h[off + i] = (byte) (from < 0 ? '0' : s.charAt(from));
        }
        h[off + digits] = 0;
    }

    private void pad(long size) throws IOException {
        int rest = (int) (size % BLOCK_SIZE);
        if (rest != 0) {
            out.write(new byte[BLOCK_SIZE - rest]);
        }
    }
}
